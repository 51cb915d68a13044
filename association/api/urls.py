from django.urls import path
from rest_framework.routers import DefaultRouter

from association.api import views
from association.api.obligations import ObligationViewSet

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
