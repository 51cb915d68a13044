"""Portal pages of this app (mounted by config/urls.py)."""

from django.urls import path

from disasters import views

urlpatterns = [
    path("", views.event_list, name="disaster-event-list"),
    path("record/", views.event_record, name="disaster-event-record"),
    path("grade-preview/", views.grade_preview, name="disaster-grade-preview"),
    path("<int:pk>/", views.event_detail, name="disaster-event-detail"),
    path("<int:pk>/estimates/", views.event_estimates, name="disaster-event-estimates"),
    path("<int:pk>/steps/<str:step>/", views.event_step, name="disaster-event-step"),
    path("<int:pk>/loss-report/", views.loss_report_entry, name="disaster-loss-report"),
    path("summaries/<int:pk>/<str:fmt>/", views.summary_download, name="disaster-summary-download"),
]
