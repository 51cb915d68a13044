"""Scheduled reports: a generated report is a stored file, listed in the portal, e-mailed to subscribers.

* ``registry``: what a report kind is (a table builder and the regions it is generated for).
* ``writers``: a ``ReportTable`` as xlsx (openpyxl) or PDF (reportlab, Chinese via a CID font).
* ``compliance``: the first kind, the monthly compliance report (on-time rates per organisation).
* ``services.report_generate``: the idempotent service; ``tasks`` holds the Celery task.

Kinds register themselves when their module is imported; ``registry.get_kind`` imports the
built-in ones, so callers never need to.
"""
