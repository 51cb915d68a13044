"""The one scoping mechanism: ``Model.objects.visible_to(user)``.

Portal views, the API and the admin all start their querysets here. What a user may see
is decided by ``User.visible_organisation_ids()``; an object out of scope is simply not in
the queryset, so views answer 404 rather than 403.
"""

from django.db import models


class ScopedQuerySet(models.QuerySet):
    #: ORM path from this model to the organisation that owns a row
    organisation_path = "organisation"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        ids = user.visible_organisation_ids()
        if ids is None:  # unrestricted (association staff, provincial bureau)
            return self
        return self.filter(**{f"{self.organisation_path}__in": ids})
