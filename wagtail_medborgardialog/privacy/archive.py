"""Archive export of a page's contributions with their full moderation history (JSON and CSV).

The JSON follows ``data/archive.schema.json`` (documented in docs/privacy.md). Both formats
are built from the same records, so an archive holds the same facts whichever is handed over.
"""

import csv
import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from .. import __version__
from ..exports import csv_lines, formula_safe
from ..models import Contribution

SCHEMA_VERSION = 1
SCHEMA_ID = (
    "https://github.com/wagtail-medborgardialog/wagtail-medborgardialog/blob/main/"
    "wagtail_medborgardialog/data/archive.schema.json"
)

CONTRIBUTION_FIELDS = [
    "id",
    "status",
    "channel",
    "language",
    "text",
    "display_name",
    "organisation",
    "email",
    "flagged_personal_number",
    "created_at",
    "confirmed_at",
    "published_at",
    "moderated_at",
    "rejection_reason",
    "reply",
    "replied_at",
    "replied_by",
    "anonymised_at",
]
CSV_FIELDS = ["page_id", "page_title", *CONTRIBUTION_FIELDS, "reports", "history"]


def _iso(value):
    return value.isoformat() if value else None


def _user_name(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _histories(contribution_ids):
    """Audit log entries per contribution id, oldest first, in one query."""
    entries = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Contribution),
            object_id__in=[str(pk) for pk in contribution_ids],
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    by_id = defaultdict(list)
    for entry in entries:
        try:
            action = log_registry.get_action_label(entry.action)
        except KeyError:
            action = entry.action
        by_id[int(entry.object_id)].append(
            {
                "timestamp": _iso(entry.timestamp),
                "action": entry.action,
                "action_label": str(action),
                "user": _user_name(entry.user),
                "data": entry.data or {},
            }
        )
    return by_id


def contribution_queryset(page):
    return (
        Contribution.objects.filter(page_id=page.pk)
        .select_related("replied_by")
        .prefetch_related("reports")
        .order_by("created_at", "pk")
    )


def contribution_records(contributions):
    """Plain dicts (JSON-ready) for ``contributions``, each with its reports and history."""
    contributions = list(contributions)
    histories = _histories([c.pk for c in contributions])
    for c in contributions:
        yield {
            "id": c.pk,
            "page_id": c.page_id,
            "status": c.status,
            "channel": c.channel,
            "language": c.language,
            "text": c.text,
            "display_name": c.display_name,
            "organisation": c.organisation,
            "email": c.email,
            "flagged_personal_number": c.flagged_personal_number,
            "created_at": _iso(c.created_at),
            "confirmed_at": _iso(c.confirmed_at),
            "published_at": _iso(c.published_at),
            "moderated_at": _iso(c.moderated_at),
            "rejection_reason": c.rejection_reason,
            "reply": c.reply,
            "replied_at": _iso(c.replied_at),
            "replied_by": _user_name(c.replied_by),
            "anonymised_at": _iso(c.anonymised_at),
            "reports": [
                {"created_at": _iso(r.created_at), "reason": r.reason}
                for r in sorted(c.reports.all(), key=lambda r: (r.created_at, r.pk))
            ],
            "history": histories.get(c.pk, []),
        }


def page_record(page):
    page = page.specific
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.full_url,
        "type": page._meta.label,
        "opens_at": _iso(getattr(page, "opens_at", None)),
        "closes_at": _iso(getattr(page, "closes_at", None)),
    }


def build_archive(page, now=None):
    """The archive of ``page`` as a dict following archive.schema.json."""
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _iso(now or timezone.now()),
        "generator": f"wagtail-medborgardialog {__version__}",
        "page": page_record(page),
        "contributions": list(contribution_records(contribution_queryset(page))),
    }


def json_text(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def write_json(data, fileobj):
    fileobj.write(json_text(data))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return formula_safe(value)


def _history_cell(history):
    return "\n".join(
        " ".join(
            part
            for part in (h["timestamp"], h["action"], h["user"] or "", _data_text(h["data"]))
            if part
        )
        for h in history
    )


def _data_text(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else ""


def csv_rows(page, records=None):
    """CSV rows (header first) of ``page``'s contributions; history one event a line."""
    page = page.specific
    yield CSV_FIELDS
    if records is None:
        records = contribution_records(contribution_queryset(page))
    for record in records:
        row = [page.pk, page.title]
        row += [record[name] for name in CONTRIBUTION_FIELDS]
        row.append("\n".join(f"{r['created_at']} {r['reason']}".strip() for r in record["reports"]))
        row.append(_history_cell(record["history"]))
        yield [_cell(value) for value in row]


def stream_csv(page):
    """Lines of the CSV archive, for a StreamingHttpResponse."""
    return csv_lines(csv_rows(page))


def write_csv(page, fileobj, records=None):
    fileobj.write("\ufeff")
    writer = csv.writer(fileobj)
    for row in csv_rows(page, records):
        writer.writerow(row)


def filename(page, extension, now=None):
    stamp = (now or timezone.now()).strftime("%Y%m%dT%H%M%S")
    return f"synpunkter-{page.pk}-{page.slug}-{stamp}.{extension}"
