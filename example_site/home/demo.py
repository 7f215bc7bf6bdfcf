"""The demo content of Exempelkommun, built idempotently: each item is looked up by slug
and created only when missing, so running it again changes nothing."""

import datetime
from datetime import timedelta

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from wagtail.models import Page, Site

from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    Area,
    ContactPerson,
    Decision,
    DialogueIndexPage,
    DialogueProcessPage,
    ProcessContact,
    StepStatus,
    SustainableDevelopmentGoal,
    Topic,
)

from .demo_translations import build_translations
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


# Where `make demo` serves the site: links in e-mails and feeds built without a request
# (background tasks) come from the Site record, so it must say the same.
DEMO_HOSTNAME = "127.0.0.1"
DEMO_PORT = 8000


def match_demo_site():
    """Point the default Site at where `make demo` serves, unless it already is."""
    Site.objects.filter(is_default_site=True).exclude(
        hostname=DEMO_HOSTNAME, port=DEMO_PORT
    ).update(hostname=DEMO_HOSTNAME, port=DEMO_PORT)
    Site.clear_site_root_paths_cache()


def closes_after(day):
    """The moment input closes: the end of ``day``, local time."""
    next_day = day + timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def opens_on(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def build_home():
    home = HomePage.objects.first()
    if home:
        match_demo_site()
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
            hostname=DEMO_HOSTNAME,
            port=DEMO_PORT,
            root_page=home,
            is_default_site=True,
            site_name="Exempelkommun",
        )
    for placeholder in root.get_children().filter(slug="valkommen"):
        placeholder.delete()
    match_demo_site()
    return home


def build_taxonomy():
    """Topics, areas and contact persons the demo processes use."""
    topics = {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [
            ("parker-och-natur", "Parker och natur"),
            ("trygghet", "Trygghet"),
            ("trafik", "Trafik och resor"),
            ("kultur-och-fritid", "Kultur och fritid"),
        ]
    }
    areas = {
        slug: Area.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [
            ("centrum", "Centrum"),
            ("norrby", "Norrby"),
            ("soderby", "Söderby"),
            ("ostra-stan", "Östra stan"),
        ]
    }
    contacts = {
        name: ContactPerson.objects.get_or_create(name=name, defaults=fields)[0]
        for name, fields in [
            (
                "Maria Berg",
                {
                    "title": "Processledare",
                    "email": "maria.berg@exempelkommun.se",
                    "phone": "0123-45 67 01",
                },
            ),
            (
                "Johan Nilsson",
                {
                    "title": "Kommunikatör",
                    "email": "johan.nilsson@exempelkommun.se",
                    "phone": "0123-45 67 02",
                },
            ),
        ]
    }
    return topics, areas, contacts


def get_or_add_process(
    index, slug, *, steps=(), topics=(), areas=(), goals=(), contacts=(), decision=None, **fields
):
    """A process with SKR's seven steps, the first ones given a status, created if missing.

    ``decision`` (fields of a Decision) is recorded before publishing: steps after SKR step 4
    may only have started once the decision on implementation is on record."""
    existing = index.get_children().filter(slug=slug).first()
    if existing:
        page = existing.specific
        if page.closes_at is None and fields.get("closes_at"):
            # Demos built before processes had a closing date get one, so the privacy text's
            # promise is kept; no new revision, the page content is unchanged.
            DialogueProcessPage.objects.filter(pk=page.pk).update(
                opens_at=fields.get("opens_at"), closes_at=fields["closes_at"]
            )
        return page
    page = DialogueProcessPage.with_default_steps(slug=slug, **fields)
    for step, (status, summary) in zip(page.steps.all(), steps, strict=False):
        step.status = status
        step.summary = summary
    page.topics = list(topics)
    page.areas = list(areas)
    page.sdg_goals = list(SustainableDevelopmentGoal.objects.filter(number__in=goals))
    page.contacts = [ProcessContact(contact_person=c, sort_order=i) for i, c in enumerate(contacts)]
    page.live = False
    index.add_child(instance=page)
    if decision:
        Decision.objects.create(page=page, page_title=page.title, **decision)
    page.save_revision().publish()
    return page


def build_processes(home):
    index = get_or_add_child(
        home,
        DialogueIndexPage,
        "medborgardialoger",
        title="Medborgardialoger",
        show_in_menus=True,
        intro="<p>Här ser du kommunens pågående och avslutade medborgardialoger.</p>",
    )
    topics, areas, contacts = build_taxonomy()
    today = timezone.localdate()
    done, ongoing = StepStatus.DONE, StepStatus.ONGOING
    get_or_add_process(
        index,
        "trygghet-i-centrum",
        title="Trygghet i centrum",
        question="Vad skulle få dig att känna dig tryggare i centrum på kvällstid?",
        purpose="<p>Kommunen vill samla perspektiv från alla som rör sig i centrum.</p>",
        participation_level="dialogue",
        can_influence="<p>Belysning, möblering och vilka aktiviteter som ordnas på kvällarna.</p>",
        cannot_influence="<p>Polisens arbete och butikernas öppettider.</p>",
        deciding_body="Kommunstyrelsen",
        decision_timing="Våren 2027",
        target_groups="Boende, näringsidkare, unga och föreningar i centrum",
        start_date=today - timedelta(days=120),
        end_date=today + timedelta(days=200),
        closes_at=closes_after(today + timedelta(days=200)),
        steps=[
            (done, "<p>Kommunstyrelsen gav uppdraget och en styrgrupp tillsattes.</p>"),
            (done, "<p>Över 400 personer svarade på enkäten och gick trygghetsvandringar.</p>"),
            (ongoing, "<p>Workshoppar med unga och näringsidkare pågår under hösten.</p>"),
        ],
        topics=[topics["trygghet"]],
        areas=[areas["centrum"]],
        goals=[11, 16],
        contacts=[contacts["Maria Berg"], contacts["Johan Nilsson"]],
    )
    get_or_add_process(
        index,
        "nya-parken-i-norrby",
        title="Nya parken i Norrby",
        question="Hur ska den nya parken i Norrby användas?",
        purpose="<p>Parken planeras tillsammans med boende, skolor och föreningar.</p>",
        participation_level="influence",
        can_influence="<p>Vilka aktiviteter och platser parken ska ha.</p>",
        cannot_influence="<p>Parkens läge och storlek, som redan är beslutade i detaljplanen.</p>",
        deciding_body="Tekniska nämnden",
        decision_timing="Hösten 2027",
        target_groups="Boende, skolor och föreningar i Norrby",
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=150),
        closes_at=closes_after(today + timedelta(days=150)),
        steps=[
            (done, "<p>Uppdraget är givet och berörda är kartlagda.</p>"),
            (ongoing, "<p>Vi samlar in idéer på plats i Norrby och på webben.</p>"),
        ],
        topics=[topics["parker-och-natur"], topics["kultur-och-fritid"]],
        areas=[areas["norrby"]],
        goals=[3, 11, 15],
        contacts=[contacts["Maria Berg"]],
    )
    get_or_add_process(
        index,
        "cykelvagar-i-soderby",
        title="Cykelvägar i Söderby",
        question="Var behövs nya eller bättre cykelvägar i Söderby?",
        purpose="<p>Kommunen ska ta fram en cykelplan för Söderby och vill veta hur du cyklar.</p>",
        participation_level="consultation",
        can_influence="<p>Vilka sträckor som prioriteras.</p>",
        cannot_influence="<p>Budgeten för cykelplanen.</p>",
        deciding_body="Samhällsbyggnadsnämnden",
        decision_timing="Början av 2028",
        target_groups="Alla som cyklar i eller genom Söderby",
        start_date=today + timedelta(days=60),
        end_date=today + timedelta(days=240),
        opens_at=opens_on(today + timedelta(days=60)),
        closes_at=closes_after(today + timedelta(days=240)),
        topics=[topics["trafik"]],
        areas=[areas["soderby"]],
        goals=[3, 11, 13],
        contacts=[contacts["Johan Nilsson"]],
    )
    get_or_add_process(
        index,
        "biblioteket-i-ostra-stan",
        title="Biblioteket i Östra stan",
        question="Vad vill du att det nya biblioteket i Östra stan ska erbjuda?",
        purpose="<p>Biblioteket byggdes om och invånarna var med och formade innehållet.</p>",
        participation_level="consultation",
        deciding_body="Kultur- och fritidsnämnden",
        target_groups="Boende i Östra stan",
        start_date=today - timedelta(days=700),
        end_date=today - timedelta(days=30),
        closes_at=closes_after(today - timedelta(days=30)),
        feedback=(
            "<p>Vi fick 230 synpunkter. Längre öppettider, en läxhjälpshörna och fler "
            "tidningar på lätt svenska finns nu i biblioteket. Önskemålet om ett café "
            "ryms inte i budgeten.</p>"
        ),
        steps=[(done, "")] * 7,
        decision={
            "kind": "implementation",
            "decided_text": (
                "Nämnden beslutar att genomföra förslagen från dialogen: längre "
                "öppettider, en läxhjälpshörna och fler tidningar på lätt svenska."
            ),
            "deciding_body": "Kultur- och fritidsnämnden",
            "decision_date": today - timedelta(days=400),
            "case_number": "KFN 2025/12",
            "minutes_paragraph": "12",
        },
        topics=[topics["kultur-och-fritid"]],
        areas=[areas["ostra-stan"]],
        goals=[4, 10],
        contacts=[contacts["Johan Nilsson"]],
    )
    return index


# One demo user per workflow group (local demo only; same password as the admin).
DEMO_WORKFLOW_USERS = {
    "processledare": workflows.PROCESS_LEADERS,
    "styrgrupp": workflows.STEERING_GROUP,
    "beslutande": workflows.DECIDING_BODY,
}
DEMO_WORKFLOW_PASSWORD = "exempelkommun"


def build_workflows():
    """The default groups and workflows, a user per group, and one decision on record."""
    if not django_settings.DEBUG:
        # The users' password is published; load_demo refuses earlier with the reason.
        raise ImproperlyConfigured("Demo users with a known password need DEBUG on.")
    workflows.setup_defaults()
    User = get_user_model()
    for username, group_name in DEMO_WORKFLOW_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, f"{username}@exempelkommun.se", DEMO_WORKFLOW_PASSWORD
            )
            user.groups.add(Group.objects.get(name=group_name))
    process = DialogueProcessPage.objects.filter(slug="trygghet-i-centrum").first()
    if process and not Decision.objects.filter(case_number="KS 2026/45").exists():
        Decision.objects.create(
            page=process,
            page_title=process.title,
            revision=process.live_revision,
            # The assignment that started the dialogue (SKR step 1), not yet the decision on
            # implementation: the process is in step 3.
            kind="assignment",
            decided_text=(
                "Kommunstyrelsen ger kommunledningsförvaltningen i uppdrag att genomföra en "
                "medborgardialog om trygghet i centrum och återkomma med förslag."
            ),
            deciding_body="Kommunstyrelsen",
            decision_date=datetime.date(2026, 3, 4),
            case_number="KS 2026/45",
            minutes_paragraph="45",
        )


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


def build_citations():
    """You said, we did: the Norrby contract cites the published contributions behind it."""
    from wagtail_medborgardialog.models import Commitment, CommitmentSource, Contribution

    citations = [
        ("plaskdamm", "Exempelkommun"),
        ("ängsblommor", "Norrby IF"),
    ]
    for words, responsible in citations:
        contribution = Contribution.objects.visible().filter(text__contains=words).first()
        commitment = (
            Commitment.objects.filter(page__slug="samhallskontrakt-norrby")
            .filter(responsible__name__startswith=responsible)
            .order_by("sort_order", "pk")
            .first()
        )
        if contribution and commitment:
            CommitmentSource.objects.get_or_create(commitment=commitment, contribution=contribution)


def build_demo():
    """Build (or find) the whole demo and return the home page."""
    home = build_home()
    index = build_processes(home)
    build_contract(index)
    build_contributions()
    build_citations()
    build_privacy(home)
    build_consultations()
    # Last: the setup assigns workflows to the pages built above.
    build_workflows()
    build_translations()
    return home


DEMO_CONTRIBUTIONS = {
    "trygghet-i-centrum": [
        {
            "text": "Belysningen i gångtunneln vid stationen är trasig sedan i höstas. "
            "Det känns otryggt att gå där efter mörkrets inbrott.",
            "display_name": "Kvällspendlare",
            "status": "published",
            "reply": "Tack för att du hör av dig. Gatuenheten byter armaturerna i tunneln "
            "under november.",
        },
        {
            "text": "Fler öppna verksamheter på kvällen skulle göra torget levande. "
            "Kanske ett kafé som har öppet till nio?",
            "display_name": "",
            "status": "published",
        },
        {
            "text": "Vi i föreningen vill gärna ordna nattvandringar tillsammans med kommunen.",
            "display_name": "Maria",
            "organisation": "Föräldraföreningen Centrum",
            "status": "published",
        },
        {
            "text": "Busshållplatsen vid Storgatan behöver ett väderskydd med belysning.",
            "display_name": "Olle",
            "status": "pending",
        },
    ],
    "nya-parken-i-norrby": [
        {
            "text": "En plaskdamm för de minsta barnen och skuggiga bänkar för oss äldre.",
            "display_name": "Farmor i Norrby",
            "status": "published",
            "reply": "Både plaskdamm och skuggiga sittplatser finns med i skissförslaget "
            "som visas på dialogmötet.",
        },
        {
            "text": "Låt en del av parken vara vild med ängsblommor för pollinerare.",
            "display_name": "",
            "organisation": "Naturskyddsföreningen Norrby",
            "status": "published",
        },
        {
            "text": "Skolan vill använda parken till utomhusundervisning. "
            "Ett enkelt utomhusklassrum vore fantastiskt.",
            "display_name": "Lärare på Norrbyskolan",
            "status": "pending",
            "channel": "meeting",
        },
    ],
}


def build_contributions():
    """Published, pending and answered contributions on the demo processes (by slug)."""
    from django.utils import timezone

    from wagtail_medborgardialog.models import Contribution, DialogueProcessPage

    now = timezone.now()
    for slug, items in DEMO_CONTRIBUTIONS.items():
        page = DialogueProcessPage.objects.filter(slug=slug).first()
        if page is None:
            continue
        for offset, item in enumerate(items):
            if Contribution.objects.filter(page=page, text=item["text"]).exists():
                continue
            fields = {
                "display_name": item.get("display_name", ""),
                "organisation": item.get("organisation", ""),
                "email": f"demo{offset}@exempelkommun.se",
                "status": item["status"],
                "channel": item.get("channel", "web"),
                "reply": item.get("reply", ""),
                "created_at": now - timezone.timedelta(days=10 - offset),
                "confirmed_at": now - timezone.timedelta(days=10 - offset),
            }
            if item["status"] == "published":
                fields["published_at"] = now - timezone.timedelta(days=9 - offset)
            if item.get("reply"):
                fields["replied_at"] = now - timezone.timedelta(days=8 - offset)
            Contribution.objects.create(page=page, text=item["text"], **fields)


def build_privacy(home):
    """The demo site's contact for personal data questions, shown in the privacy text."""
    from wagtail_medborgardialog.models import MedborgardialogSettings

    site = home.get_site()
    if site is None:
        return
    settings = MedborgardialogSettings.for_site(site)
    if not settings.privacy_contact_email:
        settings.privacy_contact_email = "dataskyddsombud@exempelkommun.se"
        settings.save()


# Consultations ---------------------------------------------------------------

DEMO_QUESTIONS = [
    {
        "text": "Vilket förslag till utformning föredrar du?",
        "kind": "single",
        "choices": "Förslag A: ängspark\nFörslag B: aktivitetspark\nFörslag C: en blandning",
        "required": True,
    },
    {
        "text": "Vad vill du kunna göra i parken?",
        "kind": "multiple",
        "choices": "Promenera\nLeka\nTräna\nOdla\nMötas och grilla",
    },
    {
        "text": "Hur trygg känner du dig i området i dag?",
        "kind": "scale",
        "scale_min_label": "Inte alls trygg",
        "scale_max_label": "Mycket trygg",
    },
    {
        "text": "Vad mer ska vi tänka på?",
        "kind": "text",
        "help_text": "Skriv gärna vad som är viktigast för dig.",
    },
]

# (display name, on behalf of (stakeholder name), area slug, status, answers by question index)
DEMO_RESPONSES = {
    "samrad-om-parkens-utformning": [
        (
            "Farmor i Norrby",
            None,
            "norrby",
            "published",
            {
                0: "Förslag A: ängspark",
                1: ["Promenera", "Mötas och grilla"],
                2: 3,
                3: "Fler bänkar i skugga och en toalett som är öppen året runt.",
            },
        ),
        (
            "",
            "Norrby IF",
            "norrby",
            "published",
            {
                0: "Förslag B: aktivitetspark",
                1: ["Träna", "Leka"],
                2: 4,
                3: "Föreningen vill gärna sköta en spontanidrottsyta tillsammans med kommunen.",
            },
        ),
        ("Anders", None, "centrum", "pending", {0: "Förslag C: en blandning", 2: 2}),
    ],
    "perspektivinsamling-trygghet": [
        (
            "Kvällspendlare",
            None,
            "centrum",
            "published",
            {
                0: "Förslag C: en blandning",
                1: ["Promenera"],
                2: 2,
                3: "Bättre belysning vid stationen och längs Storgatan.",
            },
        ),
        (
            "",
            "Bostadsbolaget Exempelhem",
            "centrum",
            "published",
            {
                0: "Förslag A: ängspark",
                1: ["Mötas och grilla"],
                2: 3,
                3: "Vi kan bidra med belysning på våra gårdar mot torget.",
            },
        ),
        (
            "Mira",
            None,
            "soderby",
            "published",
            {
                0: "Förslag C: en blandning",
                1: ["Leka", "Promenera"],
                2: 1,
                3: "Det behövs fler vuxna ute på kvällarna.",
            },
        ),
        (
            "",
            "Exempelhögskolan",
            None,
            "published",
            {
                0: "Förslag B: aktivitetspark",
                2: 4,
                3: "Högskolan erbjuder studenter som kan följa upp trygghetsmätningen.",
            },
        ),
    ],
}


def build_consultations():
    """One open and one closed consultation with invited bodies, responses and feedback."""
    from django.utils.text import slugify

    from wagtail_medborgardialog.consultation_views import save_answers
    from wagtail_medborgardialog.models import (
        ConsultationPage,
        ConsultationQuestion,
        Contribution,
        InvitedStakeholder,
        Stakeholder,
    )

    now = timezone.now()
    bodies = {}
    for name, kind in DEMO_STAKEHOLDERS:
        body, _created = Stakeholder.objects.get_or_create(name=name, defaults={"kind": kind})
        if not body.email:
            # example.se addresses: the demo must never mail a real organisation.
            body.email = f"registrator.{slugify(name)}@example.se"
            body.save(update_fields=["email"])
        bodies[name] = body
    specs = [
        (
            "nya-parken-i-norrby",
            "samrad-om-parkens-utformning",
            {
                "title": "Samråd om parkens utformning",
                "intro": "<p>Tyck till om tre förslag till hur den nya parken i Norrby kan se "
                "ut. Svaren blir underlag när Tekniska nämnden väljer förslag.</p>",
                "deciding_body": "Tekniska nämnden",
                "opens_at": now - timedelta(days=7),
                "closes_at": now + timedelta(days=21),
            },
            ["Norrby IF", "Bostadsbolaget Exempelhem", "Exempelhögskolan"],
        ),
        (
            "trygghet-i-centrum",
            "perspektivinsamling-trygghet",
            {
                "title": "Perspektivinsamling: trygghet i centrum",
                "intro": "<p>Vi samlade in perspektiv på tryggheten kring torget och "
                "stationen från boende, företag och föreningar.</p>",
                "deciding_body": "Kommunstyrelsen",
                "opens_at": now - timedelta(days=60),
                "closes_at": now - timedelta(days=14),
                "feedback": "<p>Tack för alla svar! Belysningen vid stationen byts i "
                "november och kommunen startar nattvandringar med föreningarna. "
                "Sammanställningen är underlag för kommunstyrelsens beslut om "
                "trygghetsprogrammet.</p>",
            },
            ["Bostadsbolaget Exempelhem", "Exempelhögskolan", "Norrby IF"],
        ),
    ]
    pages = []
    for parent_slug, slug, fields, invited in specs:
        parent = DialogueProcessPage.objects.filter(slug=parent_slug).first()
        if parent is None:
            continue
        page = ConsultationPage.objects.filter(slug=slug).first()
        if page is None:
            page = ConsultationPage(slug=slug, moderation_mode="pre", **fields)
            page.questions = [ConsultationQuestion(**q) for q in DEMO_QUESTIONS]
            page.invited_stakeholders = [
                InvitedStakeholder(stakeholder=bodies[name]) for name in invited
            ]
            parent.add_child(instance=page)
            page.save_revision().publish()
        pages.append(page)
        questions = list(page.questions.all())
        for offset, (name, body, area, status, answers) in enumerate(DEMO_RESPONSES[slug]):
            email = f"svar{offset}@exempelkommun.se"
            if Contribution.objects.filter(page=page, email=email).exists():
                continue
            stakeholder = bodies[body] if body else None
            day = page.opens_at + timedelta(days=offset + 1)
            contribution = Contribution.objects.create(
                page=page,
                text="\n\n".join(
                    f"{questions[i].text}\n{', '.join(v) if isinstance(v, list) else v}"
                    for i, v in answers.items()
                ),
                display_name=name,
                organisation=body or "",
                stakeholder=stakeholder,
                area=Area.objects.filter(slug=area).first() if area else None,
                email=email,
                status=status,
                created_at=day,
                confirmed_at=day,
                published_at=day if status == "published" else None,
            )
            save_answers(contribution, [(questions[i], v) for i, v in answers.items()])
    return pages
