"""Portal pages of this app (mounted by config/urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns = []
