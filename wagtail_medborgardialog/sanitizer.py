"""The one place citizen text is normalised, plus personnummer detection.

Citizens' texts are public records (offentlighetsprincipen): they are stored as written, only
normalised (Unicode NFC, one kind of line ending, no control characters). Nothing that looks
like markup is removed: "Barn < 12 år" stays exactly that. Safety comes from escaping on output;
the ``citizen_text`` template filter escapes and adds links through :func:`linkify`.
"""

import html
import re
import unicodedata

from bleach.linkifier import Linker

LINK_REL = "nofollow ugc noopener"

# Control and format characters (Cc, Cf) except newline and tab; Cf also catches bidi overrides
# that can disguise text. Zero-width joiner (U+200D) and variation selectors stay: emoji need them.
_KEEP = {"\n", "\t", "\u200d", "\ufe0f", "\ufe0e"}


def _drop_control(text):
    return "".join(
        ch
        for ch in text
        if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )


def clean_text(value):
    """Return ``value`` normalised: NFC, ``\\n`` line endings, no control characters.

    Everything else, including ``<``, ``>`` and tag-like text, is kept as the citizen wrote it.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _drop_control(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_line(value):
    """Like :func:`clean_text` for one-line fields (names, organisations): no line breaks."""
    return " ".join(clean_text(value).split())


def _set_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://")):
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)


def linkify(text):
    """Escaped HTML for plain ``text``; bare http(s) URLs become nofollow ugc noopener links.

    The text is escaped first, so tag-like text shows as written ("<Kalle> Anka") and the
    linker only ever sees character data.
    """
    escaped = html.escape(text or "", quote=False)
    # Most contributions hold no link: bleach's own URL pattern finding nothing means its
    # parse and re-serialise (a quarter of a process page's time) would return the text as is.
    if not _linker.url_re.search(escaped):
        return escaped
    return _linker.linkify(escaped)


# Ten or twelve digits, with an optional - or + before the last four; samordningsnummer add 60
# to the day. Matched on digit boundaries so longer numbers (phone, case numbers) do not match.
_PNR = re.compile(r"(?<![\d])((?:19|20)?\d{2})(\d{2})(\d{2})\s?[-+]?\s?(\d{3})(\d)(?![\d])")


def _luhn_ok(digits):
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def find_personal_numbers(text):
    """Return the Swedish personal identity or co-ordination numbers in ``text`` (Luhn-checked)."""
    found = []
    for match in _PNR.finditer(text or ""):
        year, month, day, serial, check = match.groups()
        month_n, day_n = int(month), int(day)
        if day_n > 60:
            day_n -= 60  # samordningsnummer
        if not (1 <= month_n <= 12 and 1 <= day_n <= 31):
            continue
        if _luhn_ok(year[-2:] + month + day + serial + check):
            found.append(match.group(0))
    return found


def contains_personal_number(text):
    """Whether ``text`` holds something that is very likely a personnummer or samordningsnummer."""
    return bool(find_personal_numbers(text))
