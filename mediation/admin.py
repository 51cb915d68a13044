"""Admin for mediation. Cases are registered and corrected here through the services; their status and the
workflow fields move only through the workflow services (the portal's case page); the logs are read-only."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from association.admin.base import LabelledExportForm, ReadOnlyInline, ScopedAdmin, ScopedImportExportAdmin
from mediation.models import (
    Case,
    CaseDataAccessLog,
    CaseImportJob,
    CaseNumberCounter,
    MediationSession,
    PublishedStatistics,
    StatisticsBaseline,
)
from mediation.resources import CaseResource
from mediation.services.access import PERSONAL_FIELDS, personal_data_export_log, personal_data_reveal
from mediation.services.cases import CASE_FIELDS, case_create, case_delete, case_update
from mediation.services.imports import case_import_job_create, job_progress
from mediation.services.statistics import (
    BASELINE_FIELDS,
    baseline_create,
    baseline_delete,
    baseline_update,
    statistics_publish,
)
from mediation.statistics import thaw

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


class CaseExportForm(LabelledExportForm):
    """The consumers' personal data is not exported unless its columns are ticked (they are not by default)
    and a purpose is given; that export is logged per case with the purpose (PIPL)."""

    personal_data_purpose = forms.CharField(
        label=_("Purpose of exporting personal data"),
        max_length=200,
        required=False,
        help_text=_(
            "Needed only to export the consumers' name, ID number or phone in full; every case exported is then "
            "recorded in the personal data access log with this purpose."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PERSONAL_FIELDS:
            field = self.fields.get(f"caseresource_{name}")
            if field is not None:
                field.initial = False

    def clean(self):
        chosen = [n for n in PERSONAL_FIELDS if self.cleaned_data.get(f"caseresource_{n}")]
        cleaned = super().clean()
        if chosen and not (self.cleaned_data.get("personal_data_purpose") or "").strip():
            self.add_error("personal_data_purpose", _("Say why the personal data is exported, or untick its columns."))
        self._personal = chosen
        return cleaned


class SessionInline(ReadOnlyInline):
    """Sessions are recorded in the portal (session_add moves the case on)."""

    model = MediationSession
    fields = ["held_on", "mode", "attendees", "notes"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ScopedImportExportAdmin):
    """Workflow steps are taken in the portal (or the API), which enforce the transitions; here the
    status and the workflow fields are read-only. Opening a case here shows the personal data, so it is logged."""

    resource_classes = [CaseResource]
    export_form_class = CaseExportForm
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

    @admin.display(description=_("workflow"))
    def workflow_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("mediation-case-detail", args=[obj.pk]), _("next step in the portal")
        )

    def get_readonly_fields(self, request, obj=None):
        return ["workflow_link", *WORKFLOW_FIELDS] if obj is not None else []

    def get_fields(self, request, obj=None):
        return list(CASE_FIELDS) + (["workflow_link", *WORKFLOW_FIELDS] if obj is not None else [])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        if case is not None and request.method == "GET":
            personal_data_reveal(case=case, user=request.user, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_export_resource_fields_from_form(self, form):
        fields = super().get_export_resource_fields_from_form(form) or CaseResource().get_export_order()
        personal = getattr(form, "_personal", [])
        return [f for f in fields if f not in PERSONAL_FIELDS or f in personal]

    def get_data_for_export(self, request, queryset, **kwargs):
        form = kwargs.get("export_form")
        personal = getattr(form, "_personal", [])
        if personal:  # the form required a purpose for them
            personal_data_export_log(
                cases=queryset, user=request.user, fields=personal, purpose=form.cleaned_data["personal_data_purpose"]
            )
        return super().get_data_for_export(request, queryset, **kwargs)

    def service_create(self, request, fields):
        return case_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return case_update(case=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        case_delete(case=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(CaseDataAccessLog)
class CaseDataAccessLogAdmin(ScopedAdmin):
    """Written by personal_data_reveal whenever someone sees a case's personal data: read-only."""

    list_display = ["viewed_at", "user", "case", "via", "fields"]
    list_filter = ["via", "viewed_at"]
    search_fields = ["case__number", "user__username"]
    list_select_related = ["user", "case"]


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(ScopedAdmin):
    """Advanced by the numbering service: read-only."""

    list_display = ["year", "last"]


@admin.register(CaseImportJob)
class CaseImportJobAdmin(ScopedAdmin):
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

    def service_create(self, request, fields):
        return case_import_job_create(actor=request.user, file=fields["file"])


@admin.register(StatisticsBaseline)
class StatisticsBaselineAdmin(ScopedAdmin):
    """The published totals of the years before the portal (per source), so that year-over-year works from
    the first year of use. Written through the baseline services (staff)."""

    list_display = ["year", "source", "received", "succeeded", "amount", "confirmations", "published_in"]
    list_filter = ["source"]
    ordering = ["-year", "source"]
    fields = list(BASELINE_FIELDS)

    def service_create(self, request, fields):
        return baseline_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return baseline_update(baseline=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        baseline_delete(baseline=obj, actor=request.user)


class CorrectionForm(forms.Form):
    note = forms.CharField(label=_("What the correction changes"), widget=forms.Textarea)


@admin.register(PublishedStatistics)
class PublishedStatisticsAdmin(ScopedAdmin):
    """Published figures are kept as they were published: a version is never changed or deleted. Publish a
    period here (version 1, or the next version with a note) or with the action on a published one."""

    list_display = ["kind", "period_start", "period_end", "version", "published_at", "published_by", "received"]
    list_filter = ["kind"]
    list_select_related = ["published_by"]
    date_hierarchy = "period_start"
    actions = ["publish_correction"]
    readonly_fields = [
        "kind",
        "period_start",
        "period_end",
        "version",
        "published_at",
        "published_by",
        "note",
        "figures_table",
    ]

    def get_fields(self, request, obj=None):
        return ["kind", "period_start", "period_end", "note"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    @admin.display(description=_("received"))
    def received(self, obj):
        return (obj.figures.get("total") or {}).get("received")

    @admin.display(description=_("figures"))
    def figures_table(self, obj):
        stats = thaw(obj.figures)
        rows = [(s["label"], s["received"], s["succeeded"], s["amount_involved_wan"], s["judicial_confirmations"])
                for s in [*stats["by_source"], {**stats["total"], "label": gettext("Total")}]]  # fmt: skip
        head = format_html(
            "<tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("Received"),
            gettext("Succeeded"),
            gettext("Amount involved (10,000 yuan)"),
            gettext("Judicial confirmations"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        link = reverse("mediation-statistics-published", args=[obj.pk])
        return format_html('<table>{}{}</table><p><a href="{}">{}</a></p>', head, body, link, gettext("Excel"))

    def service_create(self, request, fields):
        return statistics_publish(actor=request.user, **fields)

    @admin.action(description=_("Publish a corrected version (the published ones stay as they are)"))
    def publish_correction(self, request, queryset):
        periods = {(p.kind, p.period_start, p.period_end): p for p in queryset}
        return self.run_action_form(
            request,
            list(periods.values()),
            form_class=CorrectionForm,
            title=gettext("Publish a corrected version"),
            apply=lambda p, data: statistics_publish(
                kind=p.kind, period_start=p.period_start, period_end=p.period_end, actor=request.user, note=data["note"]
            ),
            done_message=gettext("%(count)d corrected versions published."),
        )
