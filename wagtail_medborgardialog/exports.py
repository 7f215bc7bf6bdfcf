"""The one guard every CSV and XLSX export runs its text cells through (CSV injection).

Spreadsheet programs run a cell that starts with ``= + - @`` (or a tab or carriage return
followed by one) as a formula. Invisible format characters (Unicode category Cf: zero-width
space, word joiner, byte order mark, zero-width joiner ...) in front do not stop them, so the
check looks past those.
"""

import unicodedata

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
