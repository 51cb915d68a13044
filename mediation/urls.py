"""Portal pages of this app (mounted by config/urls.py)."""

from django.urls import path

from mediation import views

urlpatterns = [
    path("cases/", views.case_list_view, name="mediation-case-list"),
    path("cases/new/", views.case_create_view, name="mediation-case-create"),
    path("cases/<int:pk>/", views.case_detail_view, name="mediation-case-detail"),
    path("cases/<int:pk>/action/", views.case_action_view, name="mediation-case-action"),
    path("cases/<int:pk>/personal-data/", views.case_personal_data_view, name="mediation-case-personal-data"),
    path("statistics/", views.statistics_view, name="mediation-statistics"),
    path("statistics/published/<int:pk>/", views.published_statistics_view, name="mediation-statistics-published"),
]
