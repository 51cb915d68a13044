from django.urls import path

from association.api import views
from association.api.obligations import ObligationViewSet
from association.api.routing import DefaultRouter

app_name = "api"

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("obligations", ObligationViewSet, basename="obligation")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    *router.urls,
]
