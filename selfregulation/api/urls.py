"""API of this app, mounted under /api/v1/selfregulation/ (namespace "api-selfregulation")."""

from association.api.routing import Router
from selfregulation.api.views import FindingViewSet, InspectionViewSet, MonthlyReturnViewSet, RectificationViewSet

app_name = "api-selfregulation"

router = Router()
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("monitoring/returns", MonthlyReturnViewSet, basename="return")

urlpatterns = router.urls
