"""The review queue for association staff: what waits for review (oldest submission first), the
count left, the next one after each review, and "accept selected" for submissions that need no
comment. The queue itself is the inbox filtered on "waiting for review"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from association.choices import AWAITING_REVIEW
from association.selectors import obligations as selectors
from association.services.obligations import obligations_accept_selected

#: "waiting since": submitted at least this many days ago
WAITING_FILTERS = {"1": 1, "3": 3, "7": 7}


def review_queue(user):
    """Obligations waiting for staff's review, the longest waiting first."""
    return selectors.obligation_list(user=user).filter(status__in=AWAITING_REVIEW).order_by("submitted_at", "id")


def next_for_review(user, *, after=None):
    """The obligation to review next (the longest waiting one, other than ``after``) and how many are left."""
    queue = review_queue(user)
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.first(), queue.count()


def left_message(count: int) -> str:
    return ngettext("%(count)d submission left to review.", "%(count)d submissions left to review.", count) % {
        "count": count
    }


def two_sentences(first: str, second: str) -> str:
    """Two sentences of a message: a space between them in English, none in Chinese."""
    return _("%(first)s %(second)s") % {"first": first, "second": second}


def after_review(request, obligation, done: str) -> HttpResponseRedirect:
    """After a review: on to the next submission waiting (saying how many are left), or back to the
    empty queue."""
    following, left = next_for_review(request.user, after=obligation)
    messages.success(request, two_sentences(done, left_message(left)))
    if following is None:
        return HttpResponseRedirect(reverse("inbox") + "?status=review")
    return HttpResponseRedirect(reverse("obligation-detail", args=[following.pk]) + "#review")


@login_required
@require_POST
def accept_selected(request):
    """Accept the latest submission of each selected obligation, all in one transaction."""
    user = request.user
    if not user.is_association_staff:
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = ""
    back = back or reverse("inbox") + "?status=review"
    raw = request.POST.getlist("obligation")
    ids = {int(value) for value in raw if value.isdigit()}
    if not ids or len(ids) != len(set(raw)):
        messages.error(request, _("Select the submissions to accept."))
        return HttpResponseRedirect(back)
    chosen = list(selectors.obligation_list(user=user).select_related("organisation").filter(pk__in=ids).order_by("id"))
    if len(chosen) != len(ids):
        messages.error(request, _("Some of the selected obligations no longer exist. Nothing was accepted."))
        return HttpResponseRedirect(back)
    try:
        count = obligations_accept_selected(obligations=chosen, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    _following, left = next_for_review(user)
    done = ngettext("%(count)d submission accepted.", "%(count)d submissions accepted.", count) % {"count": count}
    messages.success(request, two_sentences(done, left_message(left)))
    return HttpResponseRedirect(back)
