"""Uploaded files leave the portal only through a view that checked scope (issue 14): ``MEDIA_ROOT`` is never
served by URL, in development either. The view hands the file over with ``send_file``:

* ``FILE_DELIVERY=django`` (default): Django streams it (``FileResponse``);
* ``FILE_DELIVERY=x-accel``: nginx sends it: the response carries ``X-Accel-Redirect: <FILE_DELIVERY_PREFIX><name>``
  (percent-encoded: stored names may be Chinese) and nginx maps that ``internal`` location onto ``MEDIA_ROOT``
  (README, "Uploaded files"). X-Sendfile (Apache) is not offered: it takes a raw path in a header, which
  cannot carry the Chinese file names.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def send_file(fieldfile, *, filename: str, as_attachment: bool = True, content_type: str | None = None):
    """The response that hands ``fieldfile`` (a FileField's value) over, or 404 when there is no such file."""
    if not fieldfile or not fieldfile.name:
        raise Http404
    storage, name = fieldfile.storage, fieldfile.name
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    delivery = getattr(settings, "FILE_DELIVERY", "django")
    if delivery == "django":
        try:
            handle = storage.open(name, "rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    else:
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        response["X-Accel-Redirect"] = quote(settings.FILE_DELIVERY_PREFIX.rstrip("/") + "/" + name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
