from rest_framework import permissions


class StaffWritesOthersRead(permissions.BasePermission):
    """Everyone signed in reads (within scope); only association staff write."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_association_staff


class ContactWrites(permissions.BasePermission):
    """Staff and member managers write contacts (of organisations they manage); others read."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        allowed = request.user.manageable_organisation_ids()
        return allowed is None or bool(allowed)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.may_manage(obj.organisation_id)
