"""Permissions follow roles: association staff may use every admin action.

Django's model permissions stay available for finer grants later (e.g. mediators in the
admin); this backend only adds "staff role ⇒ all permissions" so that a staff member does
not need a permission list maintained by hand.
"""

from django.contrib.auth.backends import BaseBackend


class RolePermissionBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None  # authentication is ModelBackend's job (behind django-axes)

    def _is_staff_role(self, user) -> bool:
        return bool(user.is_active and user.is_staff and getattr(user, "is_association_staff", False))

    def has_perm(self, user_obj, perm, obj=None):
        return self._is_staff_role(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return self._is_staff_role(user_obj)
