"""The demo's e-förslag: Exempelkommun's index with a proposal in every status."""

from datetime import timedelta

from django.utils import timezone

from wagtail_medborgardialog import identity
from wagtail_medborgardialog.e_proposals.views import scope
from wagtail_medborgardialog.models import (
    Area,
    Decision,
    EProposal,
    EProposalIndexPage,
    EProposalStatus,
    Signature,
    SustainableDevelopmentGoal,
    Topic,
)
from wagtail_medborgardialog.models.decisions import DecisionKind

S = EProposalStatus

INTRO = (
    "<p>Med e-förslag kan du som bor, arbetar eller studerar i Exempelkommun lämna förslag "
    "till kommunen. Ett förslag som får 25 underskrifter på 90 dagar lämnas till "
    "kommunfullmäktige, som ska besvara det inom sex månader. Förslag på de nationella "
    "minoritetsspråken finska, meänkieli, samiska, romani chib och jiddisch går direkt till "
    "beredning utan underskrifter.</p>"
)

# A proposal in Finnish, a national minority language: accepted at screening, it went
# straight to referral without signing (the index's rule), and its answer is owed from then.
FINNISH = {
    "title": "Suomenkieliset opasteet kirjastoon",
    "proposal": (
        "Kirjastoon tulee suomenkieliset opasteet ja suomenkielinen satutunti lapsille "
        "kerran kuukaudessa."
    ),
    "why": "Monet kunnan ruotsinsuomalaiset, varsinkin ikääntyneet, lukevat mieluiten suomeksi.",
    "screened_days": 50,
    "referred_after_days": 30,
}

# (title, status, days since it opened, signatures, topic, area, goal, proposal, why)
PROPOSALS = [
    (
        "Fler sittbänkar längs Norrbyån",
        S.OPEN,
        12,
        9,
        "parker-och-natur",
        "norrby",
        3,
        "Sätt upp sittbänkar var hundrade meter längs gångvägen vid Norrbyån.",
        "Många äldre vill promenera men behöver kunna vila på vägen.",
    ),
    (
        "Belysning på gång- och cykelvägen till Söderby skola",
        S.PASSED,
        40,
        25,
        "trygghet",
        "soderby",
        11,
        "Sätt upp belysning på gång- och cykelvägen mellan Söderby centrum och skolan.",
        "Vägen är mörk på vintern och barnen cyklar där tidigt på morgonen.",
    ),
    (
        "Utegym i Centrumparken",
        S.REFERRED,
        150,
        31,
        "kultur-och-fritid",
        "centrum",
        3,
        "Bygg ett enkelt utegym i Centrumparken, fritt för alla.",
        "Det finns inget utegym i centrum, och gymkort är dyra.",
    ),
    (
        "Fler cykelställ vid resecentrum",
        S.ANSWERED,
        320,
        28,
        "trafik",
        "centrum",
        11,
        "Bygg fler låsbara cykelställ vid resecentrum.",
        "Cykelställen är fulla varje morgon, och cyklar ställs i vägen.",
    ),
    (
        "Hundrastgård i Östra stan",
        S.NOT_PASSED,
        120,
        11,
        "parker-och-natur",
        "ostra-stan",
        15,
        "Inred en inhägnad hundrastgård i parken vid Östra torget.",
        "",
    ),
    (
        "Gratis bussar för pensionärer",
        S.CLOSED,
        500,
        25,
        "trafik",
        "",
        10,
        "Låt pensionärer åka gratis med stadsbussarna.",
        "Det skulle minska ensamheten och bilåkandet.",
    ),
    (
        "Konstgräsplan vid Norrby skola",
        S.SCREENING,
        None,
        0,
        "kultur-och-fritid",
        "norrby",
        3,
        "Anlägg en konstgräsplan vid Norrby skola.",
        "Grusplanen går inte att spela på när det regnar.",
    ),
    (
        "Stäng av gatan utanför mitt hus",
        S.REFUSED,
        None,
        0,
        "trafik",
        "norrby",
        None,
        "Stäng av Storgatan 5 för genomfart, för det är jag som bor där.",
        "",
    ),
    (
        "Pulkabacke i Söderbyparken",
        S.SUBMITTED,
        None,
        0,
        "kultur-och-fritid",
        "soderby",
        None,
        "Gör en pulkabacke av jordhögen i Söderbyparken.",
        "",
    ),
]


def _decision(index, title, kind, text, when, number):
    return Decision.objects.create(
        page=index,
        page_title=title,
        kind=kind,
        decided_text=text,
        deciding_body="Kommunfullmäktige",
        decision_date=when,
        case_number=f"KS {when.year}/{number}",
        minutes_paragraph=str(number),
    )


def build_e_proposals(home):
    """Find or build the e-förslag index below ``home`` with its proposals."""
    from .demo import get_or_add_child

    index = get_or_add_child(
        home,
        EProposalIndexPage,
        "e-forslag",
        title="E-förslag",
        show_in_menus=True,
        intro=INTRO,
        municipality_name="Exempelkommun",
        threshold_number=25,
        window_days=90,
        repeat_ban_months=12,
        minimum_age=16,
        answer_deadline_months=6,
    )
    if EProposal.objects.filter(page=index).exists():
        return index
    now = timezone.now()
    criteria = list(index.screening_criteria.all())
    for number, row in enumerate(PROPOSALS, start=1):
        title, status, opened_days, signed, topic, area, goal, text, why = row
        created = now - timedelta(days=(opened_days or 2) + 3)
        proposal = EProposal.objects.create(
            page=index,
            title=title,
            proposal=text,
            why=why,
            proposer_name=["Karin Ek", "Ali Hassan", "Lena Sjö", "Olle Berg"][number % 4],
            proposer_email=f"forslag{number}@example.se",
            show_name=number % 3 != 0,
            language="sv",
            status=status,
            created_at=created,
            confirmed_at=None if status == S.SUBMITTED else created + timedelta(hours=2),
        )
        if topic:
            proposal.topics.set(Topic.objects.filter(slug=topic))
        if area:
            proposal.areas.set(Area.objects.filter(slug=area))
        if goal:
            proposal.sdg_goals.set(SustainableDevelopmentGoal.objects.filter(number=goal))
        if status == S.REFUSED:
            proposal.screened_at = proposal.refused_at = created + timedelta(days=2)
            proposal.refusal_criterion = criteria[0]
            proposal.refusal_criterion_text = criteria[0].text
            proposal.refusal_reason = "Förslaget gäller en enskild fastighet."
        if opened_days is not None:
            opened = now - timedelta(days=opened_days)
            proposal.screened_at = proposal.opened_at = opened
            proposal.window_ends_at = opened + timedelta(days=index.window_days)
            proposal.threshold = index.threshold_number
            if signed >= proposal.threshold:
                proposal.passed_at = opened + timedelta(days=20)
                proposal.answer_due = index.answer_due(proposal.passed_at.date())
            elif status in (S.NOT_PASSED,):
                proposal.not_passed_at = proposal.window_ends_at
        if status in (S.REFERRED, S.ANSWERED, S.CLOSED):
            when = (proposal.passed_at + timedelta(days=30)).date()
            proposal.referral = _decision(
                index,
                title,
                DecisionKind.PROPOSAL_REFERRAL,
                "Förslaget överlämnas till tekniska nämnden för beredning.",
                when,
                100 + number,
            )
            proposal.referred_at = proposal.passed_at + timedelta(days=30)
        if status in (S.ANSWERED, S.CLOSED):
            when = (proposal.passed_at + timedelta(days=120)).date()
            answer_kind = "bifall" if status == S.ANSWERED else "avslag"
            proposal.answer = _decision(
                index,
                title,
                DecisionKind.RESPONSE,
                "Kommunfullmäktige bifaller förslaget. 40 nya cykelställ byggs under året."
                if answer_kind == "bifall"
                else "Kommunfullmäktige avslår förslaget med hänvisning till kostnaden.",
                when,
                200 + number,
            )
            proposal.answer_kind = answer_kind
            proposal.answered_at = proposal.passed_at + timedelta(days=120)
        if status == S.CLOSED:
            proposal.closed_at = proposal.answered_at + timedelta(days=10)
        paper = signed // 5
        proposal.signature_count, proposal.online_count, proposal.paper_count = (
            signed,
            signed - paper,
            paper,
        )
        proposal.notified_percent = 100 if signed >= 25 else 50 if signed >= 13 else 0
        proposal.save()
        Signature.objects.bulk_create(
            Signature(
                proposal=proposal,
                identity_hash=identity.identity_hash(
                    "email", f"invanare{n}@example.se", scope=scope(proposal)
                ),
                channel=identity.SignatureChannel.PAPER
                if n < paper
                else identity.SignatureChannel.ONLINE,
                level=identity.IdentityLevel.EMAIL,
                display_name="Birgitta" if n == paper else "",
                confirmed_at=proposal.opened_at + timedelta(days=1 + n % 10),
                signed_on=(proposal.opened_at + timedelta(days=1 + n % 10)).date(),
            )
            for n in range(signed)
        )
    _add_finnish_proposal(index, now, len(PROPOSALS) + 1)
    return index


def _add_finnish_proposal(index, now, number):
    screened = now - timedelta(days=FINNISH["screened_days"])
    referred = screened + timedelta(days=FINNISH["referred_after_days"])
    proposal = EProposal.objects.create(
        page=index,
        title=FINNISH["title"],
        proposal=FINNISH["proposal"],
        why=FINNISH["why"],
        proposer_name="Aino Niemi",
        proposer_email=f"forslag{number}@example.se",
        language="sv",
        text_language="fi",
        status=S.REFERRED,
        created_at=screened - timedelta(days=3),
        confirmed_at=screened - timedelta(days=3, hours=-2),
        screened_at=screened,
        passed_at=screened,
        signing_skipped=True,
        notified_percent=100,
        answer_due=index.answer_due(screened.date()),
        referred_at=referred,
        referral=_decision(
            index,
            FINNISH["title"],
            DecisionKind.PROPOSAL_REFERRAL,
            "Förslaget, som är skrivet på finska, överlämnas till kultur- och fritidsnämnden "
            "för beredning.",
            referred.date(),
            100 + number,
        ),
    )
    proposal.topics.set(Topic.objects.filter(slug="kultur-och-fritid"))
    proposal.areas.set(Area.objects.filter(slug="centrum"))
    proposal.sdg_goals.set(SustainableDevelopmentGoal.objects.filter(number=10))
