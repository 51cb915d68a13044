"""Admin: reference data (conventions, checklists, anomaly rules) is edited here, through the services
(a checklist version used by an inspection is frozen); inspections, findings and returns are shown here and
worked in the portal, whose services enforce the rules (a read-only admin for them keeps one place for each
rule)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from association.admin.base import ReadOnlyInline, ScopedAdmin, ServiceInline
from association.attachments import AttachmentField
from selfregulation.models import (
    AnomalyRule,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Circular,
    Convention,
    ConventionSignature,
    DisciplinaryMeasure,
    Finding,
    Inspection,
    InspectionTarget,
    MonitoringReport,
    MonitoringWarning,
    MonthlyReturn,
    Rectification,
    TeamMember,
)
from selfregulation.services import conventions as services
from selfregulation.services.findings import finding_close


class ReadOnlyAdmin(ScopedAdmin):
    """Shown here, worked in the portal (no service hooks: no add, change or delete)."""


class SignatureInline(ServiceInline, admin.TabularInline):
    """Staff record a paper signature (convention_sign) or remove one recorded by mistake; a signature is not
    edited."""

    model = ConventionSignature
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "signed_on", "signed_by"]
    readonly_fields = ["signed_by"]

    def service_create(self, request, parent, fields):
        return services.convention_sign(convention=parent, actor=request.user, **fields)

    def service_delete(self, request, obj):
        services.signature_delete(signature=obj, actor=request.user)


class ConventionForm(forms.ModelForm):
    document = AttachmentField(label=_("document"), required=False, widget=forms.ClearableFileInput)

    class Meta:
        model = Convention
        fields = ["title", "line", "version", "document", "adopted_on", "summary"]


@admin.register(Convention)
class ConventionAdmin(ScopedAdmin):
    form = ConventionForm
    list_display = ["title", "version", "line", "adopted_on"]
    list_filter = ["line"]
    search_fields = ["title"]
    inlines = [SignatureInline]

    def service_create(self, request, fields):
        return services.convention_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return services.convention_update(convention=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.convention_delete(convention=obj, actor=request.user)


def _frozen(template) -> bool:
    """A checklist version used by an inspection is frozen: make a new version instead."""
    return template is not None and template.pk is not None and template.inspections.exists()


class ItemInline(ServiceInline, admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["section", "order", "code", "text", "reference", "max_score"]

    def has_add_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def service_create(self, request, parent, fields):
        return services.checklist_item_create(template=parent, actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return services.checklist_item_update(item=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.checklist_item_delete(item=obj, actor=request.user)


@admin.register(ChecklistTemplate)
class ChecklistAdmin(ScopedAdmin):
    list_display = ["title", "code", "version", "line", "is_current"]
    list_filter = ["line", "is_current"]
    search_fields = ["title", "code"]
    inlines = [ItemInline]
    actions = ["new_version"]

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def service_create(self, request, fields):
        return services.checklist_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return services.checklist_update(template=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.checklist_delete(template=obj, actor=request.user)

    @admin.action(description=_("Make a new version to edit"))
    def new_version(self, request, queryset):
        for template in queryset:
            new = services.checklist_new_version(template=template)
            messages.success(request, _("Created %(t)s.") % {"t": new})


@admin.register(ChecklistSection)
class SectionAdmin(ScopedAdmin):
    list_display = ["title", "template", "order"]
    list_filter = ["template"]
    list_select_related = ["template"]

    def has_change_permission(self, request, obj=None):
        return not (obj and _frozen(obj.template)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _frozen(obj.template)) and super().has_delete_permission(request, obj)

    def service_create(self, request, fields):
        return services.checklist_section_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return services.checklist_section_update(section=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.checklist_section_delete(section=obj, actor=request.user)


class TargetInline(ReadOnlyInline):
    model = InspectionTarget
    fields = ["organisation", "total_score", "obligation"]
    readonly_fields = fields


class TeamInline(ReadOnlyInline):
    model = TeamMember
    fields = ["user", "role", "home_organisation"]
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "line", "status", "planned_start", "planned_end"]
    list_filter = ["kind", "line", "status"]
    search_fields = ["title"]
    date_hierarchy = "planned_start"
    inlines = [TargetInline, TeamInline]


class FindingCloseForm(forms.Form):
    reason = forms.CharField(label=_("Why the finding is closed"), widget=forms.Textarea)


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "item_code", "severity", "found_on", "inspection", "closed_at"]
    list_filter = ["severity", "found_on"]
    search_fields = ["organisation__name", "item_code", "description"]
    list_select_related = ["organisation", "inspection"]
    actions = ["close"]

    @admin.action(description=_("Close the findings (a rectification report not yet due is owed no more)"))
    def close(self, request, queryset):
        return self.run_action_form(
            request,
            queryset,
            form_class=FindingCloseForm,
            title=_("Close the findings"),
            apply=lambda finding, data: finding_close(finding=finding, actor=request.user, reason=data["reason"]),
            done_message=_("%(count)d findings closed."),
        )


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["finding", "obligation"]
    list_select_related = ["finding__organisation", "obligation"]


@admin.register(DisciplinaryMeasure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "measure", "decided_by", "decided_on"]
    list_filter = ["measure"]


@admin.register(Circular)
class CircularAdmin(ReadOnlyAdmin):
    list_display = ["title", "reference", "inspection", "created_at", "notice"]


@admin.register(MonthlyReturn)
class MonthlyReturnAdmin(ReadOnlyAdmin):
    list_display = [
        "organisation",
        "period",
        "written_premium",
        "combined_expense_ratio",
        "combined_cost_ratio",
        "source",
        "replaced_by",
    ]
    list_filter = ["line", "period", "source"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]


@admin.register(AnomalyRule)
class AnomalyRuleAdmin(ScopedAdmin):
    plain_writes = True  # thresholds of the monthly analysis: reference data, read at the next analysis
    list_display = ["line", "indicator", "kind", "threshold", "is_active"]
    list_editable = ["threshold", "is_active"]
    list_filter = ["line", "is_active"]


class WarningInline(ReadOnlyInline):
    model = MonitoringWarning
    fields = ["organisation", "rule", "value", "reference", "deviation", "notice"]
    readonly_fields = fields


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ReadOnlyAdmin):
    list_display = ["line", "period", "generated_at"]
    inlines = [WarningInline]
