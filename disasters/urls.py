"""Portal pages of this app (mounted by config/urls.py)."""

from django.urls import path

from disasters import views

urlpatterns = [
    path("", views.event_list, name="disaster-event-list"),
    path("<int:pk>/", views.event_detail, name="disaster-event-detail"),
    path("<int:pk>/loss-report/", views.loss_report_entry, name="disaster-loss-report"),
    path("summaries/<int:pk>/<str:fmt>/", views.summary_download, name="disaster-summary-download"),
]
