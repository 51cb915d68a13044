"""Portal pages of this app (mounted by config/urls.py under /selfregulation/)."""

from django.urls import path

from selfregulation.views import findings, inspections, monitoring

urlpatterns = [
    path("", inspections.home_view, name="selfregulation-home"),
    path("inspections/new/", inspections.inspection_create_view, name="selfregulation-inspection-create"),
    path("inspections/<int:pk>/", inspections.inspection_detail_view, name="selfregulation-inspection-detail"),
    path(
        "inspections/<int:pk>/action/",
        inspections.inspection_action_view,
        name="selfregulation-inspection-action",
    ),
    path("inspections/<int:pk>/targets/<int:target_pk>/", inspections.target_view, name="selfregulation-target"),
    path("findings/", findings.finding_list_view, name="selfregulation-findings"),
    path("findings/<int:pk>/", findings.finding_detail_view, name="selfregulation-finding-detail"),
    path(
        "findings/<int:pk>/rectification/",
        findings.finding_rectification_view,
        name="selfregulation-finding-rectification",
    ),
    path("rectifications/", findings.rectification_list_view, name="selfregulation-rectifications"),
    path("circulars/", findings.circular_list_view, name="selfregulation-circulars"),
    path("circulars/<int:pk>/pdf/", findings.circular_pdf_view, name="selfregulation-circular-pdf"),
    path("conventions/", findings.convention_list_view, name="selfregulation-conventions"),
    path(
        "conventions/<int:pk>/document/", findings.convention_document_view, name="selfregulation-convention-document"
    ),
    path("conventions/<int:pk>/sign/", findings.convention_sign_view, name="selfregulation-convention-sign"),
    path("statistics/", findings.statistics_view, name="selfregulation-statistics"),
    path("monitoring/", monitoring.returns_view, name="selfregulation-returns"),
    path("monitoring/upload/", monitoring.returns_upload_view, name="selfregulation-returns-upload"),
    path("monitoring/analyse/", monitoring.analyse_view, name="selfregulation-analyse"),
    path("monitoring/reports/<int:pk>/", monitoring.report_view, name="selfregulation-report"),
]
