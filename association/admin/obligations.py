"""Admin for obligations, notices, notifications, reminders, outbox and reports."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from association.models import (
    Attachment,
    GeneratedReport,
    Notice,
    NoticeReply,
    Notification,
    Obligation,
    OutboundEmail,
    ReminderLog,
    ReportSubscription,
    Submission,
)
from association.services.notices import notice_issue


class SubmissionInline(admin.TabularInline):
    model = Submission
    extra = 0
    can_delete = False
    fields = ("version", "submitted_by", "submitted_at", "outcome", "reviewed_by", "reviewed_at", "review_comment")
    readonly_fields = fields
    show_change_link = True


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "kind", "due_at", "status", "overdue", "submitted_at", "portal_link")
    list_filter = ("status", "kind", "organisation__kind")
    search_fields = ("title", "organisation__name", "organisation__short_name", "dedupe_key")
    date_hierarchy = "due_at"
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation", "owed_to")
    readonly_fields = ("submitted_at", "accepted_at", "created_at", "created_by", "dedupe_key")
    exclude = ("subject_type", "subject_id")
    inlines = [SubmissionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(boolean=True, description=_("overdue"))
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description=_("review in the portal"))
    def portal_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("obligation-detail", args=[obj.pk]), _("open"))


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("original_name", "kind", "size", "uploaded_at")
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("obligation", "version", "submitted_by", "submitted_at", "outcome")
    list_filter = ("outcome",)
    list_select_related = ("obligation__organisation", "submitted_by")
    readonly_fields = [f.name for f in Submission._meta.fields]
    inlines = [AttachmentInline]

    def get_queryset(self, request):
        ids = request.user.visible_organisation_ids()
        qs = super().get_queryset(request)
        return qs if ids is not None else qs.filter(obligation__organisation_id__in=ids)


class NoticeReplyInline(admin.TabularInline):
    model = NoticeReply
    extra = 1


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "reference", "issued_at", "recipient_count")
    list_filter = ("kind",)
    search_fields = ("title", "reference", "body")
    filter_horizontal = ("recipients",)
    readonly_fields = ("issued_at", "issued_by", "created_at")
    inlines = [NoticeReplyInline]
    actions = ["issue"]

    @admin.display(description=_("recipients"))
    def recipient_count(self, obj):
        return obj.recipients.count()

    @admin.action(description=_("Issue the selected notices (recipients then owe the replies)"))
    def issue(self, request, queryset):
        for notice in queryset:
            try:
                n = notice_issue(notice=notice, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{notice}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(notice)s issued: %(n)d obligations created.") % {"notice": notice, "n": n}
                )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "created_at", "read_at")
    list_filter = ("level",)
    search_fields = ("title", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("reminder",)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("obligation", "step", "created_at")
    list_filter = ("step",)
    list_select_related = ("obligation__organisation",)
    readonly_fields = ("obligation", "step", "created_at")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "created_at", "sent_at", "attempts", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("subject",)
    readonly_fields = ("to", "subject", "body", "attachment_path", "created_at", "sent_at", "attempts", "last_error")


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "period_start", "period_end", "region", "file_format", "created_at")
    list_filter = ("kind", "file_format", "audience_regulators")
    list_select_related = ("region",)


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "created_at")
    autocomplete_fields = ("user",)
