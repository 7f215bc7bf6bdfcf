"""The demo content of Exempelkommun, built idempotently: each item is looked up by slug
and created only when missing, so running it again changes nothing."""

import datetime

from wagtail.models import Page, Site

from wagtail_medborgardialog.models import DialogueIndexPage, DialogueProcessPage

from .models import HomePage


def get_or_add_child(parent, model, slug, **fields):
    """Return the child of ``parent`` with ``slug``, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_home():
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # A fresh Wagtail database has a placeholder page at slug "home"; move it aside.
    for placeholder in root.get_children().filter(slug="home"):
        placeholder.slug = "valkommen"
        placeholder.save()
    home = HomePage(
        title="Exempelkommun",
        slug="home",
        intro=(
            "<p>Välkommen till Exempelkommun. Här kan du delta i kommunens medborgardialoger.</p>"
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.site_name = "Exempelkommun"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Exempelkommun",
        )
    for placeholder in root.get_children().filter(slug="valkommen"):
        placeholder.delete()
    return home


def build_processes(home):
    index = get_or_add_child(
        home,
        DialogueIndexPage,
        "medborgardialoger",
        title="Medborgardialoger",
        show_in_menus=True,
        intro="<p>Här ser du kommunens pågående och avslutade medborgardialoger.</p>",
    )
    get_or_add_child(
        index,
        DialogueProcessPage,
        "trygghet-i-centrum",
        title="Trygghet i centrum",
        question="Vad skulle få dig att känna dig tryggare i centrum på kvällstid?",
        purpose="<p>Kommunen vill samla perspektiv från alla som rör sig i centrum.</p>",
    )
    get_or_add_child(
        index,
        DialogueProcessPage,
        "nya-parken-i-norrby",
        title="Nya parken i Norrby",
        question="Hur ska den nya parken i Norrby användas?",
        purpose="<p>Parken planeras tillsammans med boende, skolor och föreningar.</p>",
    )
    return index


# Community contract -------------------------------------------------------------------

DEMO_STAKEHOLDERS = [
    ("Exempelkommun", "municipal_body"),
    ("Norrby IF", "civil_society"),
    ("Bostadsbolaget Exempelhem", "business"),
    ("Exempelhögskolan", "university"),
]

# (text, responsible, due date, goals, [(date, status, progress, what changed, meeting)])
DEMO_COMMITMENTS = [
    (
        "Kommunen sätter upp belysning längs gångvägen genom parken.",
        "Exempelkommun",
        datetime.date(2026, 10, 31),
        [11, 16],
        [
            (datetime.date(2026, 4, 15), "ongoing", 30, "Upphandlingen är klar.", None),
            (
                datetime.date(2026, 6, 10),
                "ongoing",
                70,
                "Hälften av stolparna står på plats.",
                datetime.date(2026, 6, 10),
            ),
        ],
    ),
    (
        "Kommunen bygger om lekplatsen så att barn med funktionsnedsättning kan leka där.",
        "Exempelkommun",
        datetime.date(2026, 8, 31),
        [3, 10, 11],
        [
            (datetime.date(2026, 4, 15), "ongoing", 20, "Ritningarna är klara.", None),
            (
                datetime.date(2026, 6, 10),
                "delayed",
                40,
                "Leveransen av gungor är försenad till hösten.",
                datetime.date(2026, 6, 10),
            ),
        ],
    ),
    (
        "Kommunen ordnar en öppen uppföljningsträff i parken varje halvår.",
        "Exempelkommun",
        datetime.date(2026, 12, 15),
        [16, 17],
        [(datetime.date(2026, 6, 10), "done", 100, "Första träffen hölls i juni.", None)],
    ),
    (
        "Norrby IF håller spontanidrott i parken två kvällar i veckan under sommaren.",
        "Norrby IF",
        datetime.date(2026, 8, 31),
        [3, 4],
        [(datetime.date(2026, 6, 10), "ongoing", 50, "Kvällarna är i gång.", None)],
    ),
    (
        "Norrby IF utbildar tio unga ledare som tar ansvar för aktiviteterna.",
        "Norrby IF",
        datetime.date(2026, 12, 31),
        [4, 8],
        [],
    ),
    (
        "Bostadsbolaget anställer tre sommarjobbare från området för skötsel av parken.",
        "Bostadsbolaget Exempelhem",
        datetime.date(2026, 6, 1),
        [8, 10],
        [(datetime.date(2026, 6, 1), "done", 100, "Tre ungdomar har börjat.", None)],
    ),
    (
        "Bostadsbolaget öppnar en lokal för föreningar intill parken.",
        "Bostadsbolaget Exempelhem",
        datetime.date(2026, 9, 30),
        [11, 17],
        [
            (
                datetime.date(2026, 6, 10),
                "cancelled",
                0,
                "Lokalen behövs för förskolan. Föreningarna får i stället tider i skolans lokaler.",
                datetime.date(2026, 6, 10),
            )
        ],
    ),
    (
        "Bostadsbolaget planterar fruktträd och anlägger odlingslotter.",
        "Bostadsbolaget Exempelhem",
        datetime.date(2027, 5, 31),
        [2, 11, 15],
        [],
    ),
    (
        "Högskolan följer upp tryggheten i parken med en enkät före och efter ombyggnaden.",
        "Exempelhögskolan",
        datetime.date(2027, 3, 31),
        [11, 16],
        [(datetime.date(2026, 4, 15), "ongoing", 25, "Den första enkäten är skickad.", None)],
    ),
    (
        "Högskolans studenter erbjuder läxhjälp i biblioteket en gång i veckan.",
        "Exempelhögskolan",
        datetime.date(2026, 12, 31),
        [4, 10],
        [(datetime.date(2026, 6, 10), "delayed", 10, "Starten flyttas till hösten.", None)],
    ),
]


def build_contract(index):
    """An adopted community contract under the Norrby dialogue, with follow-up."""
    from wagtail_medborgardialog.contracts import record_update
    from wagtail_medborgardialog.models import (
        Commitment,
        CommitmentGoal,
        CommunityContractPage,
        ContractGoal,
        ContractParty,
        Stakeholder,
    )

    stakeholders = {}
    for name, kind in DEMO_STAKEHOLDERS:
        stakeholders[name], _created = Stakeholder.objects.get_or_create(
            name=name, defaults={"kind": kind}
        )
    parent = index.get_children().filter(slug="nya-parken-i-norrby").first() or index
    contract = parent.get_children().filter(slug="samhallskontrakt-norrby").specific().first()
    if contract is None:
        signatories = [
            ("Eva Ek", "kommunstyrelsens ordförande"),
            ("Ali Ahmed", "ordförande"),
            ("Karin Berg", "vd"),
            ("Johan Lind", "rektor"),
        ]
        contract = CommunityContractPage(
            title="Samhällskontrakt för Norrby",
            slug="samhallskontrakt-norrby",
            vision="<p>Norrby är en trygg och levande stadsdel där alla kan mötas i parken.</p>",
            background=(
                "<p>Kontraktet bygger på dialogen om den nya parken i Norrby, där boende, "
                "skolor och föreningar lämnade över 200 synpunkter.</p>"
            ),
            rights="<p>Alla som bor i Norrby har rätt att använda parken och att bli hörda.</p>",
            obligations="<p>Varje part ansvarar för sina åtaganden och berättar hur det går.</p>",
            participation="<p>Boende bjuds in till öppna uppföljningsträffar varje halvår.</p>",
            human_rights_principles=(
                "<p>Icke-diskriminering, delaktighet och inflytande, öppenhet och "
                "ansvarsutkrävande.</p>"
            ),
            contract_status="follow_up",
            deciding_body="Kommunstyrelsen",
            decision_date=datetime.date(2026, 3, 10),
            case_number="KS 2026/0123",
        )
        contract.goal_links = [ContractGoal(goal=n) for n in (3, 10, 11, 16, 17)]
        contract.parties = [
            ContractParty(
                stakeholder=stakeholders[name],
                signatory_name=signatory,
                signatory_role=role,
                signed_on=datetime.date(2026, 3, 24),
            )
            for (name, _kind), (signatory, role) in zip(DEMO_STAKEHOLDERS, signatories, strict=True)
        ]
        commitments = []
        for text, responsible, due, goals, _updates in DEMO_COMMITMENTS:
            commitment = Commitment(
                text=text,
                responsible=stakeholders[responsible],
                due_date=due,
                source_page=parent if parent is not index else None,
                what_we_heard=(
                    "Många sa att parken känns otrygg när det är mörkt."
                    if "belysning" in text
                    else ""
                ),
            )
            commitment.goal_links = [CommitmentGoal(goal=n) for n in goals]
            commitments.append(commitment)
        contract.commitments = commitments
        parent.add_child(instance=contract)
        contract.save_revision().publish()
    for commitment, (*_fields, updates) in zip(
        contract.commitments.order_by("sort_order"), DEMO_COMMITMENTS, strict=False
    ):
        if commitment.updates.exists():
            continue
        for day, status, progress, change, meeting in updates:
            record_update(
                commitment,
                date=day,
                reported_by=str(commitment.responsible),
                change=change,
                status=status,
                progress=progress,
                meeting_on=meeting,
            )
    return contract


def build_demo():
    """Build (or find) the whole demo and return the home page."""
    home = build_home()
    index = build_processes(home)
    build_contract(index)
    return home
