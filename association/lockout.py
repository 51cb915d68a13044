"""What a locked-out sign-in gets (django-axes): JSON for the API, a page for people."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    status = 429
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Too many failed sign-in attempts. Try again later.")},
            status=status,
            headers={"Retry-After": str(int(settings.AXES_COOLOFF_TIME * 3600))},
        )
    return render(request, "registration/locked_out.html", status=status)
