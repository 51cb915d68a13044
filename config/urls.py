from allauth.account import views as allauth_views
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import PolicyTokenView


def admin_login_redirect(request):
    """The admin's own sign-in form would skip the second factor: it sends people to the portal's."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme, urlencode

    target = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    return redirect(f"/accounts/login/?{urlencode({'next': target})}")


urlpatterns = [
    path("", include("association.urls")),
    # one sign-in for the portal and the admin: django-allauth's (password, then the second factor)
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("admin/login/", admin_login_redirect, name="admin-login"),
    # the account page holds name, e-mail and phone: allauth's e-mail management and sign-up are not used
    path("accounts/email/", RedirectView.as_view(pattern_name="account-home"), name="account_email"),
    path("accounts/signup/", RedirectView.as_view(pattern_name="login"), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/auth/token/", PolicyTokenView.as_view(), name="api-token"),
    path("api/v1/", include("association.api.urls")),
    path("api/v1/disasters/", include("disasters.api.urls")),
    path("api/v1/mediation/", include("mediation.api.urls")),
    path("api/v1/selfregulation/", include("selfregulation.api.urls")),
    path("api/v1/campaigns/", include("campaigns.api.urls")),
    path("api/v1/governance/", include("governance.api.urls")),
    path("disasters/", include("disasters.urls")),
    path("mediation/", include("mediation.urls")),
    path("selfregulation/", include("selfregulation.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("messages/", include("messaging.urls")),
    path("governance/", include("governance.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves its script from a URL (no inline script: CSP)
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler404 = "association.views.registry.error_404"

# uploaded files are never served by URL (no static(MEDIA_URL)): every download is a view that checks scope
