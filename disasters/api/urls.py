"""API of this app, mounted under /api/v1/disasters/ (namespace "api-disasters")."""

from rest_framework.routers import SimpleRouter

from disasters.api.views import EventViewSet

app_name = "api-disasters"

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")

urlpatterns = [*router.urls]
