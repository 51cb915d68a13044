"""Portal pages for generated reports: the list, and the download of one file. Out of scope is a 404."""

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from association.files import send_file
from association.reports.registry import kind_labels
from association.reports.selectors import may_see_reports, report_list
from association.reports.writers import CONTENT_TYPES

PAGE_SIZE = 50


@login_required
def report_list_view(request):
    if not may_see_reports(request.user):
        raise Http404
    reports = report_list(user=request.user)
    kind = request.GET.get("kind", "")
    labels = kind_labels()
    if kind in labels:
        reports = reports.filter(kind=kind)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page:
        report.kind_label = labels.get(report.kind, report.kind)
    return render(
        request,
        "association/reports/report_list.html",
        {"page_obj": page, "reports": page.object_list, "kinds": sorted(labels.items()), "kind": kind},
    )


@login_required
def report_download(request, pk):
    report = get_object_or_404(report_list(user=request.user), pk=pk)
    if not report.file or not report.file.storage.exists(report.file.name):
        raise Http404
    filename = re.sub(r'[\\/:*?"<>|\r\n]+', "_", report.title) + f".{report.file_format}"
    return send_file(
        report.file,
        filename=filename,
        content_type=CONTENT_TYPES.get(report.file_format, "application/octet-stream"),
    )
