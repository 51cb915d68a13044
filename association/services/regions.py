"""Load an administrative-division file (CSV: code,name,name_en,level,parent_code)."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from association.choices import RegionLevel
from association.importing import decode_text
from association.models import Region

COLUMNS = ("code", "name", "name_en", "level", "parent_code")


@transaction.atomic
def regions_load(*, data: bytes | str) -> dict:
    """Create or update the regions in the file; all or nothing. Returns counts."""
    reader = csv.DictReader(io.StringIO(decode_text(data)))
    missing = [c for c in ("code", "name", "level") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(_("Missing columns: %(cols)s") % {"cols": ", ".join(missing)})
    rows = list(reader)
    problems = []
    by_code = {}
    for line, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if not code.isdigit():
            problems.append(_("line %(line)d, column code: “%(v)s” is not a division code") % {"line": line, "v": code})
        if (row.get("level") or "").strip() not in RegionLevel.values:
            problems.append(_("line %(line)d, column level: must be province or prefecture") % {"line": line})
        if code in by_code:
            problems.append(_("line %(line)d, column code: duplicate %(v)s") % {"line": line, "v": code})
        by_code[code] = (line, row)
    if problems:
        raise ValidationError(problems)
    created = updated = 0
    # provinces first, so prefectures find their parent
    for _code, (line, row) in sorted(by_code.items(), key=lambda kv: kv[1][1]["level"] != RegionLevel.PROVINCE):
        parent_code = (row.get("parent_code") or "").strip()
        parent = None
        if parent_code:
            parent = Region.objects.filter(code=parent_code).first()
            if parent is None:
                raise ValidationError(
                    _("line %(line)d, column parent_code: no region %(v)s") % {"line": line, "v": parent_code}
                )
        region, was_created = Region.objects.get_or_create(
            code=row["code"].strip(),
            defaults={"name": row["name"].strip(), "level": row["level"].strip(), "parent": parent},
        )
        region.name = row["name"].strip()
        region.name_en = (row.get("name_en") or "").strip()
        region.level = row["level"].strip()
        region.parent = parent
        region.full_clean()
        region.save()
        created += was_created
        updated += not was_created
    return {"created": created, "updated": updated}
