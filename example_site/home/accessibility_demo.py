"""The demo's accessibility statement (tillgänglighetsredogörelse), below the home page.

Kept apart from the demo's story (demo.py): every site needs one, whatever its dialogues.
"""

import datetime

from django.utils import translation

ACCESSIBILITY_SLUG = "tillganglighetsredogorelse"


def build_accessibility_statement(home):
    """Publish (or find) Exempelkommun's statement, pre-filled as the admin pre-fills one."""
    from wagtail_medborgardialog.models import (
        AccessibilityGap,
        AccessibilityStatementPage,
        GapReason,
    )

    existing = AccessibilityStatementPage.objects.child_of(home).filter(slug=ACCESSIBILITY_SLUG)
    if existing.exists():
        return existing.get()
    with translation.override("sv"):
        page = AccessibilityStatementPage(
            title="Tillgänglighetsredogörelse",
            slug=ACCESSIBILITY_SLUG,
            show_in_menus=True,
            organisation="Exempelkommun",
            website="www.exempelkommun.se",
            feedback_email="tillganglighet@exempelkommun.se",
            feedback_phone="0123-45 67 00",
            assessed_on=datetime.date(2026, 9, 15),
            reviewed_on=datetime.date(2026, 10, 1),
            site_parts=(
                "<p>Kommunens egna sidor granskades i september 2026 med automatiska "
                "verktyg och manuellt med tangentbord och skärmläsare (NVDA).</p>"
            ),
        )
        page.prefill(home)
        page.gaps = [
            AccessibilityGap(
                description="Kartorna över stadsdelarna är bilder utan textalternativ.",
                reason=GapReason.NON_COMPLIANCE,
                criteria="1.1.1",
                remedy="Vi beskriver områdena i text under varje karta senast i mars 2027. "
                "Till dess berättar kontaktcenter gärna vad kartorna visar.",
            ),
            AccessibilityGap(
                description="Protokoll från nämnderna före 2018 är skannade PDF-filer.",
                reason=GapReason.OUTSIDE_SCOPE,
                remedy="Dokument publicerade före den 23 september 2018 omfattas inte av lagen. "
                "Vi skickar gärna ett protokoll i ett annat format om du frågar.",
            ),
        ]
        home.add_child(instance=page)
    page.save_revision().publish()
    return page
