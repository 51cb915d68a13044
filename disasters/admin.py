"""Admin for the disasters app. Every write goes through the services (grading, clocks, history)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from disasters.choices import ChangeStatus, Grade
from disasters.importer import import_loss_reports
from disasters.models import AffectedCompany, DailySummary, Event, GradingRule, LevelChange, LossReport, Response
from disasters.selectors import running_response
from disasters.services import events as event_services
from disasters.services import responses as response_services
from disasters.services.loss_reports import phone_report_record
from disasters.services.summaries import summary_generate


def _report(request, exc):
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


@admin.register(GradingRule)
class GradingRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "effective_from", "property_iii", "property_ii", "property_i", "deaths_iii", "deaths_i")
    ordering = ("-effective_from",)


class AffectedInline(admin.TabularInline):
    model = AffectedCompany
    extra = 0
    can_delete = False
    readonly_fields = ("organisation", "by_default", "added_at")

    def has_add_permission(self, request, obj=None):
        return False


class ChangeInline(admin.TabularInline):
    model = LevelChange
    extra = 0
    can_delete = False
    readonly_fields = ("at", "kind", "from_value", "to_value", "status", "actor", "reason")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class EventForm(forms.ModelForm):
    declare_grade = forms.ChoiceField(
        label=_lazy("Declare a grade"), choices=[("", "—"), *Grade.choices], required=False
    )
    declare_reason = forms.CharField(
        label=_lazy("Reason for the declared grade"), required=False, widget=forms.Textarea
    )
    add_company = forms.ModelChoiceField(label=_lazy("Add an affected company"), queryset=None, required=False)

    class Meta:
        model = Event
        fields = [
            "title", "hazard", "occurred_at", "known_at", "regions", "description", "sensitive", "est_property_loss",
            "est_casualty_payout", "insured_deaths", "injured",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from association.models import Organisation

        self.fields["add_company"].queryset = Organisation.objects.filter(kind="property_insurer")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventForm
    list_display = ("title", "hazard", "occurred_at", "computed_grade", "declared_grade", "sensitive")
    list_filter = ("hazard", "computed_grade", "sensitive")
    search_fields = ("title", "description")
    filter_horizontal = ("regions",)
    readonly_fields = ("computed_grade", "grade_criterion", "grading_rule", "declared_grade", "declared_reason")
    inlines = [AffectedInline, ChangeInline]
    actions = ["open_level_iii", "open_level_ii", "open_level_i", "terminate", "generate_summary"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            fields = [f for f in EventForm.Meta.fields if f != "regions"]
            created = event_services.event_create(
                actor=request.user, regions=data["regions"], **{f: data[f] for f in fields}
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        plain = [f for f in ("title", "hazard", "occurred_at", "known_at", "description", "sensitive")
                 if f in form.changed_data]  # fmt: skip
        if plain:
            obj.full_clean()
            obj.save(update_fields=plain)
        estimates = {f: data[f] for f in event_services.ESTIMATE_FIELDS if f in form.changed_data}
        if estimates or "occurred_at" in plain:
            event_services.event_update_estimates(event=obj, actor=request.user, **estimates)
        if data.get("declare_reason"):
            event_services.event_declare_grade(
                event=obj, actor=request.user, grade=data.get("declare_grade", ""), reason=data["declare_reason"]
            )
        if data.get("add_company"):
            event_services.affected_add(event=obj, organisation=data["add_company"], actor=request.user)
        obj.refresh_from_db()

    def _open(self, request, queryset, level):
        for event in queryset:
            try:
                response_services.response_open(event=event, actor=request.user, level=level)
            except (ValidationError, PermissionDenied) as exc:
                _report(request, exc)

    @admin.action(description=_lazy("Open a level III response"))
    def open_level_iii(self, request, queryset):
        self._open(request, queryset, Grade.III)

    @admin.action(description=_lazy("Open a level II response"))
    def open_level_ii(self, request, queryset):
        self._open(request, queryset, Grade.II)

    @admin.action(description=_lazy("Open a level I response (national regulator)"))
    def open_level_i(self, request, queryset):
        self._open(request, queryset, Grade.I)

    @admin.action(description=_lazy("Terminate the running response"))
    def terminate(self, request, queryset):
        for event in queryset:
            response = running_response(event)
            if response is not None:
                response_services.response_terminate(response=response, actor=request.user)

    @admin.action(description=_lazy("Generate today's daily summary"))
    def generate_summary(self, request, queryset):
        for event in queryset:
            summary_generate(event=event)

    def get_urls(self):
        return [
            path(
                "<int:pk>/import-loss-reports/",
                self.admin_site.admin_view(self.import_view),
                name="disasters_event_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request, pk):
        event = get_object_or_404(self.get_queryset(request), pk=pk)
        result = None
        if request.method == "POST" and request.FILES.get("file"):
            upload = request.FILES["file"]
            try:
                result = import_loss_reports(event=event, actor=request.user, data=upload.read(), filename=upload.name)
            except Exception as exc:  # unreadable file: say why
                messages.error(request, str(exc))
            else:
                if result.committed:
                    messages.success(
                        request,
                        _("Imported: %(new)d new, %(upd)d corrected.") % {"new": result.new, "upd": result.updated},
                    )
                    return redirect(reverse("admin:disasters_event_change", args=[event.pk]))
        context = {**self.admin_site.each_context(request), "event": event, "result": result, "opts": self.model._meta}
        return render(request, "disasters/admin_import.html", context)


class ResponseForm(forms.ModelForm):
    new_level = forms.ChoiceField(label=_lazy("Change level to"), choices=[("", "—"), *Grade.choices], required=False)
    reason = forms.CharField(label=_lazy("Reason"), required=False, widget=forms.Textarea)

    class Meta:
        model = Response
        fields = []


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    form = ResponseForm
    list_display = ("event", "level", "leading_office", "started_at", "terminated_at")
    list_filter = ("level", "leading_office")
    readonly_fields = ("event", "level", "leading_office", "started_at", "terminated_at", "started_by")

    def has_add_permission(self, request):
        return False  # opened from the event (an action), so the clocks start

    def save_model(self, request, obj, form, change):
        level = form.cleaned_data.get("new_level")
        if level:
            try:
                response_services.response_change_level(
                    response=obj, actor=request.user, level=level, reason=form.cleaned_data.get("reason", "")
                )
            except (ValidationError, PermissionDenied) as exc:
                _report(request, exc)


@admin.register(LevelChange)
class LevelChangeAdmin(admin.ModelAdmin):
    list_display = ("event", "kind", "from_value", "to_value", "status", "actor", "at")
    list_filter = ("kind", "status")
    readonly_fields = ("event", "response", "kind", "from_value", "to_value", "reason", "status", "actor", "at")
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, approve):
        for change in queryset.filter(status=ChangeStatus.REQUESTED):
            response_services.level_request_decide(change=change, actor=request.user, approve=approve)

    @admin.action(description=_lazy("National regulator approved the level I request"))
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_lazy("National regulator rejected the level I request"))
    def reject(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(AffectedCompany)
class AffectedCompanyAdmin(admin.ModelAdmin):
    list_display = ("event", "organisation", "by_default", "added_at")
    list_filter = ("by_default",)
    list_select_related = ("event", "organisation")
    actions = ["phone_report", "remove"]

    def has_add_permission(self, request):
        return False  # added on the event page, so the clocks start

    def has_delete_permission(self, request, obj=None):
        return False  # removed with the action below, so the open obligations are cancelled

    @admin.action(description=_lazy("Record a phone report received"))
    def phone_report(self, request, queryset):
        for row in queryset:
            phone_report_record(event=row.event, organisation=row.organisation, actor=request.user, note="")

    @admin.action(description=_lazy("Remove from the event (cancels its open reports)"))
    def remove(self, request, queryset):
        for row in queryset:
            event_services.affected_remove(event=row.event, organisation=row.organisation, actor=request.user)


@admin.register(LossReport)
class LossReportAdmin(admin.ModelAdmin):
    list_display = ("event", "organisation", "report_date", "estimated_loss", "claims_paid", "source", "submitted_at")
    list_filter = ("source", "report_date")
    list_select_related = ("event", "organisation")
    search_fields = ("organisation__name", "event__title")
    readonly_fields = [f.name for f in LossReport._meta.fields]

    def has_add_permission(self, request):
        return False  # entered through the portal, the API or the import (all through the service)


@admin.register(DailySummary)
class DailySummaryAdmin(admin.ModelAdmin):
    list_display = ("event", "summary_date", "xlsx", "pdf", "created_at")
    readonly_fields = ("event", "summary_date", "xlsx", "pdf", "created_at")

    def has_add_permission(self, request):
        return False
