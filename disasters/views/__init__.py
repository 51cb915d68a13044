"""Portal pages of this app: the event list and page, loss reports and summaries (``pages``), and the
operations of regulators and staff on an event (``operations``)."""

from disasters.views.operations import event_estimates, event_record, event_step, grade_preview
from disasters.views.pages import event_detail, event_list, loss_report_entry, summary_download

__all__ = [
    "event_detail", "event_estimates", "event_list", "event_record", "event_step", "grade_preview",
    "loss_report_entry", "summary_download",
]  # fmt: skip
