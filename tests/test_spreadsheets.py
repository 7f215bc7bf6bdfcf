"""The one formula guard of every CSV and XLSX export."""

import pytest

from wagtail_medborgardialog.exports import formula_safe


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start):
    assert formula_safe(start + "SUM(A1)") == "'" + start + "SUM(A1)"


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060", "\u200d", "\u200b\u2060"])
def test_formula_guard_looks_past_invisible_format_characters(invisible):
    value = invisible + '=HYPERLINK("http://evil.example")'
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Fler bänkar", "", "12 - 3", "\u200bHej", "e-post: a@b.se"])
def test_ordinary_text_is_left_alone(value):
    assert formula_safe(value) == value


def test_none_is_an_empty_cell():
    assert formula_safe(None) == ""
