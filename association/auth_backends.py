"""Permissions follow roles (issue 14: least privilege).

The administrator role (and a superuser) holds every admin permission. Association staff hold every
permission of the daily work, but not what belongs to the administrator: user accounts (they may look them
up), groups and permissions, settings (beat schedules), the sign-in lock-outs and API tokens. Django's model
permissions stay available for finer grants; this backend spares a permission list maintained by hand.
"""

from django.contrib.auth.backends import BaseBackend

#: apps whose every permission is the administrator's
ADMINISTRATOR_APPS = {"auth", "authtoken", "django_celery_beat", "axes", "otp_totp", "mfa", "account", "socialaccount"}
#: single permissions that are the administrator's (staff keep ``view_user``: lookups, autocompletes)
ADMINISTRATOR_PERMISSIONS = {"association.add_user", "association.change_user", "association.delete_user"}


def is_administrator_permission(perm: str) -> bool:
    return perm.split(".", 1)[0] in ADMINISTRATOR_APPS or perm in ADMINISTRATOR_PERMISSIONS


class RolePermissionBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None  # authentication is ModelBackend's job (behind django-axes)

    def _is_staff_role(self, user) -> bool:
        return bool(user.is_active and user.is_staff and getattr(user, "is_association_staff", False))

    def has_perm(self, user_obj, perm, obj=None):
        if not self._is_staff_role(user_obj):
            return False
        return user_obj.is_administrator or not is_administrator_permission(perm)

    def has_module_perms(self, user_obj, app_label):
        if not self._is_staff_role(user_obj):
            return False
        return user_obj.is_administrator or app_label not in ADMINISTRATOR_APPS
