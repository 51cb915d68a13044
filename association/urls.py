"""Portal routes of the association core: home by role, the member registry, and the obligations
spine (inbox, obligations, compliance, notifications, notices, reports)."""

from django.urls import path

from association.views import (
    contacts_confirmation,
    notices,
    obligation_manage,
    obligations,
    overview,
    registry,
    reports,
    review,
)

urlpatterns = [
    path("", registry.home, name="home"),
    path("healthz", registry.healthz, name="healthz"),
    path("staff/", registry.staff_home, name="staff-home"),
    path("overview/", overview.overview, name="overview"),
    path("overview/export/<slug:key>.xlsx", overview.overview_export, name="overview-export"),
    path("organisations/", registry.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", registry.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/contacts/<str:duty>/<str:slot>/", registry.contact_edit, name="contact-edit"),
    path("regions/<str:code>/", registry.region_overview, name="region-overview"),
    path("inbox/", obligations.inbox, name="inbox"),
    path("inbox/accept-selected/", review.accept_selected, name="inbox-accept-selected"),
    path("obligations/<int:pk>/", obligations.obligation_detail, name="obligation-detail"),
    path("obligations/<int:pk>/due/", obligation_manage.obligation_due_change, name="obligation-due-change"),
    path("obligations/<int:pk>/cancel/", obligation_manage.obligation_cancel_page, name="obligation-cancel"),
    path(
        "obligations/<int:pk>/contacts/",
        contacts_confirmation.contacts_confirmation,
        name="contacts-confirmation",
    ),
    path("attachments/<int:pk>/", obligations.attachment_download, name="attachment-download"),
    path("compliance/", obligations.compliance, name="compliance"),
    path("notifications/", obligations.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", obligations.notification_open, name="notification-open"),
    path("notifications/read-all/", obligations.notifications_read_all, name="notifications-read-all"),
    path("notices/", obligations.notice_list, name="notice-list"),
    path("notices/<int:pk>/", obligations.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/document/", obligations.notice_document, name="notice-document"),
    path("notices/new/", notices.notice_compose_page, name="notice-compose"),
    path("notices/<int:pk>/edit/", notices.notice_compose_page, name="notice-edit"),
    path("notices/<int:pk>/preview/", notices.notice_preview, name="notice-preview"),
    path("notices/<int:pk>/issue/", notices.notice_issue_page, name="notice-issue"),
    path("notices/<int:pk>/delete/", notices.notice_delete_page, name="notice-delete"),
    path("notices/<int:pk>/replies/", notices.notice_replies, name="notice-replies"),
    path("notices/<int:pk>/remind/", notices.notice_remind_page, name="notice-remind"),
    path("notices/groups/", notices.recipient_groups, name="recipient-groups"),
    path("notices/groups/<int:pk>/delete/", notices.recipient_group_delete_page, name="recipient-group-delete"),
    path("reports/", reports.report_list_view, name="report-list"),
    path("reports/<int:pk>/download/", reports.report_download, name="report-download"),
]
