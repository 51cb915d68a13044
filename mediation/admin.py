from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from association.attachments import safe_filename
from association.importing import FORMATS, ImportAdminMessagesMixin
from mediation.models import Case, CaseDataAccessLog, CaseImportJob, CaseNumberCounter, MediationSession
from mediation.resources import CaseResource
from mediation.services.access import personal_data_reveal
from mediation.services.cases import CASE_FIELDS, case_create
from mediation.services.imports import job_progress
from mediation.tasks import case_import_task

WORKFLOW_FIELDS = [
    "number",
    "status",
    "accepted_on",
    "decline_reason",
    "mediator",
    "mediation_due_on",
    "extension_days",
    "extension_reason",
    "suspended_on",
    "suspension_reason",
    "suspended_days",
    "closed_on",
    "outcome_notes",
    "settlement_amount",
    "agreement_file",
    "confirmation_applied_on",
    "ruling_number",
    "ruling_date",
    "refusal_reason",
    "created_at",
    "created_by",
]


class SessionInline(admin.TabularInline):
    model = MediationSession
    extra = 0
    fields = ["held_on", "mode", "attendees", "notes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ImportAdminMessagesMixin, ImportExportModelAdmin):
    """Workflow steps are taken in the portal (or the API), which enforce the transitions; here the
    workflow fields are read-only. Opening a case here shows the personal data, so it is logged."""

    resource_classes = [CaseResource]
    formats = FORMATS
    from_encoding = "utf-8-sig"
    list_display = [
        "number",
        "source",
        "masked_name",
        "respondent",
        "line",
        "amount_in_dispute",
        "status",
        "received_on",
    ]
    list_filter = ["source", "status", "line", "received_on"]
    search_fields = ["number", "respondent__name", "referral_number"]
    list_select_related = ["respondent"]
    autocomplete_fields = ["respondent"]
    date_hierarchy = "received_on"
    inlines = [SessionInline]

    @admin.display(description=_("consumer"))
    def masked_name(self, obj):
        return obj.masked_name

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return WORKFLOW_FIELDS if obj is not None else []

    def get_fields(self, request, obj=None):
        return list(CASE_FIELDS) + (WORKFLOW_FIELDS if obj is not None else [])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        if case is not None and request.method == "GET":
            personal_data_reveal(case=case, user=request.user, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            super().save_model(request, obj, form, change)
            return
        created = case_create(actor=request.user, **{f: form.cleaned_data[f] for f in CASE_FIELDS})
        obj.pk, obj.number = created.pk, created.number
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(CaseDataAccessLog)
class CaseDataAccessLogAdmin(admin.ModelAdmin):
    list_display = ["viewed_at", "user", "case", "via", "fields"]
    list_filter = ["via", "viewed_at"]
    search_fields = ["case__number", "user__username"]
    list_select_related = ["user", "case"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "last"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseImportJob)
class CaseImportJobAdmin(admin.ModelAdmin):
    """Large files: upload here, the import runs in the background; the page shows its progress."""

    list_display = ["created_at", "original_name", "status", "progress", "total", "imported"]
    fields = ["file", "original_name", "status", "progress", "total", "imported", "problem_list", "finished_at"]
    readonly_fields = ["original_name", "status", "progress", "total", "imported", "problem_list", "finished_at"]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        value = job_progress(obj) if obj.pk else 0
        refresh = "" if obj.status in ("done", "failed") else '<meta http-equiv="refresh" content="3">'
        return format_html('<progress max="100" value="{}">{} %</progress> {} %' + refresh, value, value, value)

    @admin.display(description=_("problems"))
    def problem_list(self, obj):
        return format_html_join(mark_safe("<br>"), "{}", ((p,) for p in obj.problems or []))

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["file"] if obj is not None else [])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.original_name = safe_filename(form.cleaned_data["file"].name)
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            case_import_task.delay_on_commit(obj.pk)

    def has_change_permission(self, request, obj=None):
        return obj is None or request.method == "GET"
