"""The account policy on every request of a signed-in person:

* the interface language they chose on their account page (unless they switched it in this browser);
* an account created with a temporary password goes to the password change first;
* staff, mediators and regulators without two-factor sign-in go to its set-up first: no portal page,
  admin page or API call answers until it is done.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.policy import account_state, missing_mfa

#: what stays open while the two-factor set-up is owed: the set-up (and allauth's password re-check before
#: it), signing out, the language switch, assets
OPEN_DURING_MFA_SETUP = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
)


#: the idle time-out is counted from the last request; the session is saved to move it at most this often
TOUCH_SECONDS = 60


def _keep_alive(request) -> None:
    """Idle time-out (``SESSION_IDLE_MINUTES``): a request moves the session's end, saving the session at
    most once a minute rather than on every request."""
    import time

    now = int(time.time())
    if now - request.session.get("_touched", 0) >= TOUCH_SECONDS:
        request.session["_touched"] = now


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        state = account_state(user)
        if state.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(state.language)
            request.LANGUAGE_CODE = state.language
        _keep_alive(request)
        step = self._owed_step(request, user, state)
        if step is not None:
            return step
        return self.get_response(request)

    def _owed_step(self, request, user, state):
        path = request.path
        if state.must_change_password:
            target = reverse("account_change_password")
            if path != target and not path.startswith(("/accounts/logout/", "/i18n/", "/static/")):
                return self._send(request, target, _("Change the temporary password before you go on."))
        if missing_mfa(user, state):
            allowed = path.startswith(OPEN_DURING_MFA_SETUP)
            if not allowed:
                return self._send(
                    request,
                    reverse("mfa_activate_totp"),
                    _("Set up two-factor sign-in with an authenticator app before you use the portal."),
                )
        return None

    def _send(self, request, target: str, message: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        from django.contrib import messages

        messages.warning(request, message)
        return redirect(target)
