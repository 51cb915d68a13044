"""API of this app, mounted under /api/v1/governance/ (namespace "api-governance")."""

from association.api.routing import Router
from governance.api.views import BodyViewSet, ConsultationViewSet, MeetingViewSet, TrainingViewSet

app_name = "api-governance"

router = Router()
router.register("bodies", BodyViewSet, basename="body")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("trainings", TrainingViewSet, basename="training")

urlpatterns = router.urls
