"""Portal pages of this app (mounted by config/urls.py under /campaigns/)."""

from django.urls import path

from campaigns import views

urlpatterns = [
    path("", views.home_view, name="campaigns-home"),
    path("new/", views.campaign_create_view, name="campaigns-campaign-create"),
    path("<int:pk>/", views.campaign_detail_view, name="campaigns-campaign-detail"),
    path("<int:pk>/close/", views.campaign_close_view, name="campaigns-campaign-close"),
    path("<int:pk>/participants/", views.campaign_participants_view, name="campaigns-campaign-participants"),
    path("<int:pk>/plan/", views.plan_document_view, name="campaigns-plan-document"),
    path("<int:pk>/activities/new/", views.activity_create_view, name="campaigns-activity-create"),
    path("<int:pk>/news/new/", views.news_create_view, name="campaigns-news-create"),
    path("<int:pk>/ranking/", views.ranking_view, name="campaigns-ranking"),
    path("activities/<int:pk>/delete/", views.activity_delete_view, name="campaigns-activity-delete"),
    path("news/<int:pk>/review/", views.news_review_view, name="campaigns-news-review"),
    path("photos/<int:pk>/", views.photo_view, name="campaigns-photo"),
    path("annual/", views.annual_view, name="campaigns-annual"),
    path("rules/", views.rules_view, name="campaigns-rules"),
    path("alerts/", views.alert_list_view, name="campaigns-alert-list"),
    path("alerts/new/", views.alert_create_view, name="campaigns-alert-create"),
    path("alerts/<int:pk>/", views.alert_detail_view, name="campaigns-alert-detail"),
]
