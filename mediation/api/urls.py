"""API of this app, mounted under /api/v1/mediation/ (namespace "api-mediation")."""

from django.urls import path

from association.api.routing import Router
from mediation.api.views import CaseViewSet, StatisticsView

app_name = "api-mediation"

router = Router()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    *router.urls,
]
