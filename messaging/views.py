"""Portal pages: the acknowledgement link (no sign-in) and the channel test of an organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from association.models import Organisation
from messaging.services.acknowledge import AckLinkExpired, AckLinkInvalid, acknowledge_by_link, delivery_for_token
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
    """The organisation page's button (``AppConfig.organisation_actions``)."""
    if not may_test(user, organisation):
        return []
    return [
        {
            "label": _("Send a test to every channel"),
            "url": reverse("messaging-test-send", args=[organisation.pk]),
            "method": "post",
            "id": "channels-test",
        }
    ]
