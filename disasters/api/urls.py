"""API of this app, mounted under /api/v1/disasters/ (namespace "api-disasters")."""

from association.api.routing import Router
from disasters.api.views import EventViewSet

app_name = "api-disasters"

router = Router()
router.register("events", EventViewSet, basename="event")

urlpatterns = [*router.urls]
