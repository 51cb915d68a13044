"""API of this app, mounted under /api/v1/mediation/ (namespace "api-mediation")."""

from django.urls import path  # noqa: F401

app_name = "api-mediation"

urlpatterns = []
