"""Admin for the disasters app. Every write goes through the services (grading, clocks, history); what has
no service here is read-only (see ``association.admin.base``)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.admin.base import ReadOnlyInline, ScopedAdmin
from association.choices import OrganisationKind
from association.models import Organisation
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


def _by_event(request, qs):
    """Rows of an event are visible with their event."""
    return qs.filter(event__in=Event.objects.visible_to(request.user))


@admin.register(GradingRule)
class GradingRuleAdmin(ScopedAdmin):
    plain_writes = True  # the grading thresholds: versioned reference data (a new rule has a later date)
    list_display = ("name", "effective_from", "property_iii", "property_ii", "property_i", "deaths_iii", "deaths_i")
    ordering = ("-effective_from",)


class AffectedInline(ReadOnlyInline):
    """Added with the event form's "add an affected company", removed with the action on the list."""

    model = AffectedCompany
    fields = readonly_fields = ("organisation", "by_default", "added_at")


class ChangeLabels:
    """From and to of a grade or level change as read (a grade, or whether the event is very sensitive)."""

    @admin.display(description=gettext_lazy("from"))
    def change_from(self, change: LevelChange) -> str:
        return change.from_label

    @admin.display(description=gettext_lazy("to"))
    def change_to(self, change: LevelChange) -> str:
        return change.to_label


class ChangeInline(ChangeLabels, ReadOnlyInline):
    model = LevelChange
    readonly_fields = ("at", "kind", "change_from", "change_to", "status", "actor", "reason")
    fields = readonly_fields


class EventForm(forms.ModelForm):
    declare_grade = forms.ChoiceField(
        label=gettext_lazy("Declare a grade"), choices=[("", "—"), *Grade.choices], required=False
    )
    declare_reason = forms.CharField(
        label=gettext_lazy("Reason for the declared grade"), required=False, widget=forms.Textarea
    )
    add_company = forms.ModelChoiceField(label=gettext_lazy("Add an affected company"), queryset=None, required=False)

    class Meta:
        model = Event
        fields = [
            "title", "hazard", "occurred_at", "known_at", "regions", "description", "sensitive", "est_property_loss",
            "est_casualty_payout", "insured_deaths", "injured",
        ]  # fmt: skip


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    form = EventForm
    list_display = ("title", "hazard", "occurred_at", "computed_grade", "declared_grade", "sensitive")
    list_filter = ("hazard", "computed_grade", "sensitive")
    search_fields = ("title", "description")
    filter_horizontal = ("regions",)
    readonly_fields = ("computed_grade", "grade_criterion", "grading_rule", "declared_grade", "declared_reason")
    inlines = [AffectedInline, ChangeInline]
    actions = ["open_level_iii", "open_level_ii", "open_level_i", "terminate", "generate_summary"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        insurers = Organisation.objects.visible_to(request.user).filter(kind=OrganisationKind.PROPERTY_INSURER)

        class ScopedEventForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.fields["add_company"].queryset = insurers

        return ScopedEventForm

    def service_fields(self, form, change, exclude=()):
        fields = super().service_fields(form, change, exclude)
        data = form.cleaned_data
        if change and data.get("declare_reason"):  # a declared grade ("" withdraws it) needs its reason
            fields |= {"declare_grade": data.get("declare_grade", ""), "declare_reason": data["declare_reason"]}
        if change and data.get("add_company"):
            fields["add_company"] = data["add_company"]
        return fields

    def service_create(self, request, fields):
        return event_services.event_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        actor = request.user
        estimates = {f: changes.pop(f) for f in event_services.ESTIMATE_FIELDS if f in changes}
        reason, grade = changes.pop("declare_reason", None), changes.pop("declare_grade", "")
        company = changes.pop("add_company", None)
        event = obj
        if changes:  # a new time of occurrence re-grades it
            event = event_services.event_update(event=event, actor=actor, **changes)
        if estimates:
            event = event_services.event_update_estimates(event=event, actor=actor, **estimates)
        if reason:
            event = event_services.event_declare_grade(event=event, actor=actor, grade=grade, reason=reason)
        if company is not None:
            event_services.affected_add(event=event, organisation=company, actor=actor)
        event.refresh_from_db()  # after the grade and company services
        return event

    def _open(self, request, queryset, level):
        for event in queryset:
            try:
                response_services.response_open(event=event, actor=request.user, level=level)
            except (ValidationError, PermissionDenied) as exc:
                _report(request, exc)

    @admin.action(description=gettext_lazy("Open a level III response"))
    def open_level_iii(self, request, queryset):
        self._open(request, queryset, Grade.III)

    @admin.action(description=gettext_lazy("Open a level II response"))
    def open_level_ii(self, request, queryset):
        self._open(request, queryset, Grade.II)

    @admin.action(description=gettext_lazy("Open a level I response (national regulator)"))
    def open_level_i(self, request, queryset):
        self._open(request, queryset, Grade.I)

    @admin.action(description=gettext_lazy("Terminate the running response"))
    def terminate(self, request, queryset):
        for event in queryset:
            response = running_response(event)
            if response is not None:
                try:
                    response_services.response_terminate(response=response, actor=request.user)
                except (ValidationError, PermissionDenied) as exc:
                    _report(request, exc)

    @admin.action(description=gettext_lazy("Generate today's daily summary"))
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
    new_level = forms.ChoiceField(
        label=gettext_lazy("Change level to"), choices=[("", "—"), *Grade.choices], required=False
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, widget=forms.Textarea)

    class Meta:
        model = Response
        fields = []


@admin.register(Response)
class ResponseAdmin(ScopedAdmin):
    """Opened and terminated from the event (actions), so the clocks start and stop; the level changes here,
    through the service (a level I request waits for the national regulator)."""

    form = ResponseForm
    list_display = ("event", "level", "leading_office", "started_at", "terminated_at")
    list_filter = ("level", "leading_office")
    list_select_related = ("event",)
    readonly_fields = ("event", "level", "leading_office", "started_at", "terminated_at", "started_by")

    def scope_queryset(self, request, qs):
        return _by_event(request, qs)

    def service_fields(self, form, change, exclude=()):
        return {name: form.cleaned_data[name] for name in ("new_level", "reason") if form.cleaned_data.get(name)}

    def service_update(self, request, obj, changes):
        if not changes.get("new_level"):
            return obj
        return response_services.response_change_level(
            response=obj, actor=request.user, level=changes["new_level"], reason=changes.get("reason", "")
        )


@admin.register(LevelChange)
class LevelChangeAdmin(ChangeLabels, ScopedAdmin):
    """The history of grades and levels (written by the services); a level I request is decided by the actions."""

    list_display = ("event", "kind", "change_from", "change_to", "status", "actor", "at")
    list_filter = ("kind", "status")
    list_select_related = ("event", "actor")
    actions = ["approve", "reject"]

    def scope_queryset(self, request, qs):
        return _by_event(request, qs)

    def _decide(self, request, queryset, approve):
        for change in queryset.filter(status=ChangeStatus.REQUESTED):
            try:
                response_services.level_request_decide(change=change, actor=request.user, approve=approve)
            except (ValidationError, PermissionDenied) as exc:
                _report(request, exc)

    @admin.action(description=gettext_lazy("National regulator approved the level I request"))
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=gettext_lazy("National regulator rejected the level I request"))
    def reject(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(AffectedCompany)
class AffectedCompanyAdmin(ScopedAdmin):
    """Added on the event page (so the clocks start), removed with the action (so the open reports are cancelled)."""

    list_display = ("event", "organisation", "by_default", "added_at")
    list_filter = ("by_default",)
    list_select_related = ("event", "organisation")
    actions = ["phone_report", "remove"]

    def scope_queryset(self, request, qs):
        return _by_event(request, qs)

    def _each(self, request, queryset, service):
        for row in queryset:
            try:
                service(event=row.event, organisation=row.organisation, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                _report(request, exc)

    @admin.action(description=gettext_lazy("Record a phone report received"))
    def phone_report(self, request, queryset):
        self._each(request, queryset, lambda **kw: phone_report_record(note="", **kw))

    @admin.action(description=gettext_lazy("Remove from the event (cancels its open reports)"))
    def remove(self, request, queryset):
        self._each(request, queryset, event_services.affected_remove)


@admin.register(LossReport)
class LossReportAdmin(ScopedAdmin):
    """Entered through the portal, the API or the import (all through the service): read-only here."""

    list_display = ("event", "organisation", "report_date", "estimated_loss", "claims_paid", "source", "submitted_at")
    list_filter = ("source", "report_date")
    list_select_related = ("event", "organisation")
    search_fields = ("organisation__name", "event__title")


@admin.register(DailySummary)
class DailySummaryAdmin(ScopedAdmin):
    """Generated by the service (the action on the events, and the daily task)."""

    list_display = ("event", "summary_date", "xlsx", "pdf", "created_at")
    list_select_related = ("event",)

    def scope_queryset(self, request, qs):
        return _by_event(request, qs)
