from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from association import views, views_obligations, views_overview, views_reports

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", views.staff_home, name="staff-home"),
    path("overview/", views_overview.overview, name="overview"),
    path("overview/export/<slug:key>.xlsx", views_overview.overview_export, name="overview-export"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path(
        "organisations/<int:pk>/contacts/<str:duty>/<str:slot>/",
        views.contact_edit,
        name="contact-edit",
    ),
    path("regions/<str:code>/", views.region_overview, name="region-overview"),
    path("inbox/", views_obligations.inbox, name="inbox"),
    path("obligations/<int:pk>/", views_obligations.obligation_detail, name="obligation-detail"),
    path("attachments/<int:pk>/", views_obligations.attachment_download, name="attachment-download"),
    path("compliance/", views_obligations.compliance, name="compliance"),
    path("notifications/", views_obligations.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views_obligations.notification_open, name="notification-open"),
    path("notifications/read-all/", views_obligations.notifications_read_all, name="notifications-read-all"),
    path("notices/", views_obligations.notice_list, name="notice-list"),
    path("notices/<int:pk>/", views_obligations.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/document/", views_obligations.notice_document, name="notice-document"),
    path("reports/", views_reports.report_list_view, name="report-list"),
    path("reports/<int:pk>/download/", views_reports.report_download, name="report-download"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("association.api.urls")),
    path("api/v1/disasters/", include("disasters.api.urls")),
    path("api/v1/mediation/", include("mediation.api.urls")),
    path("api/v1/selfregulation/", include("selfregulation.api.urls")),
    path("api/v1/campaigns/", include("campaigns.api.urls")),
    path("disasters/", include("disasters.urls")),
    path("mediation/", include("mediation.urls")),
    path("selfregulation/", include("selfregulation.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

handler404 = "association.views.error_404"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
