"""The routers every app's API uses: an object's id in a URL is digits (``[0-9]+``) unless the viewset
says otherwise, so ``/cases/null,null/transition/`` is a 404 from the URL resolver instead of a
ValueError deep in a query (found by the API fuzzing gate)."""

from rest_framework import routers

DIGITS = "[0-9]+"


class _DigitsLookup:
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_value_regex", None) is None and getattr(viewset, "lookup_field", "pk") in (
            "pk",
            "id",
        ):
            viewset.lookup_value_regex = DIGITS
        return super().get_lookup_regex(viewset, lookup_prefix)


class Router(_DigitsLookup, routers.SimpleRouter):
    pass


class DefaultRouter(_DigitsLookup, routers.DefaultRouter):
    pass
