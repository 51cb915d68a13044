"""The daily summary of an event: xlsx + PDF through the association's report writers, stored once
per event and day, e-mailed (PDF attached) through the outbox to the regulators of the event's regions."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from association.models import OutboundEmail
from association.reports.registry import Column, ReportTable
from association.reports.writers import write_pdf, write_xlsx
from disasters.dashboard import duration
from disasters.models import DailySummary, Event
from disasters.selectors import regulator_users, today_beijing
from disasters.summary import summary_data

WAN = 10_000


def wan(value) -> Decimal:
    """Yuan in 万元, to two decimals (as the seeds do): a number cell shown as 1,234.56."""
    return (Decimal(value) / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def summary_table(event: Event, day: dt.date, now: dt.datetime) -> ReportTable:
    data = summary_data(event, day, now)
    columns = [
        Column(_("Company / region"), width=28),
        Column(_("Region"), width=14),
        Column(_("Policies affected"), "int", 10),
        Column(_("Claims reported"), "int", 10),
        Column(_("Estimated loss (10k yuan)"), "amount", 14),
        Column(_("change"), "amount", 10, signed=True),
        Column(_("Claims paid (10k yuan)"), "amount", 14),
        Column(_("change"), "amount", 10, signed=True),
        Column(_("Advance payments (10k yuan)"), "amount", 14),
        Column(_("Reported today"), width=8),
    ]

    def line(label, region, today, change, reported):
        return [
            label, region, int(today["policies_affected"]), int(today["claims_reported"]),
            wan(today["estimated_loss"]), wan(change["estimated_loss"]), wan(today["claims_paid"]),
            wan(change["claims_paid"]), wan(today["advance_payments"]), reported,
        ]  # fmt: skip

    rows = [
        line(str(r["organisation"]), r["region"], r["today"], r["change"], _("yes") if r["reported_today"] else _("no"))
        for r in data["rows"]
    ]
    rows += [
        line(_("Region total: %(r)s") % {"r": g["region"]}, g["region"], g["today"], g["change"], "")
        for g in data["regions"]
    ]
    notes = [
        _("Late: %(list)s") % {"list": "; ".join(f"{n} ({duration(c.late_by)})" for n, c in data["late"]) or "—"},
        _("Missing: %(list)s") % {"list": "; ".join(n for n, _c in data["missing"]) or "—"},
        _("No report dated today: %(list)s") % {"list": "; ".join(data["not_reported"]) or "—"},
        _("Grade: %(g)s. Amounts in 10,000 yuan; changes against the previous day.") % {"g": event.grade or "—"},
    ]
    return ReportTable(
        title=_("Daily summary: %(event)s") % {"event": event.title},
        period_label=day.isoformat(),
        region_label="、".join(r.name for r in event.regions.all()),
        generated_at=now,
        columns=columns,
        rows=rows,
        totals=line(_("Total"), "", data["totals"], data["change"], ""),
        notes=notes,
    )


def summary_generate(*, event: Event, now: dt.datetime | None = None, day: dt.date | None = None) -> DailySummary:
    """Idempotent: the unique (event, date) row decides who stores and e-mails it."""
    now = now or timezone.now()
    day = day or today_beijing(now)
    existing = DailySummary.objects.filter(event=event, summary_date=day).first()
    if existing is not None:
        return existing
    with translation.override(settings.LANGUAGE_CODE):
        table = summary_table(event, day, now)
        summary = DailySummary(event=event, summary_date=day, created_at=now)
        base = f"disaster-{event.pk}-{day:%Y%m%d}"
        summary.xlsx.save(f"{base}.xlsx", ContentFile(write_xlsx(table)), save=False)
        summary.pdf.save(f"{base}.pdf", ContentFile(write_pdf(table)), save=False)
        try:
            with transaction.atomic():
                summary.save()
                _email(summary, table)
        except IntegrityError:
            summary.xlsx.delete(save=False)
            summary.pdf.delete(save=False)
            return DailySummary.objects.get(event=event, summary_date=day)
    return summary


def _email(summary: DailySummary, table: ReportTable) -> list[OutboundEmail]:
    url = reverse("disaster-event-detail", args=[summary.event_id])
    emails = [
        OutboundEmail(
            to=[user.email],
            subject=table.title[:300],
            body=_("Dear %(name)s,\n\nattached is %(title)s for %(date)s (PDF); the xlsx is in the portal: %(url)s")
            % {"name": str(user), "title": table.title, "date": table.period_label, "url": url},
            attachment_path=summary.pdf.path,
        )
        for user in regulator_users(summary.event)
        if user.email
    ]
    return OutboundEmail.objects.bulk_create(emails)
