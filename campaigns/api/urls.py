"""API of this app, mounted under /api/v1/campaigns/ (namespace "api-campaigns")."""

app_name = "api-campaigns"

urlpatterns = []
