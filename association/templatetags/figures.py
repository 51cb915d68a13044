"""Template filters for figures, as Chinese reports write them (see ``association.numbers``), built into
every template (settings ``builtins``): ``{{ amount|yuan }}`` → 1,234,567.00, ``{{ amount|wan_yuan }}`` → 123.46,
``{{ n|grouped }}`` → 12,345, ``{{ rate|percent }}`` (a fraction) and ``{{ rate|percent_points }}`` (already
in per cent) → 87.5%, ``{{ due_at|countdown }}`` → 还剩 3 天 4 小时. The unit goes in the header, once."""

from django import template

from association import numbers

register = template.Library()


@register.filter
def yuan(value):
    return numbers.yuan(value)


@register.filter
def wan_yuan(value):
    return numbers.wan_yuan(value)


@register.filter
def amount(value, places=2):
    """A figure already in the table's unit, with separators and ``places`` decimals."""
    return numbers.grouped(value, int(places))


@register.filter
def grouped(value):
    """A count with separators: 12,345."""
    return numbers.count(value)


@register.filter
def percent(value, places=1):
    return numbers.percent(value, int(places))


@register.filter
def percent_points(value, places=1):
    return numbers.percent_points(value, int(places))


@register.filter
def countdown(value):
    return numbers.countdown(value)
