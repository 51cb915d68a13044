"""API of this app, mounted under /api/v1/governance/ (namespace "api-governance")."""

app_name = "api-governance"
urlpatterns: list = []
