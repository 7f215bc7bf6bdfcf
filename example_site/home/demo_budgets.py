"""Exempelkommun's participatory budget (medborgarbudget): a round in the result phase with
both outcomes on its result page, and its funded projects followed up as commitments of an
implementation contract ("you voted, we build"). Built once: found by slug on a second run."""

import random

from wagtail_medborgardialog import identity
from wagtail_medborgardialog.budgets import services
from wagtail_medborgardialog.contracts.follow_up import record_update
from wagtail_medborgardialog.models import (
    Ballot,
    BallotChoice,
    BudgetDistrict,
    BudgetPage,
    BudgetProject,
    CommunityContractPage,
    ContractParty,
    Decision,
    ProjectCommitment,
    Stakeholder,
    SustainableDevelopmentGoal,
)

SLUG = "medborgarbudget"

# (key, title, cost, district, goals, description, feasible, reasons)
PROJECTS = [
    (
        "utegym",
        "Utegym vid sjön",
        400000,
        None,
        [3],
        "Ett utegym med redskap för alla åldrar vid badplatsen.",
        True,
        "Ryms i detaljplanen; fritidsförvaltningen sköter underhållet.",
    ),
    (
        "bibliotek",
        "Bokbuss till byarna",
        600000,
        None,
        [4],
        "En bokbuss som stannar i byarna varannan vecka under ett år.",
        True,
        "Kan köras med bibliotekets personal.",
    ),
    (
        "konstgras",
        "Ny konstgräsplan",
        900000,
        None,
        [3],
        "Byt ut den slitna konstgräsplanen vid idrottsplatsen.",
        True,
        "",
    ),
    (
        "bankar",
        "Bänkar längs ån",
        120000,
        None,
        [11],
        "Tjugo bänkar med ryggstöd längs promenadvägen vid ån.",
        True,
        "",
    ),
    (
        "belysning",
        "Belysning på gångvägen i Norrby",
        250000,
        "Norrby",
        [11, 16],
        "Belysning längs gångvägen mellan skolan och idrottshallen.",
        True,
        "",
    ),
    (
        "lekplats",
        "Tillgänglig lekplats i Norrby",
        300000,
        "Norrby",
        [10],
        "En lekplats där barn som använder rullstol kan leka med de andra.",
        True,
        "",
    ),
    (
        "cykelpump",
        "Cykelpumpar i Söderby",
        60000,
        "Söderby",
        [11, 13],
        "Tre cykelpumpar vid skolorna och torget.",
        True,
        "",
    ),
    (
        "odling",
        "Odlingslotter i Söderby",
        180000,
        "Söderby",
        [2, 11],
        "Odlingslådor och vatten på gräsytan bakom hyreshusen.",
        True,
        "",
    ),
    (
        "linbana",
        "Linbana över ån",
        2500000,
        None,
        [9],
        "En linbana från centrum till friluftsområdet.",
        False,
        "Kostar mer än hela budgeten och kräver bygglov som inte hinns med.",
    ),
]


def build_budgets(home, day, opens_on, closes_after):
    """The round under ``home``; ``day``/``opens_on``/``closes_after`` are demo.py's helpers."""
    existing = home.get_children().filter(slug=SLUG).first()
    if existing:
        return existing.specific
    page = BudgetPage(
        slug=SLUG,
        title="Medborgarbudget 2026",
        show_in_menus=True,
        intro="<p>Exempelkommun avsätter 2 miljoner kronor som invånarna själva fördelar. "
        "Alla som bor, arbetar eller studerar i kommunen och har fyllt 13 år får rösta.</p>",
        total_budget=2000000,
        municipality_name="Exempelkommun",
        min_age=13,
        opens_at=opens_on(day(-150)),
        closes_at=closes_after(day(-110)),
        review_until=closes_after(day(-70)),
        voting_opens_at=opens_on(day(-60)),
        voting_closes_at=closes_after(day(-30)),
        result_at=opens_on(day(-14)),
        implementation_from=opens_on(day(60)),
    )
    home.add_child(instance=page)
    districts = {
        name: BudgetDistrict.objects.create(page=page, name=name, budget=budget, sort_order=i)
        for i, (name, budget) in enumerate([("Norrby", 400000), ("Söderby", 300000)])
    }
    goals = {g.number: g for g in SustainableDevelopmentGoal.objects.all()}
    projects = {}
    for order, (key, title, cost, district, numbers, text, feasible, reasons) in enumerate(
        PROJECTS
    ):
        project = BudgetProject.objects.create(
            page=page,
            sort_order=order,
            title=title,
            cost=cost,
            district=districts.get(district),
            description=text,
            feasibility="feasible" if feasible else "not_feasible",
            feasibility_reasons=reasons,
        )
        project.sdg_goals.set([goals[n] for n in numbers if n in goals])
        project.save()
        projects[key] = project
    page.save_revision().publish()
    cast_demo_ballots(page, districts, projects)
    services_freeze(page)
    Decision.objects.create(
        page=page,
        page_title=page.title,
        revision=page.latest_revision,
        kind="implementation",
        decided_text="Kommunfullmäktige beslutar att genomföra de projekt som fick pengar "
        "enligt metoden med lika andelar.",
        deciding_body="Kommunfullmäktige",
        decision_date=day(-20),
        case_number=f"KS {day(-20).year}/88",
        minutes_paragraph="112",
    )
    # Publishing the round with its result public makes the funded projects commitments of
    # the implementation contract (budgets/follow_up.py); the first follow-up comes a week
    # after the result.
    page.follow_up_contract = build_follow_up_contract(home, day)
    page.save_revision().publish()
    for number, link in enumerate(
        ProjectCommitment.objects.filter(project__page=page).order_by("project__sort_order")
    ):
        if number < 2:
            record_update(
                link.commitment,
                date=day(-7),
                reported_by="Samhällsbyggnadsförvaltningen",
                change="Beställningen är gjord; arbetet på plats börjar "
                f"{day(60).strftime('%Y-%m-%d')}.",
                status="ongoing",
                progress=10,
            )
    return page


def build_follow_up_contract(home, day):
    """The contract that follows up the funded projects, adopted with the same decision."""
    decided = day(-20)
    responsible, _created = Stakeholder.objects.get_or_create(
        name="Exempelkommun, samhällsbyggnadsförvaltningen",
        defaults={"kind": "municipal_body"},
    )
    contract = CommunityContractPage(
        title="Genomförande av Medborgarbudget 2026",
        slug="medborgarbudget-2026-genomforande",
        vision="<p>Projekten som invånarna valde i Medborgarbudget 2026 blir verklighet, och "
        "alla kan följa hur arbetet går.</p>",
        contract_status="follow_up",
        deciding_body="Kommunfullmäktige",
        decision_date=decided,
        case_number=f"KS {decided.year}/88",
    )
    contract.contract_parties = [ContractParty(stakeholder=responsible)]
    home.add_child(instance=contract)
    Decision.objects.create(
        page=contract,
        page_title=contract.title,
        kind="adoption",
        decided_text="Kommunfullmäktige beslutar att genomföra de projekt som fick pengar i "
        "Medborgarbudget 2026 och följa upp dem öppet.",
        deciding_body="Kommunfullmäktige",
        decision_date=decided,
        case_number=contract.case_number,
        minutes_paragraph="112",
    )
    revision = contract.save_revision()
    revision.publish()
    Decision.objects.filter(page=contract).update(revision=revision)
    return contract


def cast_demo_ballots(page, districts, projects):
    """Ballots with a story: a large sports-minded majority wants the artificial grass and the
    outdoor gym, which together take the whole municipal budget by votes; a smaller group wants
    the book bus and the benches. Norrby and Söderby vote for their own projects as well."""
    rng = random.Random(2026)
    # (voters, district, always, sometimes, how often "sometimes")
    groups = [
        (140, None, ["konstgras", "utegym"], ["bankar"], 0.15),
        (80, "Norrby", ["konstgras", "utegym", "belysning"], ["lekplats"], 0.5),
        (70, None, ["bibliotek", "bankar"], ["utegym"], 0.1),
        (60, "Söderby", ["bibliotek", "odling", "cykelpump"], ["bankar"], 0.5),
    ]
    number = 0
    choices = []
    for size, district, always, sometimes, often in groups:
        for _ in range(size):
            number += 1
            digest = identity.identity_hash(
                "email", f"rostande{number}@example.se", scope=services.scope(page)
            )
            ballot = Ballot.objects.create(
                page=page,
                identity_hash=digest,
                district=districts.get(district),
                confirmed_at=page.voting_opens_at,
            )
            chosen = always + [key for key in sometimes if rng.random() < often]
            choices += [BallotChoice(ballot=ballot, project=projects[key]) for key in chosen]
    BallotChoice.objects.bulk_create(choices)


def services_freeze(page):
    page.refresh_from_db()
    return services.freeze(page)
