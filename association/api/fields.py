"""Related fields that answer for the requesting user's scope.

A primary key the user may not see gets the same "does not exist" error as a key that does not
exist, so the API never confirms that another company's object is there. Serializers that take an
organisation (or any scoped object) by id use these instead of a field over ``objects.all()``.
"""

from rest_framework import serializers


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """``PrimaryKeyRelatedField`` over ``queryset.visible_to(request.user)``."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return queryset.visible_to(user) if user is not None else queryset.none()
