"""Portal pages of this app (mounted by config/urls.py under /campaigns/)."""

urlpatterns = []
