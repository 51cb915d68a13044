"""Expected-status tables for the isolation matrix rows the domain apps keep in tests/<app>/matrix.py."""

from tests.conftest import ROLES


def page(visible, ok=200, denied=404, anon=302, acts=None, refused=403):
    """A portal page: ``ok`` for the roles in ``visible`` (``refused`` for those of them not in ``acts``,
    when given), ``denied`` (404: out of scope) for the others, ``anon`` for the anonymous visitor."""
    table = {}
    for role in ROLES:
        if role == "anonymous":
            table[role] = anon
        elif acts is not None and role in visible and role not in acts:
            table[role] = refused
        else:
            table[role] = ok if role in visible else denied
    return table


def api(visible, ok=200, denied=404, acts=None):
    """An API operation: as ``page``, with 401 for the anonymous caller."""
    return page(visible, ok=ok, denied=denied, anon=401, acts=acts)
