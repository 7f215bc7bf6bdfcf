"""The sanitiser: no citizen string reaches HTML as markup; personnummer are detected."""

from html import unescape
from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from wagtail_medborgardialog import sanitizer

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<svg><script xlink:href="data:,alert(1)"></script></svg>',
    '<a href="javascript:alert(1)">klicka</a>',
    "javascript:alert(1)",
    '<iframe src="https://evil.example"></iframe>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x" onerror=alert(1)//',
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="&#106;avascript:alert(1)">x</a>',
]


def rendered(value):
    return Template("{% load medborgardialog_contributions %}{{ value|citizen_text }}").render(
        Context({"value": value})
    )


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_payload_is_stored_as_written(payload):
    assert sanitizer.clean_text(payload) == payload


class _Elements(HTMLParser):
    """Collects the elements and attributes a browser would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.elements.append(("!--", {}))


def elements(html):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_no_payload_survives_as_markup(payload):
    """Stored as written, the payload reaches HTML only as escaped text."""
    html = rendered(sanitizer.clean_text(payload))
    assert {tag for tag, _ in elements(html)} <= {"p", "br"}
    assert "<script" not in html.lower()


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_only_paragraphs_and_line_breaks_are_markup(payload):
    html = rendered(sanitizer.clean_text(payload))
    stripped = html.replace("<p>", "").replace("</p>", "").replace("<br>", "")
    assert "<" not in stripped
    # What a reader sees is what the citizen wrote.
    assert unescape(stripped) == payload


def test_linked_urls_carry_only_safe_attributes():
    html = rendered('https://example.se/"onmouseover=alert(1) <a href="javascript:x">')
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert links == [{"href": "https://example.se/", "rel": "nofollow ugc noopener"}]


@pytest.mark.parametrize(
    "text",
    ["Hastigheten bör vara <30 km/h", "Barn < 12 år", "<Kalle> Anka", "<b>Fler</b> bänkar"],
)
def test_sanitizer_keeps_less_than_sign_as_written(text):
    assert sanitizer.clean_text(text) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Hastigheten bör vara <30 km/h", "<p>Hastigheten bör vara &lt;30 km/h</p>"),
        ("Barn < 12 år", "<p>Barn &lt; 12 år</p>"),
        ("<Kalle> Anka", "<p>&lt;Kalle&gt; Anka</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ],
)
def test_citizen_text_is_escaped_on_output(text, escaped):
    assert rendered(text) == escaped


def test_swedish_letters_and_emoji_are_kept():
    assert sanitizer.clean_text("Åsa, Örjan och Ädel 👍🏽 🌳") == "Åsa, Örjan och Ädel 👍🏽 🌳"


def test_text_is_normalised_to_nfc():
    decomposed = "A\u030agatan"  # Å as A + combining ring
    assert sanitizer.clean_text(decomposed) == "\u00c5gatan"


def test_control_and_bidi_characters_are_dropped():
    assert sanitizer.clean_text("hej\x00\x07 då\u202e") == "hej då"


def test_line_breaks_are_kept():
    assert sanitizer.clean_text("Rad ett\r\nRad två") == "Rad ett\nRad två"


def test_ampersands_stay_plain_text():
    assert sanitizer.clean_text("Kaffe & bullar") == "Kaffe & bullar"


def test_bare_urls_become_ugc_links():
    html = sanitizer.linkify("Se https://example.se/parken")
    assert '<a href="https://example.se/parken" rel="nofollow ugc noopener">' in html


def test_javascript_urls_are_not_linked():
    assert "<a" not in sanitizer.linkify("javascript:alert(1)")


def test_clean_line_joins_lines():
    assert sanitizer.clean_line("Föreningen\nGrönt  Norrby") == "Föreningen Grönt Norrby"


@pytest.mark.parametrize(
    "text",
    [
        "Mitt personnummer är 811218-9876.",
        "pnr 198112189876",
        "8112189876",
        "Samordningsnummer 701063-2391",
        "19811218-9876",
    ],
)
def test_personal_numbers_are_detected(text):
    assert sanitizer.contains_personal_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "Ring 070-123 45 67",
        "Diarienummer 2026-1234",
        "Vi var 811299-1234 personer",  # impossible date
        "Telefon 0701234567",
    ],
)
def test_other_numbers_are_not_personal_numbers(text):
    assert not sanitizer.contains_personal_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fler träd, bättre belysning och en säker gångväg. Slut.Början",
        "<Kalle> Anka & co \"citat\" 'x' 1 < 2 > 0",
        "a\xa0b &amp; &lt; &nbsp; &#x27; tab\there é 😀 \u200b",
    ],
)
def test_texts_without_links_skip_the_parser_with_the_same_result(text):
    import html

    from wagtail_medborgardialog.sanitizer import _linker, linkify

    escaped = html.escape(text, quote=False)
    assert _linker.url_re.search(escaped) is None
    assert linkify(text) == _linker.linkify(escaped) == escaped
