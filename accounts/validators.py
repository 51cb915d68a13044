"""Password complexity for 等保 level 3: characters from several classes (lower, upper, digit, symbol)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class CharacterClassesValidator:
    """At least ``classes`` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, classes: int = 3):
        self.classes = max(1, min(4, classes))

    def validate(self, password, user=None):
        if character_classes(password) < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return (
            ngettext(
                "Use characters of at least %(n)d kind: lower-case letters, upper-case letters, digits, symbols.",
                "Use characters of at least %(n)d of these kinds: lower-case letters, upper-case letters, digits, "
                "symbols.",
                self.classes,
            )
            % {"n": self.classes}
            if self.classes > 1
            else _("Use letters, digits or symbols.")
        )
