"""django-axes counts failures per user name: allauth's form calls the field ``login`` and hands
``username`` or ``email`` to the backends, so the name is read from whichever is there."""


def username_of(request, credentials):
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower() or None
