"""The app's home, the bodies, the calendar (page and iCalendar feed), and the QR sign-in page at the door."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from association.deadlines import BEIJING
from governance.choices import ConsultationStatus, MeetingStatus, Position, SignInMethod, TrainingStatus
from governance.forms import QrMeetingForm, QrTrainingForm, ReelectForm, SurveyForm
from governance.ical import calendar_bytes
from governance.models import Body, CalendarFeed, Meeting, Training
from governance.selectors import (
    body_list,
    body_terms,
    calendar_events,
    checkin_organisations,
    consultation_list,
    event_by_checkin_token,
    meeting_list,
    survey_trainee,
    training_list,
)
from governance.services.bodies import SeatSpec, term_reelect
from governance.services.calendar import calendar_feed_for, calendar_feed_reset
from governance.services.meetings import meeting_sign_in
from governance.services.trainings import training_feedback_submit, training_sign_in
from governance.views.common import add_errors

SURVEY_SALT = "governance.survey"


@login_required
def home_view(request):
    user = request.user
    now = timezone.now()
    return render(
        request,
        "governance/home.html",
        {
            "bodies": body_list(user=user),
            "meetings": meeting_list(user=user)
            .filter(ends_at__gte=now - dt.timedelta(days=1))
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("starts_at")[:20],
            "consultations": consultation_list(user=user).filter(status=ConsultationStatus.OPEN)[:20],
            "trainings": training_list(user=user).filter(status=TrainingStatus.OPEN).order_by("starts_at")[:20],
            "is_staff": user.is_association_staff,
        },
    )


@login_required
def body_detail_view(request, pk):
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "terms": body_terms(body, user=request.user),
            "meetings": meeting_list(user=request.user).filter(body=body)[:100],
            "reelect_form": ReelectForm(user=request.user) if request.user.is_association_staff else None,
        },
    )


@login_required
@require_POST
def body_reelect_view(request, pk):
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    form = ReelectForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        chair = d["chair"]
        seats = [
            SeatSpec(o, Position.CHAIR if chair and o.pk == chair.pk else Position.MEMBER) for o in d["organisations"]
        ]
        try:
            term = term_reelect(actor=request.user, body=body, starts_on=d["starts_on"], seats=seats, note=d["note"])
        except ValidationError as exc:
            add_errors(form, exc)
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Re-election recorded: %(term)s is in office.") % {"term": term.label})
    else:
        messages.error(request, _("Give the start date and the members of the new term."))
    return redirect(body)


@login_required
def calendar_view(request):
    today = timezone.localdate()
    start = dt.datetime.combine(today.replace(day=1), dt.time(), tzinfo=BEIJING)
    events = calendar_events(user=request.user, start=start)
    feed = calendar_feed_for(actor=request.user)
    months: dict = {}
    for e in events:
        months.setdefault(e.starts_at.astimezone(BEIJING).strftime("%Y-%m"), []).append(e)
    return render(
        request,
        "governance/calendar.html",
        {
            "months": months,
            "feed_url": request.build_absolute_uri(reverse("governance-calendar-feed", args=[feed.token])),
        },
    )


@login_required
@require_POST
def calendar_reset_view(request):
    calendar_feed_reset(actor=request.user)
    messages.success(request, _("A new feed address was made; the old one no longer works."))
    return redirect("governance-calendar")


def calendar_feed_view(request, token):
    """The iCalendar feed: the key in the address stands for the person (calendar apps do not sign in)."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    start = timezone.now() - dt.timedelta(days=90)
    data = calendar_bytes(calendar_events(user=feed.user, start=start), base_url=request.build_absolute_uri("/")[:-1])
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")


@require_http_methods(["GET", "POST"])
def checkin_view(request, token):
    """The page the QR code at the door opens on a phone: no account needed; the code is the key."""
    event = event_by_checkin_token(token)
    if event is None:
        raise Http404
    if isinstance(event, Meeting):
        form = QrMeetingForm(request.POST or None, organisations=checkin_organisations(event))
    else:
        form = QrTrainingForm(request.POST or None)
    done, survey_url = None, None
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(event, Meeting):
                done = meeting_sign_in(meeting=event, method=SignInMethod.QR, **form.cleaned_data)
            else:
                done = training_sign_in(training=event, method=SignInMethod.QR, **form.cleaned_data)
                survey_url = reverse("governance-survey", args=[token, signing.dumps(done.pk, salt=SURVEY_SALT)])
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request, "governance/checkin.html", {"event": event, "form": form, "done": done, "survey_url": survey_url}
    )


@require_http_methods(["GET", "POST"])
def survey_view(request, token, signed):
    event = event_by_checkin_token(token)
    if not isinstance(event, Training):
        raise Http404
    try:
        trainee_id = signing.loads(signed, salt=SURVEY_SALT, max_age=14 * 24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    trainee = survey_trainee(event, trainee_id)
    if trainee is None:
        raise Http404
    form = SurveyForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            training_feedback_submit(trainee=trainee, **form.cleaned_data)
            done = True
        except ValidationError as exc:
            add_errors(form, exc)
    return render(request, "governance/survey.html", {"event": event, "form": form, "done": done})
