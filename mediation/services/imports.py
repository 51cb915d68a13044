"""Background import of historic cases: progress in the cache while it runs, all or nothing at the end.

The import runs ``association.importing.run_import`` (one pass in one transaction), so the progress is
the share of rows processed. It is kept in the cache (not the
database: the import's transaction would hide it) under ``progress_key(job_id)``.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from association.audit import acting, history_context
from association.importing import ImportFileError, read_dataset, run_import
from mediation.models import CaseImportJob
from mediation.resources import CaseResource

PROGRESS_EVERY = 200


def progress_key(job_id: int) -> str:
    return f"mediation:import:{job_id}:progress"


def job_progress(job: CaseImportJob) -> int:
    """0–100."""
    if job.status in (CaseImportJob.Status.DONE, CaseImportJob.Status.FAILED):
        return 100
    return int(cache.get(progress_key(job.pk), 0))


class ProgressCaseResource(CaseResource):
    def __init__(self, *args, job_id: int, total: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._job_id, self._total, self._done = job_id, max(total, 1), 0

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        self._done += 1
        if self._done % PROGRESS_EVERY == 0:
            cache.set(progress_key(self._job_id), min(99, 100 * self._done // self._total), 3600)


def case_import_run(*, job_id: int) -> CaseImportJob:
    """Run one job (idempotent: a finished or running job is left alone)."""
    with transaction.atomic():
        job = CaseImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != CaseImportJob.Status.PENDING:
            return job
        job.status = CaseImportJob.Status.RUNNING
        job.save(update_fields=["status"])
    with job.file.open("rb") as f:
        data = f.read()
    name = job.original_name or job.file.name
    total, imported, problems, committed = 0, 0, [], False
    try:
        total = len(read_dataset(data, name))
        # the cases are recorded as written by the person who uploaded the file, wherever this runs
        with history_context(actor_id=job.created_by_id):
            report = run_import(ProgressCaseResource(job_id=job.pk, total=total), data, name)
        problems, committed = [str(p) for p in report.problems], report.committed
        imported = report.new if committed else 0
    except ImportFileError as exc:
        problems = [str(exc)]
    job.total, job.imported, job.problems = total, imported, problems[:500]
    job.status = CaseImportJob.Status.DONE if committed else CaseImportJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["total", "imported", "problems", "status", "finished_at"])
    cache.delete(progress_key(job.pk))
    return job


@acting
@transaction.atomic
def case_import_job_create(*, actor, file) -> CaseImportJob:
    """Upload a large file of historic cases; the import runs in the background once this commits."""
    from association.attachments import safe_filename
    from mediation.tasks import case_import_task

    job = CaseImportJob(file=file, original_name=safe_filename(file.name), created_by=actor)
    job.full_clean()
    job.save()
    case_import_task.delay_on_commit(job.pk)
    return job
