"""API of this app, mounted under /api/v1/selfregulation/ (namespace "api-selfregulation")."""

app_name = "api-selfregulation"

urlpatterns = []
