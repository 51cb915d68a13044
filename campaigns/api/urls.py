"""API of this app, mounted under /api/v1/campaigns/ (namespace "api-campaigns").

The campaign list is the root of the mount; ``alerts/`` is routed first (and campaign ids are digits
only), so "alerts" is never taken for a campaign id."""

from association.api.routing import Router
from campaigns.api.views import AlertViewSet, CampaignViewSet

app_name = "api-campaigns"

alerts = Router()
alerts.register("alerts", AlertViewSet, basename="alert")
campaigns = Router()
campaigns.register("", CampaignViewSet, basename="campaign")

urlpatterns = [*alerts.urls, *campaigns.urls]
