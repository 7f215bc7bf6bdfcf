"""The demo's citizens' assembly: "Medborgarråd om trygghet i centrum", part of the town
centre dialogue, with volunteers recruited by letter, a drawn panel and its fairness report,
and a survey only its members answer (each invited with a personal link).

The pool is small (48 volunteers, 10 seats) so that the demo builds in a few seconds; the
LEXIMIN draw scales to pools of a thousand (make bench).
"""

import random
from datetime import datetime, time

from django.utils import timezone

from wagtail_medborgardialog import identity
from wagtail_medborgardialog.models import (
    CitizenPanelPage,
    Decision,
    PanelDraw,
    PanelQuota,
    PanelRecommendation,
    Volunteer,
)
from wagtail_medborgardialog.models.decisions import DecisionKind
from wagtail_medborgardialog.panels import draw as panel_draw

from .demo import day

SLUG = "medborgarrad-trygghet"
CATEGORIES = {
    # category: [(value, share of the volunteers, least seats, most seats)]
    "Kön": [("Kvinna", 55, 4, 6), ("Man", 43, 4, 6), ("Annat", 2, 0, 1)],
    "Ålder": [
        ("16–29 år", 12, 2, 3),
        ("30–49 år", 28, 2, 4),
        ("50–64 år", 30, 2, 3),
        ("65 år eller äldre", 30, 2, 3),
    ],
    "Bostadsområde": [("Centrum", 45, 2, 4), ("Norrby", 30, 2, 4), ("Söderby", 25, 2, 4)],
    "Hur trygg känner du dig i centrum på kvällen?": [
        ("Trygg", 50, 2, 5),
        ("Varken eller", 30, 2, 4),
        ("Otrygg", 20, 2, 4),
    ],
}
VOLUNTEERS = 48
SIZE = 10
# The story's dates (days from the day the demo is loaded): volunteering closes, the
# commitment is published, the public lottery's numbers are known and the draw is run, all
# before the term starts.
VOLUNTEERED = -75
COMMITTED = -45
DRAWN = -40
TERM_START = -30
PUBLIC_SOURCE = "Vinstnumren i en namngiven offentlig lottodragning efter publiceringen"
PUBLIC_VALUE = "4 11 17 23 28 31 35"
# The assembly met in the term's first weeks, handed over its recommendations, and the
# municipal executive board answered them.
HANDED_OVER = -12
RESPONDED = -3
# The members' survey: open during the term, invitations sent the day it opened, a few
# members have answered (three published, one waiting for the moderator).
SURVEY_SLUG = "enkat-medborgarradet-trygghet"
SURVEY_OPENS = -8
SURVEY_CLOSES = 14
SURVEY_ANSWERS = [
    # (days after opening, status, how safe, what would help)
    (1, "published", "Otrygg", "Bättre belysning vid busshållplatsen i centrum."),
    (2, "published", "Varken eller", "Fler vuxna ute i centrum på kvällarna."),
    (4, "published", "Trygg", ""),
    (6, "pending", "Otrygg", "Öppna butiker längre så att centrum inte blir tomt."),
]


def at(offset, hour):
    return timezone.make_aware(datetime.combine(day(offset), time(hour, 0)))


def build_panels(index):
    """Add the assembly to the town centre dialogue, with a drawn panel (idempotent)."""
    process = index.get_children().filter(slug="trygghet-i-centrum").first()
    if process is None:
        return None
    existing = process.get_children().filter(slug=SLUG).first()
    if existing is not None:
        return existing.specific
    page = CitizenPanelPage(
        slug=SLUG,
        title="Medborgarråd om trygghet i centrum",
        kind="assembly",
        size=SIZE,
        recruitment="invited",
        volunteering_open=False,
        term_start=day(TERM_START),
        term_end=day(150),
        eligibility="Alla som är 16 år eller äldre och folkbokförda i Exempelkommun.",
        purpose=(
            "<p>Tio invånare som tillsammans speglar kommunen träffas fyra kvällar, hör experter "
            "och lämnar rekommendationer till kommunstyrelsen om tryggheten i centrum.</p>"
            "<p>600 slumpvis utvalda invånare fick en inbjudan med en personlig kod. Bland de "
            f"{VOLUNTEERS} som anmälde intresse lottades rådet så att alla fick så lika chans "
            "som möjligt.</p>"
        ),
    )
    order = 0
    for category, rows in CATEGORIES.items():
        for value, _share, low, high in rows:
            page.panel_quotas.add(
                PanelQuota(
                    category=category,
                    value=value,
                    min_seats=low,
                    max_seats=high,
                    sort_order=order,
                )
            )
            order += 1
    process.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()

    rng = random.Random(21)  # the same volunteers every build
    panel_draw.generate_codes(page, 600)
    for i in range(VOLUNTEERS):
        answers = {
            category: rng.choices([r[0] for r in rows], weights=[r[1] for r in rows])[0]
            for category, rows in CATEGORIES.items()
        }
        Volunteer.objects.create(
            page=page,
            name=f"Invånare {i + 1}",
            email=f"invanare{i + 1}@exempelkommun.example",
            answers=answers,
            identity_hash=identity.identity_hash(
                "email", f"invanare{i + 1}@exempelkommun.example", scope=f"panel:{page.pk}"
            ),
            created_at=at(VOLUNTEERED + i % 20, 10),
            consent_at=at(VOLUNTEERED + i % 20, 10),
            confirmed_at=at(VOLUNTEERED + i % 20, 11),
        )
    draw = panel_draw.commit(page, None, public_source=PUBLIC_SOURCE)
    panel_draw.run(draw, None, public_value=PUBLIC_VALUE)
    PanelDraw.objects.filter(pk=draw.pk).update(
        committed_at=at(COMMITTED, 14), drawn_at=at(DRAWN, 14)
    )
    add_recommendations(page)
    build_panel_survey(process, page)
    return page


def build_panel_survey(process, panel):
    """A consultation only the assembly's members answer, with their invitations and answers."""
    from wagtail_medborgardialog.consultations.views import save_answers
    from wagtail_medborgardialog.models import (
        ConsultationPage,
        ConsultationQuestion,
        Contribution,
        PanelMemberInvitation,
    )
    from wagtail_medborgardialog.panels import consultations as panel_consultations

    from .demo import closes_after, opens_on

    if ConsultationPage.objects.filter(slug=SURVEY_SLUG).exists():
        return
    page = ConsultationPage(
        slug=SURVEY_SLUG,
        title="Enkät till medborgarrådet: trygghet i centrum på kvällen",
        intro=(
            "<p>Medborgarrådets ledamöter svarar på två frågor om tryggheten i centrum inför "
            "rådets sista möte. Svaren publiceras utan namn.</p>"
        ),
        deciding_body="Kommunstyrelsen",
        moderation_mode="pre",
        hide_results_until_closed=False,
        opens_at=opens_on(day(SURVEY_OPENS)),
        closes_at=closes_after(day(SURVEY_CLOSES)),
    )
    page.questions = [
        ConsultationQuestion(
            text="Hur trygg känner du dig i centrum på kvällen?",
            kind="single",
            choices="Trygg\nVarken eller\nOtrygg",
            required=True,
        ),
        ConsultationQuestion(text="Vad skulle göra centrum tryggare för dig?", kind="text"),
    ]
    process.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    gate = panel_consultations.set_gate(page, panel, None)
    invited = at(SURVEY_OPENS, 9)
    invitations = [
        PanelMemberInvitation.objects.create(gate=gate, volunteer=member, sent_at=invited)
        for member in panel_consultations.members(panel)
    ]
    safety, helps = list(page.questions.all())
    answered = invitations[: len(SURVEY_ANSWERS)]
    for invitation, (after, status, feeling, text) in zip(answered, SURVEY_ANSWERS, strict=True):
        sent = at(SURVEY_OPENS + after, 19)
        answers = [(safety, feeling)] + ([(helps, text)] if text else [])
        contribution = Contribution.objects.create(
            page=page,
            text="\n\n".join(f"{question.text}\n{value}" for question, value in answers),
            status=status,
            created_at=sent,
            confirmed_at=sent,
            published_at=sent if status == "published" else None,
            panel_invitation=invitation,
        )
        save_answers(contribution, answers)
        PanelMemberInvitation.objects.filter(pk=invitation.pk).update(answered_at=sent)


def add_recommendations(page):
    response = Decision.objects.create(
        page=page,
        page_title=page.title,
        revision=page.latest_revision,
        kind=DecisionKind.RESPONSE,
        decided_text=(
            "Kommunstyrelsen besvarar medborgarrådets rekommendationer om trygghet i centrum "
            "enligt förvaltningens förslag."
        ),
        deciding_body="Kommunstyrelsen",
        decision_date=day(RESPONDED),
        case_number="KS 2026/212",
        minutes_paragraph="88",
    )
    rows = [
        (
            "Bättre belysning längs gångstråken mellan Torget och stationen",
            "Rådet föreslår ny belysning på de tre gångstråk som flest upplever som otrygga.",
            "adopted",
            "Belysningen byts under hösten inom ramen för gatuförvaltningens budget.",
        ),
        (
            "Kameraövervakning på Torget",
            "En majoritet av rådet föreslår kameror på Torget kvällstid.",
            "partly",
            "Kommunen ansöker om tillstånd för kameror vid stationen men inte på Torget, där "
            "andra åtgärder prövas först.",
        ),
    ]
    for order, (title, text, outcome, answer) in enumerate(rows):
        PanelRecommendation.objects.create(
            page=page,
            sort_order=order,
            title=title,
            text=text,
            handed_over=day(HANDED_OVER),
            response=outcome,
            response_text=answer,
            decision=response,
        )
