"""API of this app, mounted under /api/v1/disasters/ (namespace "api-disasters")."""

from django.urls import path  # noqa: F401

app_name = "api-disasters"

urlpatterns = []
