"""Request body parsers: DRF's, with JSON nested too deep for Python (``[[[[…]]]]`` 50,000 levels) answered as
a 400 like any other malformed body, instead of a RecursionError (a 500)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
