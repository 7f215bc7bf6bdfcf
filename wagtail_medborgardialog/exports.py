"""Exports: the formula guard every CSV and XLSX cell passes, and the writers that stream them.

Admin listings export through Wagtail's spreadsheet export with :func:`formula_safe_preprocess`;
the exports that are not listings (a consultation's decision basis, the archive) stream their
rows through :func:`csv_lines`, :func:`json_array` and :func:`xlsx_bytes`.

The guard (CSV injection):
Spreadsheet programs run a cell that starts with ``= + - @`` (or a tab or carriage return
followed by one) as a formula. Invisible format characters (Unicode category Cf: zero-width
space, word joiner, byte order mark, zero-width joiner ...) in front do not stop them, so the
check looks past those.
"""

import csv
import io
import json
import unicodedata

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _visible_start(value):
    for index, char in enumerate(value):
        if unicodedata.category(char) != "Cf":
            return value[index:]
    return ""


def formula_safe(value):
    """``value`` as text that a spreadsheet shows as written: a leading ``'`` if it could run."""
    value = "" if value is None else str(value)
    if _visible_start(value).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_preprocess(fields):
    """``custom_field_preprocess`` for Wagtail's spreadsheet export of ``fields``."""
    return {name: {"csv": formula_safe, "xlsx": formula_safe} for name in fields}


class _Echo:
    """A file that hands back what is written, so csv.writer yields lines one by one."""

    def write(self, value):
        return value


def csv_lines(rows):
    """Lines of a CSV file of ``rows`` (cells already guarded), for a streaming response."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel reads UTF-8 (å, ä, ö intact) only after a byte order mark.
    for row in rows:
        yield writer.writerow(row)


def json_array(items):
    """Pieces of a JSON array of ``items``, written one item at a time."""
    yield "["
    for index, item in enumerate(items):
        yield ("," if index else "") + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "]"


def xlsx_bytes(sheet_title, rows):
    """An XLSX workbook with one sheet of ``rows`` (cells already guarded)."""
    from openpyxl import Workbook  # optional: Wagtail's spreadsheet export needs it too

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(content, export_format, filename):
    """A response that downloads ``content`` (bytes, or an iterator that is streamed)."""
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    else:
        response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
