"""Portal pages: campaigns (list, detail with dashboard, creation), activities, news drafts, rankings,
public-opinion alerts, the scoring rules, downloads."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from association.choices import AWAITING_MEMBER, ObligationKind
from association.deadlines import BEIJING
from association.files import send_file
from association.models import Obligation, Organisation
from association.permissions import member_may
from association.reports.writers import CONTENT_TYPES, write_pdf, write_xlsx
from campaigns.choices import AlertSeverity, AlertStatus, CampaignStatus, DeliverableKind
from campaigns.dashboard import campaign_dashboard
from campaigns.forms import ActivityForm, AdHocCampaignForm, AlertForm, FromTemplateForm, NewsDraftForm, PublishForm
from campaigns.models import Activity, ActivityPhoto, Campaign, CampaignScore, NewsDraft
from campaigns.reports import annual_table, ranking_table
from campaigns.score_lines import explain
from campaigns.selectors import (
    activity_list,
    alert_counts,
    alert_list,
    annual_ranking,
    campaign_detail_queryset,
    campaign_list,
    news_list,
    obligations_for,
    ranking,
    visible_participant_ids,
)
from campaigns.services.activities import (
    activity_delete,
    activity_record,
    news_draft_decline,
    news_draft_publish,
    news_draft_submit,
)
from campaigns.services.alerts import alert_acknowledge, alert_close, alert_record
from campaigns.services.campaigns import (
    DeliverableSpec,
    campaign_add_participants,
    campaign_close,
    campaign_create,
    campaign_create_from_template,
)
from campaigns.services.permissions import may_act_for
from campaigns.services.scores import campaign_scores_recompute, rules_for_year
from messaging.selectors import timeline as urgent_timeline


def _uses_app(user) -> bool:
    return user.is_association_staff or not user.is_mediator


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _export(table, fmt: str, name: str) -> HttpResponse:
    data = write_xlsx(table) if fmt == "xlsx" else write_pdf(table)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{re.sub(r"[^0-9A-Za-z_-]", "_", name)}.{fmt}"'
    return response


def _scope_label(user) -> str:
    return _("All members") if user.visible_organisation_ids() is None else _("Your scope")


def _period_filter(request) -> tuple[dt.date, dt.date] | None:
    """``?date_from=&date_to=`` as two dates, or None (a bad or missing date shows every campaign)."""
    try:
        start = dt.date.fromisoformat(request.GET.get("date_from", ""))
        end = dt.date.fromisoformat(request.GET.get("date_to", ""))
    except ValueError:
        return None
    return (start, end) if start <= end else None


@login_required
def home_view(request):
    user = request.user
    campaigns = campaign_list(user=user)
    period = _period_filter(request)
    if period:  # campaigns running at some time in the period (the overview's "campaigns in the period")
        campaigns = campaigns.filter(starts_on__lte=period[1], ends_on__gte=period[0])
    year = timezone.localdate().year
    my_scores, owed = [], []
    if user.is_member_user and not user.is_association_staff:
        my_scores = (
            CampaignScore.objects.visible_to(user)
            .filter(campaign__in=campaigns)
            .select_related("campaign", "organisation")
        )
        owed = (
            Obligation.objects.visible_to(user)
            .filter(kind__in=[ObligationKind.CAMPAIGN_DELIVERABLE, ObligationKind.OPINION_RESPONSE])
            .filter(status__in=AWAITING_MEMBER)
            .select_related("organisation")
            .order_by("due_at")[:50]
        )
    return render(
        request,
        "campaigns/home.html",
        {
            "campaigns": campaigns[:200],
            "total": campaigns.count(),
            "period": period,
            "year": year,
            "my_scores": my_scores,
            "owed": owed,
            "is_staff": user.is_association_staff,
            "open_alerts": alert_list(user=user).exclude(status=AlertStatus.CLOSED).count() if _uses_app(user) else 0,
            "now": timezone.now(),
        },
    )


@login_required
def campaign_create_view(request):
    if not request.user.is_association_staff:
        raise Http404
    mode = request.POST.get("mode") or request.GET.get("mode") or "template"
    template_form = FromTemplateForm(request.POST if mode == "template" and request.method == "POST" else None)
    adhoc_form = AdHocCampaignForm(
        request.POST if mode == "adhoc" and request.method == "POST" else None,
        request.FILES if mode == "adhoc" and request.method == "POST" else None,
    )
    if request.method == "POST":
        try:
            if mode == "template" and template_form.is_valid():
                d = template_form.cleaned_data
                campaign = campaign_create_from_template(
                    actor=request.user, template=d["template"], year=d["year"], participants=d["participants"] or None
                )
            elif mode == "adhoc" and adhoc_form.is_valid():
                d = adhoc_form.cleaned_data
                campaign = campaign_create(
                    actor=request.user,
                    kind=d["kind"],
                    title=d["title"],
                    theme=d["theme"],
                    slogan=d["slogan"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    participants=d["participants"],
                    plan_document=d.get("plan_document"),
                    deliverables=_adhoc_deliverables(d),
                )
            else:
                campaign = None
        except ValidationError as exc:
            _add_errors(template_form if mode == "template" else adhoc_form, exc)
            campaign = None
        if campaign is not None:
            messages.success(
                request,
                _("Campaign “%(title)s” created; the participants owe its deliverables.") % {"title": campaign.title},
            )
            return redirect("campaigns-campaign-detail", pk=campaign.pk)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"template_form": template_form, "adhoc_form": adhoc_form, "mode": mode},
    )


def _end_of_working_day(d: dt.date) -> dt.datetime:
    from association.deadlines import workday_end_time

    return dt.datetime.combine(d, workday_end_time(), tzinfo=BEIJING)


def _adhoc_deliverables(d: dict) -> list[DeliverableSpec]:
    specs = []
    if d.get("plan_due"):
        specs.append(
            DeliverableSpec(DeliverableKind.ACTIVITY_PLAN, _("Activity plan"), _end_of_working_day(d["plan_due"]))
        )
    if d.get("news_drafts"):
        specs.append(
            DeliverableSpec(
                DeliverableKind.NEWS_DRAFTS, _("News drafts during the campaign"), _end_of_working_day(d["ends_on"])
            )
        )
    specs.append(DeliverableSpec(DeliverableKind.SUMMARY, _("Campaign summary"), _end_of_working_day(d["summary_due"])))
    return specs


def _member_orgs(user, campaign):
    """Participants the user may record for (members: their own; staff: all)."""
    ids = [pk for pk in visible_participant_ids(campaign, user) if may_act_for(user, pk)]
    return list(Organisation.objects.visible_to(user).filter(pk__in=ids).order_by("name"))


@login_required
def campaign_detail_view(request, pk):
    user = request.user
    campaign = get_object_or_404(campaign_detail_queryset(user=user), pk=pk)
    org_ids = user.visible_organisation_ids()
    dashboard = campaign_dashboard(campaign, org_ids)
    rows = ranking(campaign, user)
    for row in rows:
        row["explained"] = explain(row["lines"])
    active = campaign.status == CampaignStatus.ACTIVE
    recordable = {o.pk for o in _member_orgs(user, campaign)} if active else set()
    activities = list(activity_list(user=user, campaign=campaign)[:200])
    deletable = {
        a.pk
        for a in activities
        if a.organisation_id in recordable
        and member_may(user, "delete_activity", a.organisation_id, owner_id=a.created_by_id)
    }
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "dashboard": dashboard,
            "obligations": obligations_for(campaign, user)[:500],
            "activities": activities,
            "news": news_list(user=user, campaign=campaign)[:200],
            "ranking": rows,
            "participants": [
                p for p in campaign.participations.all() if org_ids is None or p.organisation_id in org_ids
            ],
            "may_record": bool(recordable),
            "deletable": deletable,
            "is_staff": user.is_association_staff,
            "publish_form": PublishForm(),
            "addable": (
                Organisation.objects.visible_to(user)
                .members()
                .exclude(pk__in=campaign.participations.values("organisation_id"))
                .order_by("name")
                if user.is_association_staff and active
                else []
            ),
        },
    )


@login_required
@require_POST
def campaign_close_view(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    try:
        campaign_close(actor=request.user, campaign=campaign)
        messages.success(request, _("Campaign closed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaigns-campaign-detail", pk=pk)


@login_required
@require_POST
def campaign_participants_view(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    orgs = Organisation.objects.visible_to(request.user).members().filter(pk__in=request.POST.getlist("participants"))
    try:
        added = campaign_add_participants(actor=request.user, campaign=campaign, organisations=list(orgs))
        messages.success(request, _("%(n)d members added; they owe the deliverables.") % {"n": added})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaigns-campaign-detail", pk=pk)


@login_required
def activity_create_view(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    orgs = _member_orgs(request.user, campaign)
    if not orgs:
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        organisations=Organisation.objects.visible_to(request.user)
        .filter(pk__in=[o.pk for o in orgs])
        .order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation, photos = data.pop("organisation"), data.pop("photos") or []
        try:
            activity_record(actor=request.user, campaign=campaign, organisation=organisation, photos=photos, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("campaigns-campaign-detail", pk=pk)
    return render(request, "campaigns/activity_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def activity_delete_view(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user).select_related("campaign"), pk=pk)
    if not may_act_for(request.user, activity.organisation_id):
        raise PermissionDenied
    try:
        activity_delete(actor=request.user, activity=activity)
        messages.success(request, _("Activity deleted."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaigns-campaign-detail", pk=activity.campaign_id)


@login_required
def news_create_view(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    orgs = _member_orgs(request.user, campaign)
    if not orgs:
        raise PermissionDenied
    form = NewsDraftForm(
        request.POST or None,
        organisations=Organisation.objects.visible_to(request.user)
        .filter(pk__in=[o.pk for o in orgs])
        .order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            news_draft_submit(
                actor=request.user, campaign=campaign, organisation=d["organisation"], title=d["title"], body=d["body"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("News draft sent to the association."))
            return redirect("campaigns-campaign-detail", pk=pk)
    return render(request, "campaigns/news_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def news_review_view(request, pk):
    draft = get_object_or_404(NewsDraft.objects.visible_to(request.user), pk=pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    try:
        if request.POST.get("action") == "decline":
            news_draft_decline(actor=request.user, draft=draft, comment=request.POST.get("comment", ""))
            messages.success(request, _("Draft marked as not published."))
        else:
            form = PublishForm(request.POST)
            if not form.is_valid():
                raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
            news_draft_publish(actor=request.user, draft=draft, **form.cleaned_data)
            messages.success(request, _("Draft marked as published."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaigns-campaign-detail", pk=draft.campaign_id)


@login_required
def ranking_view(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        if not request.user.is_association_staff:
            raise PermissionDenied
        campaign_scores_recompute(campaign=campaign)
        messages.success(request, _("Scores recomputed."))
        return redirect("campaigns-ranking", pk=pk)
    rows = ranking(campaign, request.user)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        table = ranking_table(campaign, rows, now=timezone.now(), scope_label=_scope_label(request.user))
        return _export(table, fmt, f"publicity-ranking-{campaign.pk}")
    for row in rows:
        row["explained"] = explain(row["lines"])
    rule_set = rules_for_year(campaign.year)
    return render(
        request,
        "campaigns/ranking.html",
        {"campaign": campaign, "ranking": rows, "rule_set": rule_set, "is_staff": request.user.is_association_staff},
    )


@login_required
def annual_view(request):
    if not _uses_app(request.user):
        raise Http404
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        messages.error(request, _("Enter a year such as 2026."))
        year = timezone.localdate().year
    rows = annual_ranking(year, request.user)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        table = annual_table(year, rows, now=timezone.now(), scope_label=_scope_label(request.user))
        return _export(table, fmt, f"annual-publicity-ranking-{year}")
    return render(request, "campaigns/annual.html", {"year": year, "rows": rows})


@login_required
def rules_view(request):
    if not _uses_app(request.user):
        raise Http404
    year = timezone.localdate().year
    rule_set = rules_for_year(year)
    items = [
        {"label": i.get_item_display(), "points": i.points, "max_count": i.max_count}
        for i in (rule_set.items.all() if rule_set else [])
    ]
    return render(request, "campaigns/rules.html", {"rule_set": rule_set, "items": items, "year": year})


@login_required
def photo_view(request, pk):
    photo = get_object_or_404(
        ActivityPhoto.objects.filter(activity__in=activity_list(user=request.user).values("pk")), pk=pk
    )
    return send_file(photo.file, filename=photo.original_name, as_attachment=False)


@login_required
def plan_document_view(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if not campaign.plan_document:
        raise Http404
    return send_file(campaign.plan_document, filename=campaign.plan_document_name)


#: the alert list's groups of statuses, the same definitions as the overview's figures
ALERT_STATUS_GROUPS = {
    "open": lambda alerts: alerts.open(),
    "unacknowledged": lambda alerts: alerts.open().unacknowledged(),
}


@login_required
def alert_list_view(request):
    if not _uses_app(request.user):
        raise Http404
    alerts = alert_list(user=request.user)
    severity, status = request.GET.get("severity", ""), request.GET.get("status", "")
    if severity in AlertSeverity.values:
        alerts = alerts.filter(severity=severity)
    if status in ALERT_STATUS_GROUPS:
        alerts = ALERT_STATUS_GROUPS[status](alerts)
    elif status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    return render(
        request,
        "campaigns/alert_list.html",
        {
            "alerts": alerts.order_by("-detected_at", "-id")[:300],
            "total": alerts.count(),
            "counts": alert_counts(alert_list(user=request.user)),
            "severities": AlertSeverity.choices,
            "statuses": [
                ("open", pgettext("alerts", "Open")),
                ("unacknowledged", _("Not acknowledged")),
                *AlertStatus.choices,
            ],
            "severity": severity,
            "status": status,
            "is_staff": request.user.is_association_staff,
        },
    )


@login_required
def alert_create_view(request):
    if not request.user.is_association_staff:
        raise Http404
    form = AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alert = alert_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Alert recorded; the company's publicity contact has been notified."))
            return redirect("campaigns-alert-detail", pk=alert.pk)
    return render(request, "campaigns/alert_form.html", {"form": form})


@login_required
def alert_detail_view(request, pk):
    alert = get_object_or_404(alert_list(user=request.user), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "acknowledge":
                if not may_act_for(request.user, alert.organisation_id):
                    raise PermissionDenied
                alert_acknowledge(actor=request.user, alert=alert)
                messages.success(request, _("Alert acknowledged."))
            elif action == "close":
                if not request.user.is_association_staff:
                    raise PermissionDenied
                alert_close(actor=request.user, alert=alert, outcome=request.POST.get("outcome", ""))
                messages.success(request, _("Alert closed."))
            else:
                raise PermissionDenied
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("campaigns-alert-detail", pk=pk)
    return render(
        request,
        "campaigns/alert_detail.html",
        {
            "alert": alert,
            "may_acknowledge": alert.is_open
            and alert.acknowledged_at is None
            and may_act_for(request.user, alert.organisation_id),
            "may_close": alert.is_open and request.user.is_association_staff,
            "timeline": urgent_timeline(alert, user=request.user),
        },
    )
