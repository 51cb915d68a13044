"""Portal pages: the acknowledgement link (no sign-in); an organisation's channels (its robots, its SMS gateway,
the test button) for association staff and the company's manager (for its organisation and branches)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from association.choices import ContactDuty, ContactSlot
from association.models import Organisation
from messaging import recipients
from messaging.choices import ROBOT_KINDS, ChannelKind
from messaging.forms import EXAMPLES, ChannelForm
from messaging.models import Channel
from messaging.services.acknowledge import AckLinkExpired, AckLinkInvalid, acknowledge_by_link, delivery_for_token
from messaging.services.channels import channel_create, channel_delete, channel_update
from messaging.services.testing import channels_test_send


@never_cache
@require_http_methods(["GET", "POST"])
def acknowledge(request, token):
    """GET shows the message and one button; POST acknowledges. A GET never acknowledges: the robots' link
    previews and mail scanners open links by themselves."""
    try:
        if request.method == "POST":
            outcome = acknowledge_by_link(token=token)
            return render(
                request,
                "messaging/acknowledge.html",
                {"message": outcome.message, "delivery": outcome.delivery, "done": True, "first": outcome.first},
            )
        delivery = delivery_for_token(token)
    except AckLinkExpired:
        return render(request, "messaging/acknowledge.html", {"error": _("This link has expired.")}, status=410)
    except AckLinkInvalid:
        return render(request, "messaging/acknowledge.html", {"error": _("This link is not valid.")}, status=404)
    message = delivery.message
    return render(
        request,
        "messaging/acknowledge.html",
        {"message": message, "delivery": delivery, "done": message.acknowledged_at is not None, "first": False},
    )


def may_test(user, organisation) -> bool:
    return user.is_authenticated and (user.is_association_staff or user.may_manage(organisation.pk))


@login_required
@require_POST
def test_send(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    if not may_test(request.user, organisation):
        raise Http404
    result = channels_test_send(actor=request.user, organisation=organisation)
    return render(request, "messaging/test_result.html", {"organisation": organisation, "result": result})


def test_send_action(*, user, organisation) -> list[dict]:
    """The organisation page's buttons (``AppConfig.organisation_actions``): its channels, and the test."""
    if not may_test(user, organisation):
        return []
    return [
        {
            "label": _("Urgent channels"),
            "url": reverse("messaging-channels", args=[organisation.pk]),
            "method": "get",
            "id": "channels-page",
        },
        {
            "label": _("Send a test to every channel"),
            "url": reverse("messaging-test-send", args=[organisation.pk]),
            "method": "post",
            "id": "channels-test",
        },
    ]


# -- an organisation's channels ------------------------------------------------------------------------------
def _organisation_managed(request, pk) -> Organisation:
    """The organisation, if the user sees it and may configure it; else 404 (another company's page, or one
    the user only reads, is answered as if it did not exist)."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user).select_related("parent"), pk=pk)
    if not may_test(request.user, organisation):
        raise Http404
    return organisation


def _channel_managed(request, pk) -> Channel:
    """An organisation's channel (not a person's, not the association's gateway) the user may configure."""
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).filter(organisation__isnull=False).select_related("organisation"),
        pk=pk,
    )
    if not may_test(request.user, channel.organisation):
        raise Http404
    return channel


def _contact_a(organisation):
    """Who the texts of step A go to: the disaster contact A (else the general liaison A; else the parent's)."""
    directory = recipients.Directory([organisation])
    for duty in (ContactDuty.DISASTER, ContactDuty.GENERAL):
        person = directory.contact(organisation, duty, ContactSlot.A)
        if person is not None:
            return person, duty
    return None, ContactDuty.DISASTER


@login_required
def channel_list(request, pk):
    organisation = _organisation_managed(request, pk)
    own = list(Channel.objects.visible_to(request.user).filter(organisation=organisation).order_by("kind", "label"))
    robots = [c for c in own if c.kind in ROBOT_KINDS]
    inherited = []
    if not robots and organisation.parent_id:
        inherited = recipients.robots(organisation)  # a branch without robots of its own: its parent's
    gateway = recipients.sms_gateway(organisation)
    contact, duty = _contact_a(organisation)
    return render(
        request,
        "messaging/channel_list.html",
        {
            "organisation": organisation,
            "robots": robots,
            "gateways": [c for c in own if c.kind == ChannelKind.SMS],
            "inherited": inherited,
            "gateway": gateway,
            "contact": contact,
            "contact_phone": recipients.show("sms", contact.phone) if contact else "",
            "contact_duty": duty,
            "kinds": ChannelKind.choices,
        },
    )


def _save(request, form, organisation, channel=None):
    """Create or change through the service; the model's refusals land on the form's fields."""
    try:
        if channel is None:
            return channel_create(actor=request.user, organisation=organisation, **form.changes())
        return channel_update(actor=request.user, channel=channel, **form.changes())
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, messages in errors.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def channel_add(request, pk):
    organisation = _organisation_managed(request, pk)
    kind = request.GET.get("kind")
    initial = {"kind": kind, "is_active": True} if kind in ChannelKind.values else {"is_active": True}
    form = ChannelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        channel = _save(request, form, organisation)
        if channel is not None:
            flash.success(request, _("Channel “%(label)s” added.") % {"label": channel.label})
            return redirect("messaging-channels", pk=organisation.pk)
    return render(
        request,
        "messaging/channel_form.html",
        {"organisation": organisation, "form": form, "channel": None, "examples": EXAMPLES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request, pk):
    channel = _channel_managed(request, pk)
    organisation = channel.organisation
    form = ChannelForm(request.POST or None, channel=channel)
    saved = request.method == "POST" and form.is_valid() and _save(request, form, organisation, channel)
    if saved:
        flash.success(request, _("Channel “%(label)s” saved.") % {"label": channel.label})
        return redirect("messaging-channels", pk=organisation.pk)
    return render(
        request,
        "messaging/channel_form.html",
        {"organisation": organisation, "form": form, "channel": channel, "examples": EXAMPLES},
    )


@login_required
@require_POST
def channel_remove(request, pk):
    channel = _channel_managed(request, pk)
    organisation, label = channel.organisation, channel.label
    channel_delete(actor=request.user, channel=channel)
    flash.success(request, _("Channel “%(label)s” removed.") % {"label": label})
    return redirect("messaging-channels", pk=organisation.pk)
