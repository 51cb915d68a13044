"""Admin: reference data (conventions, checklists, anomaly rules) is edited here; inspections, findings and
returns are shown here and worked in the portal, whose services enforce the rules (a read-only admin for
them keeps one place for each rule)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

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
from selfregulation.services.conventions import checklist_new_version


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignatureInline(admin.TabularInline):
    model = ConventionSignature
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "signed_on", "signed_by"]
    readonly_fields = ["signed_by"]


class ConventionForm(forms.ModelForm):
    document = AttachmentField(label=_("document"), required=False, widget=forms.ClearableFileInput)

    class Meta:
        model = Convention
        fields = ["title", "line", "version", "document", "adopted_on", "summary"]


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    form = ConventionForm
    list_display = ["title", "version", "line", "adopted_on"]
    list_filter = ["line"]
    search_fields = ["title"]
    inlines = [SignatureInline]


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["section", "order", "code", "text", "reference", "max_score"]


@admin.register(ChecklistTemplate)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "version", "line", "is_current"]
    list_filter = ["line", "is_current"]
    search_fields = ["title", "code"]
    inlines = [ItemInline]
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        # a version used by an inspection is frozen: make a new version instead
        if obj is not None and obj.inspections.exists():
            return ["code", "version", "title", "line", "is_current"]
        return []

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        if obj is not None and obj.inspections.exists():
            for inline in instances:
                inline.has_add_permission = lambda *a, **k: False
                inline.has_change_permission = lambda *a, **k: False
                inline.has_delete_permission = lambda *a, **k: False
        return instances

    @admin.action(description=_("Make a new version to edit"))
    def new_version(self, request, queryset):
        for template in queryset:
            new = checklist_new_version(template=template)
            messages.success(request, _("Created %(t)s.") % {"t": new})


@admin.register(ChecklistSection)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "template", "order"]
    list_filter = ["template"]


class TargetInline(admin.TabularInline):
    model = InspectionTarget
    extra = 0
    fields = ["organisation", "total_score", "obligation"]
    readonly_fields = fields


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ["user", "role", "home_organisation"]
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "line", "status", "planned_start", "planned_end"]
    list_filter = ["kind", "line", "status"]
    search_fields = ["title"]
    date_hierarchy = "planned_start"
    inlines = [TargetInline, TeamInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "item_code", "severity", "found_on", "inspection"]
    list_filter = ["severity", "found_on"]
    search_fields = ["organisation__name", "item_code", "description"]
    list_select_related = ["organisation", "inspection"]


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
class AnomalyRuleAdmin(admin.ModelAdmin):
    list_display = ["line", "indicator", "kind", "threshold", "is_active"]
    list_editable = ["threshold", "is_active"]
    list_filter = ["line", "is_active"]


class WarningInline(admin.TabularInline):
    model = MonitoringWarning
    extra = 0
    fields = ["organisation", "rule", "value", "reference", "deviation", "notice"]
    readonly_fields = fields


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ReadOnlyAdmin):
    list_display = ["line", "period", "generated_at"]
    inlines = [WarningInline]
