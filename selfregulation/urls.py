"""Portal pages of this app (mounted by config/urls.py under /selfregulation/)."""

from django.urls import path

from selfregulation import views_findings, views_inspections, views_monitoring

urlpatterns = [
    path("", views_inspections.home_view, name="selfregulation-home"),
    path("inspections/new/", views_inspections.inspection_create_view, name="selfregulation-inspection-create"),
    path("inspections/<int:pk>/", views_inspections.inspection_detail_view, name="selfregulation-inspection-detail"),
    path(
        "inspections/<int:pk>/action/",
        views_inspections.inspection_action_view,
        name="selfregulation-inspection-action",
    ),
    path("inspections/<int:pk>/targets/<int:target_pk>/", views_inspections.target_view, name="selfregulation-target"),
    path("findings/", views_findings.finding_list_view, name="selfregulation-findings"),
    path("findings/<int:pk>/", views_findings.finding_detail_view, name="selfregulation-finding-detail"),
    path(
        "findings/<int:pk>/rectification/",
        views_findings.finding_rectification_view,
        name="selfregulation-finding-rectification",
    ),
    path("rectifications/", views_findings.rectification_list_view, name="selfregulation-rectifications"),
    path("circulars/", views_findings.circular_list_view, name="selfregulation-circulars"),
    path("circulars/<int:pk>/pdf/", views_findings.circular_pdf_view, name="selfregulation-circular-pdf"),
    path("conventions/", views_findings.convention_list_view, name="selfregulation-conventions"),
    path("conventions/<int:pk>/sign/", views_findings.convention_sign_view, name="selfregulation-convention-sign"),
    path("statistics/", views_findings.statistics_view, name="selfregulation-statistics"),
    path("monitoring/", views_monitoring.returns_view, name="selfregulation-returns"),
    path("monitoring/upload/", views_monitoring.returns_upload_view, name="selfregulation-returns-upload"),
    path("monitoring/analyse/", views_monitoring.analyse_view, name="selfregulation-analyse"),
    path("monitoring/reports/<int:pk>/", views_monitoring.report_view, name="selfregulation-report"),
]
