"""Admin for obligations, notices, notifications, reminders, outbox and reports.

An obligation's status and due time are read-only here: they change through the services, by the actions
(new due time, return, accept, cancel) or by the review in the portal. Submissions, notifications,
reminders, e-mails and generated reports are written by the portal and the scheduled tasks: read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.admin.base import ReadOnlyInline, ScopedAdmin, ServiceInline
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
from association.services import notices as notice_services
from association.services import obligations as obligation_services

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DueTimeForm(forms.Form):
    due_at = forms.DateTimeField(
        label=gettext_lazy("New due time (Beijing time)"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("What has to be corrected"), widget=forms.Textarea)
    new_due_at = forms.DateTimeField(
        label=gettext_lazy("New due time (optional)"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why the notice is withdrawn"), widget=forms.Textarea)


class SubmissionInline(ReadOnlyInline):
    model = Submission
    fields = ("version", "submitted_by", "submitted_at", "outcome", "reviewed_by", "reviewed_at", "review_comment")
    readonly_fields = fields
    show_change_link = True


@admin.register(Obligation)
class ObligationAdmin(ScopedAdmin):
    # fits 1,366 px beside the filters (the kind is a filter, the submission time on the page)
    list_display = ("title", "organisation", "due_at", "status", "overdue", "portal_link")
    list_filter = ("status", "kind", "organisation__kind")
    search_fields = ("title", "organisation__name", "organisation__short_name", "dedupe_key")
    date_hierarchy = "due_at"
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation", "owed_to")
    exclude = ("subject_type", "subject_id")
    inlines = [SubmissionInline]
    actions = ["set_due_time", "return_submission", "accept_submission", "cancel"]

    #: never edited here: the status follows submission and review, the rest is the record
    RECORD_FIELDS = (
        "status",
        "original_due_at",
        "submitted_at",
        "first_submitted_at",
        "accepted_at",
        "created_at",
        "created_by",
        "dedupe_key",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.RECORD_FIELDS
        # the due time changes with its reminders (action); who owes what is the obligation itself
        return ("organisation", "kind", "due_at", *self.RECORD_FIELDS)

    @admin.display(boolean=True, description=gettext_lazy("overdue"))
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description=gettext_lazy("review in the portal"))
    def portal_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("obligation-detail", args=[obj.pk]), _("open"))

    def service_create(self, request, fields):
        return obligation_services.obligation_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return obligation_services.obligation_update(obligation=obj, actor=request.user, **changes)

    @admin.action(description=gettext_lazy("Change the due time (the reminders start again)"))
    def set_due_time(self, request, queryset):
        return self.run_action_form(
            request,
            queryset,
            form_class=DueTimeForm,
            title=_("Change the due time"),
            apply=lambda ob, data: obligation_services.obligation_set_due(
                obligation=ob, actor=request.user, due_at=data["due_at"]
            ),
            done_message=_("%(count)d obligations have a new due time; their reminders start again."),
        )

    @admin.action(description=gettext_lazy("Return the latest submission (with a comment)"))
    def return_submission(self, request, queryset):
        return self.run_action_form(
            request,
            queryset,
            form_class=ReturnForm,
            title=_("Return the latest submission"),
            apply=lambda ob, data: obligation_services.obligation_return(
                obligation=ob, actor=request.user, comment=data["comment"], new_due_at=data["new_due_at"]
            ),
            done_message=_("%(count)d submissions returned."),
        )

    @admin.action(description=gettext_lazy("Accept the latest submission"))
    def accept_submission(self, request, queryset):
        done = 0
        for ob in queryset:
            try:
                obligation_services.obligation_accept(obligation=ob, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{ob}: {text}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d submissions accepted.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Cancel (nothing is owed any more)"))
    def cancel(self, request, queryset):
        return self.run_action_form(
            request,
            queryset,
            form_class=CancelForm,
            title=_("Cancel the obligations"),
            apply=lambda ob, data: obligation_services.obligation_cancel(
                obligation=ob, actor=request.user, reason=data["reason"]
            ),
            done_message=_("%(count)d obligations cancelled (those already accepted stay accepted)."),
        )


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("original_name", "kind", "size", "uploaded_at")
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(ScopedAdmin):
    """Submissions are made in the portal (obligation_submit) and reviewed there or by the obligation's actions."""

    list_display = ("obligation", "version", "submitted_by", "submitted_at", "outcome")
    list_filter = ("outcome",)
    list_select_related = ("obligation__organisation", "submitted_by")
    inlines = [AttachmentInline]

    def scope_queryset(self, request, qs):
        return qs.filter(obligation__in=Obligation.objects.visible_to(request.user))


class NoticeReplyInline(ServiceInline, admin.TabularInline):
    model = NoticeReply
    extra = 1

    def _draft(self, obj):
        return obj is None or not obj.is_issued

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)

    def service_create(self, request, parent, fields):
        return notice_services.notice_reply_create(notice=parent, actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return notice_services.notice_reply_update(reply=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        notice_services.notice_reply_delete(reply=obj, actor=request.user)


@admin.register(Notice)
class NoticeAdmin(ScopedAdmin):
    """A notice is written as a draft here and issued by the action; an issued notice is read-only."""

    list_display = ("title", "kind", "reference", "issued_at", "withdrawn_at", "recipient_count")
    list_filter = ("kind",)
    search_fields = ("title", "reference", "body")
    filter_horizontal = ("recipients",)
    # the document number is given when the notice is issued (in sequence per year), never typed; a notice is
    # withdrawn by the action
    readonly_fields = (
        "reference",
        "issued_at",
        "issued_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "created_at",
    )
    inlines = [NoticeReplyInline]
    actions = ["issue", "withdraw"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_issued) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_issued) and super().has_delete_permission(request, obj)

    @admin.display(description=gettext_lazy("recipients"))
    def recipient_count(self, obj):
        return obj.recipients.count()

    def service_create(self, request, fields):
        return notice_services.notice_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return notice_services.notice_update(notice=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        notice_services.notice_delete(notice=obj, actor=request.user)

    @admin.action(description=gettext_lazy("Issue the selected notices (recipients then owe the replies)"))
    def issue(self, request, queryset):
        for notice in queryset:
            try:
                n = notice_services.notice_issue(notice=notice, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{notice}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(notice)s issued: %(n)d obligations created.") % {"notice": notice, "n": n}
                )

    @admin.action(description=gettext_lazy("Withdraw the selected notices (the replies are owed no more)"))
    def withdraw(self, request, queryset):
        return self.run_action_form(
            request,
            queryset,
            form_class=WithdrawForm,
            title=_("Withdraw the notices"),
            apply=lambda notice, data: notice_services.notice_withdraw(
                notice=notice, actor=request.user, reason=data["reason"]
            ),
            done_message=_("%(count)d notices withdrawn; the recipients are told."),
        )


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    list_display = ("title", "user", "created_at", "read_at")
    list_filter = ("level",)
    search_fields = ("title", "user__username")
    list_select_related = ("user",)


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedAdmin):
    """Each row is a reminder step that happened; removing one would send it again (a new due time is set
    on the obligation, which frees its steps)."""

    list_display = ("obligation", "step", "created_at")
    list_filter = ("step",)
    list_select_related = ("obligation__organisation",)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ScopedAdmin):
    list_display = ("subject", "created_at", "not_before", "sent_at", "attempts", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("subject",)


@admin.register(GeneratedReport)
class GeneratedReportAdmin(ScopedAdmin):
    list_display = ("title", "kind", "period_start", "period_end", "region", "file_format", "created_at")
    list_filter = ("kind", "file_format", "audience_regulators")
    list_select_related = ("region",)


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(ScopedAdmin):
    plain_writes = True  # who else gets the monthly report by e-mail: no rule beyond the model's
    list_display = ("user", "kind", "created_at")
    autocomplete_fields = ("user",)
