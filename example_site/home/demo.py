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

from .demo_budgets import build_budgets
from .demo_e_proposals import build_e_proposals
from .demo_meetings import build_meetings
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


def day(offset):
    """A date ``offset`` days from the day the demo is loaded: the demo's year always ends
    today, whenever it is built."""
    return timezone.localdate() + timedelta(days=offset)


def season(date):
    """ "Våren 2027" or "Hösten 2027": when a deciding body is expected to decide."""
    return f"{'Våren' if date.month <= 6 else 'Hösten'} {date.year}"


def case_number(prefix, date, number):
    """A diarienummer in the year of ``date``, e.g. "KS 2026/45"."""
    return f"{prefix} {date.year}/{number}"


def get_or_add_process(
    index, slug, *, steps=(), topics=(), areas=(), goals=(), contacts=(), decisions=(), **fields
):
    """A process with SKR's seven steps, the first ones given a status, created if missing.

    ``steps`` are (status, summary) or (status, summary, start date, end date). ``decisions``
    (fields of Decisions) are recorded before publishing: steps after SKR step 4 may only
    have started once the decision on implementation is on record."""
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
    for step, (status, summary, *dates) in zip(page.steps.all(), steps, strict=False):
        step.status = status
        step.summary = summary
        if dates:
            step.start_date, step.end_date = dates
    page.topics = list(topics)
    page.areas = list(areas)
    page.sdg_goals = list(SustainableDevelopmentGoal.objects.filter(number__in=goals))
    page.contacts = [ProcessContact(contact_person=c, sort_order=i) for i, c in enumerate(contacts)]
    page.live = False
    index.add_child(instance=page)
    for decision in decisions:
        Decision.objects.create(page=page, page_title=page.title, **decision)
    revision = page.save_revision()
    revision.publish()
    # The decisions are about the version the public reads.
    Decision.objects.filter(page=page).update(revision=revision)
    return page


# The complex issue the demo follows through all seven of SKR's steps (days from today).
NORRBY_PREPARATION = -330
NORRBY_INPUT_OPENS = -290
NORRBY_INPUT_CLOSES = -230
NORRBY_DECISION = -120


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
    done, ongoing = StepStatus.DONE, StepStatus.ONGOING
    safety_start = day(-120)
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
        decision_timing=season(day(200)),
        target_groups="Boende, näringsidkare, unga och föreningar i centrum",
        start_date=safety_start,
        end_date=day(200),
        closes_at=closes_after(day(200)),
        steps=[
            (done, "<p>Kommunstyrelsen gav uppdraget och en styrgrupp tillsattes.</p>"),
            (
                done,
                "<p>Boende, företag och föreningar svarade på perspektivinsamlingen och gick "
                "trygghetsvandringar kring torget och stationen.</p>",
            ),
            (ongoing, "<p>Just nu hålls workshoppar med unga och näringsidkare.</p>"),
        ],
        topics=[topics["trygghet"]],
        areas=[areas["centrum"]],
        goals=[11, 16],
        contacts=[contacts["Maria Berg"], contacts["Johan Nilsson"]],
        decisions=[
            {
                # The assignment that started the dialogue (SKR step 1), not yet the decision
                # on implementation: the process is in step 3.
                "kind": "assignment",
                "decided_text": (
                    "Kommunstyrelsen ger kommunledningsförvaltningen i uppdrag att genomföra en "
                    "medborgardialog om trygghet i centrum och återkomma med förslag."
                ),
                "deciding_body": "Kommunstyrelsen",
                "decision_date": safety_start,
                "case_number": case_number("KS", safety_start, 45),
                "minutes_paragraph": "45",
            }
        ],
    )
    # After the town centre: the English translation is of the first ongoing process, and a
    # translation of a process past SKR step 4 would need its own decision on record.
    build_complex_issue(index, topics, areas, contacts)
    get_or_add_process(
        index,
        "nya-parken-i-norrby",
        title="Nya parken i Norrby",
        question="Hur ska den nya parken i Norrby användas?",
        purpose=(
            "<p>Parken planeras tillsammans med boende, skolor och föreningar. Den är en del "
            "av det som Norrby och kommunen kom överens om i samhällskontraktet.</p>"
        ),
        participation_level="influence",
        can_influence="<p>Vilka aktiviteter och platser parken ska ha.</p>",
        cannot_influence="<p>Parkens läge och storlek, som redan är beslutade i detaljplanen.</p>",
        deciding_body="Tekniska nämnden",
        decision_timing=season(day(150)),
        target_groups="Boende, skolor och föreningar i Norrby",
        start_date=day(-30),
        end_date=day(150),
        closes_at=closes_after(day(150)),
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
        decision_timing=season(day(300)),
        target_groups="Alla som cyklar i eller genom Söderby",
        start_date=day(60),
        end_date=day(240),
        opens_at=opens_on(day(60)),
        closes_at=closes_after(day(240)),
        topics=[topics["trafik"]],
        areas=[areas["soderby"]],
        goals=[3, 11, 13],
        contacts=[contacts["Johan Nilsson"]],
    )
    library_decision = day(-200)
    get_or_add_process(
        index,
        "biblioteket-i-ostra-stan",
        title="Biblioteket i Östra stan",
        question="Vad vill du att det nya biblioteket i Östra stan ska erbjuda?",
        purpose="<p>Biblioteket byggdes om och invånarna var med och formade innehållet.</p>",
        participation_level="consultation",
        deciding_body="Kultur- och fritidsnämnden",
        target_groups="Boende i Östra stan",
        start_date=day(-360),
        end_date=day(-30),
        opens_at=opens_on(day(-340)),
        closes_at=closes_after(day(-250)),
        feedback=library_feedback(),
        steps=[(done, "")] * 7,
        decisions=[
            {
                "kind": "implementation",
                "decided_text": (
                    "Nämnden beslutar att genomföra förslagen från dialogen: längre "
                    "öppettider, en läxhjälpshörna och fler tidningar på lätt svenska."
                ),
                "deciding_body": "Kultur- och fritidsnämnden",
                "decision_date": library_decision,
                "case_number": case_number("KFN", library_decision, 12),
                "minutes_paragraph": "12",
            }
        ],
        topics=[topics["kultur-och-fritid"]],
        areas=[areas["ostra-stan"]],
        goals=[4, 10],
        contacts=[contacts["Johan Nilsson"]],
    )
    return index


def build_complex_issue(index, topics, areas, contacts):
    """Norrby: a divided district, followed from the assignment to implementation and the
    municipality's capacity building, with the community contract the dialogue produced."""
    done, ongoing = StepStatus.DONE, StepStatus.ONGOING
    decided = day(NORRBY_DECISION)
    return get_or_add_process(
        index,
        "tillsammans-for-norrby",
        title="Tillsammans för Norrby",
        question=(
            "Hur kan vi som bor och verkar i Norrby minska klyftorna och göra stadsdelen "
            "tryggare för alla?"
        ),
        purpose=(
            "<p>Norrby har blivit en delad stadsdel. Arbetslösheten är högre än i resten av "
            "kommunen, många känner sig otrygga och grupper av boende ser på problemen på "
            "olika sätt. Kommunstyrelsen ville att de som berörs skulle vara med och "
            "beskriva problemen och forma åtgärderna, och att parterna i stadsdelen skulle "
            "ta ansvar tillsammans i ett lokalt samhällskontrakt.</p>"
        ),
        participation_level="dialogue",
        can_influence=(
            "<p>Vilka problem som ska lösas först, vilka åtgärder som ingår i "
            "samhällskontraktet och hur uppföljningen går till.</p>"
        ),
        cannot_influence="<p>Polisens prioriteringar och kommunens budgetramar.</p>",
        deciding_body="Kommunstyrelsen",
        decision_timing="Beslutet om genomförande är fattat. Uppföljningen redovisas varje halvår.",
        target_groups=("Boende, föreningar, företag, skolor, högskolan och polisen i Norrby"),
        start_date=day(NORRBY_PREPARATION),
        end_date=day(215),
        opens_at=opens_on(day(NORRBY_INPUT_OPENS)),
        closes_at=closes_after(day(NORRBY_INPUT_CLOSES)),
        feedback=(
            "<p>Det ni berättade blev samhällskontraktet för Norrby. Varje åtagande i "
            "kontraktet visar vilka synpunkter det bygger på, och där ser du också hur det "
            "går. Önskemålet om att öppna fritidsgården igen ryms inte i budgeten; i stället "
            "håller Norrby IF öppet i idrottshallen på kvällarna.</p>"
        ),
        steps=[
            (
                done,
                "<p>Kommunstyrelsen gav uppdraget. En processledare och en styrgrupp med "
                "förtroendevalda från alla partier och ledande tjänstepersoner utsågs, och "
                "styrgruppen kartlade vilka som berörs av frågan.</p>",
                day(NORRBY_PREPARATION),
                day(NORRBY_INPUT_OPENS - 1),
            ),
            (
                done,
                "<p>Boende, föreningar, företag, skolor och polisen berättade om sina "
                "erfarenheter på webben och vid dialogmöten i Norrby. Det som sades på mötena "
                "finns med bland synpunkterna på den här sidan.</p>",
                day(NORRBY_INPUT_OPENS),
                day(NORRBY_INPUT_CLOSES),
            ),
            (
                done,
                "<p>Boende och parterna prövade idéer tillsammans i verkstäder: kvällsaktiviteter "
                "för unga, belysning längs gångvägarna och läxhjälp.</p>",
                day(NORRBY_INPUT_CLOSES + 1),
                day(-171),
            ),
            (
                done,
                "<p>Förslagen samlades i ett samhällskontrakt där varje part tar på sig "
                "åtaganden.</p>",
                day(-170),
                day(NORRBY_DECISION - 1),
            ),
            (
                done,
                "<p>Kommunstyrelsen beslutade om genomförande och antog samhällskontraktet.</p>",
                decided,
                decided,
            ),
            (
                ongoing,
                "<p>Parterna genomför sina åtaganden och berättar hur det går på öppna "
                "uppföljningsträffar i Norrby.</p>",
                day(NORRBY_DECISION + 1),
                None,
            ),
            (
                ongoing,
                "<p>Förvaltningarna utbildar fler processledare och skriver in "
                "medborgardialog i kommunens styrmodell, så att nästa komplexa fråga kan "
                "hanteras på samma sätt.</p>",
                day(NORRBY_DECISION + 1),
                None,
            ),
        ],
        topics=[topics["trygghet"], topics["kultur-och-fritid"]],
        areas=[areas["norrby"]],
        goals=[4, 8, 10, 11, 16, 17],
        contacts=[contacts["Maria Berg"]],
        decisions=[
            {
                "kind": "assignment",
                "decided_text": (
                    "Kommunstyrelsen ger kommunledningsförvaltningen i uppdrag att leda en "
                    "medborgardialog i Norrby enligt SKR:s modell för komplexa frågor och att "
                    "ta fram ett lokalt samhällskontrakt med stadsdelens aktörer."
                ),
                "deciding_body": "Kommunstyrelsen",
                "decision_date": day(NORRBY_PREPARATION),
                "case_number": case_number("KS", day(NORRBY_PREPARATION), 12),
                "minutes_paragraph": "12",
            },
            {
                "kind": "implementation",
                "decided_text": (
                    "Kommunstyrelsen beslutar att genomföra åtgärderna från dialogen i Norrby "
                    "enligt samhällskontraktet, att avsätta medel för belysning och lekplats, "
                    "och att förvaltningen ska utbilda processledare så att medborgardialog "
                    "i komplexa frågor blir en del av styrningen."
                ),
                "deciding_body": "Kommunstyrelsen",
                "decision_date": decided,
                "case_number": case_number("KS", decided, 88),
                "minutes_paragraph": "88",
            },
        ],
    )


# What Östra stan said about its library: web comments and what was said at the library's
# open meetings, registered as contributions from a meeting. The feedback counts these rows.
LIBRARY_CONTRIBUTIONS = [
    ("Öppet på kvällarna, så att man hinner efter jobbet.", "web"),
    ("En lugn plats där barnen kan göra läxorna med hjälp av någon vuxen.", "web"),
    ("Tidningar och böcker på lätt svenska och på arabiska och somaliska.", "web"),
    ("Ett café där man kan sitta och prata.", "web"),
    ("Fler datorer och hjälp att använda e-tjänster.", "meeting"),
    ("Läxhjälp på helgerna när föräldrarna arbetar.", "meeting"),
    ("Längre öppettider på lördagar.", "meeting"),
]


def library_feedback():
    total = len(LIBRARY_CONTRIBUTIONS)
    at_meetings = sum(1 for _text, channel in LIBRARY_CONTRIBUTIONS if channel == "meeting")
    return (
        f"<p>Vi fick {total} synpunkter, varav {at_meetings} vid de öppna träffarna i "
        "biblioteket. Längre öppettider, en läxhjälpshörna och fler tidningar på lätt svenska "
        "finns nu i biblioteket. Önskemålet om ett café ryms inte i budgeten.</p>"
    )


# One demo user per workflow group (local demo only; same password as the admin).
DEMO_WORKFLOW_USERS = {
    "processledare": workflows.PROCESS_LEADERS,
    "styrgrupp": workflows.STEERING_GROUP,
    "beslutande": workflows.DECIDING_BODY,
}
DEMO_WORKFLOW_PASSWORD = "exempelkommun"


def build_workflows():
    """The default groups and workflows and a user per group."""
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


# Community contract -------------------------------------------------------------------

# The kinds of parties SKR's contracts bring together: citizens, civil society, a university,
# business, another public authority and the municipality.
DEMO_STAKEHOLDERS = [
    ("Exempelkommun", "municipal_body"),
    ("Norrby IF", "civil_society"),
    ("Bostadsbolaget Exempelhem", "business"),
    ("Exempelhögskolan", "university"),
    ("Polisen i Exempelstad", "public_authority"),
    ("Boendenätverket i Norrby", "citizens"),
]

# (text, responsible, due (days from today), goals,
#  [(days from today, status, progress, what changed, at a follow-up meeting)],
#  keys of the contributions in DEMO_CONTRIBUTIONS["tillsammans-for-norrby"] it answers)
# Every date comes after the contract was adopted (NORRBY_DECISION).
DEMO_COMMITMENTS = [
    (
        "Kommunen sätter upp belysning längs gångvägen mellan Norrbyskolan och idrottshallen.",
        "Exempelkommun",
        60,
        [11, 16],
        [
            (-90, "ongoing", 30, "Upphandlingen är klar.", False),
            (-30, "ongoing", 70, "Hälften av stolparna står på plats.", True),
        ],
        ["morkt"],
    ),
    (
        "Kommunen bygger om lekplatsen vid torget så att barn med funktionsnedsättning kan "
        "leka där.",
        "Exempelkommun",
        -10,
        [3, 10, 11],
        [
            (-90, "ongoing", 20, "Ritningarna är klara.", False),
            (-30, "delayed", 40, "Leveransen av gungor är försenad.", True),
        ],
        ["lekplats"],
    ),
    (
        "Kommunen ordnar en öppen uppföljningsträff i Norrby varje halvår.",
        "Exempelkommun",
        180,
        [16, 17],
        [(-30, "ongoing", 50, "Den första träffen hölls i Norrbyskolans matsal.", True)],
        ["aterkom"],
    ),
    (
        "Norrby IF håller idrottshallen öppen för spontanidrott två kvällar i veckan.",
        "Norrby IF",
        150,
        [3, 4],
        [(-60, "ongoing", 50, "Kvällarna är i gång.", False)],
        ["kvallar"],
    ),
    (
        "Norrby IF utbildar unga ledare som tar ansvar för kvällsaktiviteterna.",
        "Norrby IF",
        200,
        [4, 8],
        [],
        ["kvallar"],
    ),
    (
        "Bostadsbolaget anställer sommarjobbare från området för skötsel av gårdarna.",
        "Bostadsbolaget Exempelhem",
        -60,
        [8, 10],
        [(-60, "done", 100, "Ungdomar från Norrby har haft sommarjobb på gårdarna.", False)],
        ["sommarjobb"],
    ),
    (
        "Bostadsbolaget öppnar en lokal för föreningar i Norrby.",
        "Bostadsbolaget Exempelhem",
        30,
        [11, 17],
        [
            (
                -30,
                "cancelled",
                0,
                "Lokalen behövs för förskolan. Föreningarna får i stället tider i skolans lokaler.",
                True,
            )
        ],
        ["lokal"],
    ),
    (
        "Polisen och Boendenätverket går trygghetsvandringar i Norrby varje månad.",
        "Polisen i Exempelstad",
        150,
        [16, 17],
        [(-60, "ongoing", 40, "Vandringarna är i gång och är öppna för alla.", False)],
        ["polis"],
    ),
    (
        "Högskolan följer upp tryggheten i Norrby med en enkät före och efter åtgärderna.",
        "Exempelhögskolan",
        240,
        [11, 16],
        [(-90, "ongoing", 25, "Den första enkäten är skickad.", False)],
        ["morkt"],
    ),
    (
        "Högskolans studenter erbjuder läxhjälp i Norrbyskolan en gång i veckan.",
        "Exempelhögskolan",
        45,
        [4, 10],
        [(-30, "delayed", 10, "Starten flyttas till nästa termin.", True)],
        ["laxhjalp"],
    ),
]


def build_contract(index):
    """An adopted community contract under the Norrby dialogue, with follow-up."""
    from wagtail_medborgardialog.contracts.follow_up import record_update
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
    parent = index.get_children().filter(slug="tillsammans-for-norrby").first().specific
    contract = parent.get_children().filter(slug="samhallskontrakt-norrby").specific().first()
    adopted = day(NORRBY_DECISION)
    if contract is None:
        signatories = [
            ("Eva Ek", "kommunstyrelsens ordförande"),
            ("Ali Ahmed", "ordförande"),
            ("Karin Berg", "vd"),
            ("Johan Lind", "rektor"),
            ("Sara Holm", "lokalpolisområdeschef"),
            ("Fatima Yusuf", "kontaktperson"),
        ]
        contract = CommunityContractPage(
            title="Samhällskontrakt för Norrby",
            slug="samhallskontrakt-norrby",
            vision="<p>Norrby är en trygg och levande stadsdel där alla kan mötas.</p>",
            background=(
                "<p>Kontraktet bygger på dialogen Tillsammans för Norrby, där boende, "
                "föreningar, företag, skolor och polisen beskrev stadsdelens problem och "
                "formade åtgärderna tillsammans.</p>"
            ),
            rights="<p>Alla som bor i Norrby har rätt att bli hörda och att veta vad som händer "
            "med det de säger.</p>",
            obligations="<p>Varje part ansvarar för sina åtaganden och berättar hur det går.</p>",
            participation="<p>Boende bjuds in till öppna uppföljningsträffar varje halvår.</p>",
            human_rights_principles=(
                "<p>Icke-diskriminering, delaktighet och inflytande, öppenhet och "
                "ansvarsutkrävande.</p>"
            ),
            contract_status="follow_up",
            deciding_body="Kommunstyrelsen",
            decision_date=adopted,
            case_number=case_number("KS", adopted, 89),
        )
        contract.contract_goal_links = [ContractGoal(goal=n) for n in (3, 4, 8, 10, 11, 16, 17)]
        contract.contract_parties = [
            ContractParty(
                stakeholder=stakeholders[name],
                signatory_name=signatory,
                signatory_role=role,
                signed_on=adopted + timedelta(days=14),
            )
            for (name, _kind), (signatory, role) in zip(DEMO_STAKEHOLDERS, signatories, strict=True)
        ]
        commitments = []
        for text, responsible, due, goals, _updates, _cites in DEMO_COMMITMENTS:
            commitment = Commitment(
                text=text,
                responsible=stakeholders[responsible],
                due_date=day(due),
                source_page=parent,
                what_we_heard=DEMO_HEARD.get(text[:40], ""),
            )
            commitment.goal_links = [CommitmentGoal(goal=n) for n in goals]
            commitments.append(commitment)
        contract.contract_commitments = commitments
        parent.add_child(instance=contract)
        Decision.objects.create(
            page=contract,
            page_title=contract.title,
            kind="adoption",
            decided_text=(
                "Kommunstyrelsen antar samhällskontraktet för Norrby och uppdrar åt "
                "kommunledningsförvaltningen att följa upp det tillsammans med parterna."
            ),
            deciding_body="Kommunstyrelsen",
            decision_date=adopted,
            case_number=contract.case_number,
            minutes_paragraph="89",
        )
        revision = contract.save_revision()
        revision.publish()
        Decision.objects.filter(page=contract).update(revision=revision)
    for commitment, (*_fields, updates, _cites) in zip(
        contract.contract_commitments.order_by("sort_order"), DEMO_COMMITMENTS, strict=False
    ):
        if commitment.updates.exists():
            continue
        for offset, status, progress, change, at_meeting in updates:
            record_update(
                commitment,
                date=day(offset),
                reported_by=str(commitment.responsible),
                change=change,
                status=status,
                progress=progress,
                meeting_on=day(offset) if at_meeting else None,
            )
    return contract


# What we heard, in the commitment's own words (by the first 40 characters of its text).
DEMO_HEARD = {
    DEMO_COMMITMENTS[0][0][:40]: "Många sa att gångvägen till idrottshallen är mörk och "
    "känns otrygg på vintern.",
}


def build_citations():
    """You said, we did: each commitment cites the published contributions it answers."""
    from wagtail_medborgardialog.models import CommitmentSource, Contribution

    page = DialogueProcessPage.objects.filter(slug="tillsammans-for-norrby").first()
    contract = (
        page.get_children().filter(slug="samhallskontrakt-norrby").specific().first()
        if page
        else None
    )
    if contract is None:
        return
    texts = {key: item["text"] for key, item in DEMO_NORRBY_CONTRIBUTIONS.items()}
    for commitment, (*_fields, cites) in zip(
        contract.contract_commitments.order_by("sort_order"), DEMO_COMMITMENTS, strict=False
    ):
        for key in cites:
            contribution = Contribution.objects.visible().filter(page=page, text=texts[key]).first()
            if contribution:
                CommitmentSource.objects.get_or_create(
                    commitment=commitment, contribution=contribution
                )


def build_demo():
    """Build (or find) the whole demo and return the home page."""
    home = build_home()
    index = build_processes(home)
    build_contributions()
    build_contract(index)
    build_citations()
    build_privacy(home)
    build_consultations()
    build_e_proposals(home)
    build_meetings(index)
    build_budgets(home, day, opens_on, closes_after)
    from .demo_panels import build_panels  # a cycle: demo_panels imports day() from here

    build_panels(index)
    # Last: the setup assigns workflows to the pages built above.
    build_workflows()
    build_translations()
    return home


# What the people of Norrby said while the dialogue took input (SKR step 2), on the web and
# at the dialogue meetings, by a key the contract's commitments cite them with.
DEMO_NORRBY_CONTRIBUTIONS = {
    "morkt": {
        "text": "Gångvägen från skolan till idrottshallen är kolsvart på vintern. Mina barn "
        "vågar inte gå hem själva efter träningen.",
        "display_name": "Förälder i Norrby",
        "status": "published",
    },
    "lekplats": {
        "text": "Min son sitter i rullstol. Det finns ingen lekplats i Norrby där han kan "
        "leka med de andra barnen.",
        "display_name": "Amina",
        "status": "published",
    },
    "kvallar": {
        "text": "Sedan fritidsgården stängde finns det ingenstans att vara på kvällarna. "
        "Då blir det bråk vid torget.",
        "display_name": "",
        "status": "published",
        "channel": "meeting",
    },
    "sommarjobb": {
        "text": "Det finns inga sommarjobb för oss som bor här. Kompisar inne i stan får jobb "
        "genom sina föräldrar.",
        "display_name": "Elev på Norrbyskolan",
        "status": "published",
        "channel": "meeting",
    },
    "lokal": {
        "text": "Föreningarna har ingen lokal i Norrby. Vi får åka in till stan för att träffas.",
        "display_name": "",
        "organisation": "Somaliska föräldraföreningen",
        "status": "published",
    },
    "polis": {
        "text": "Polisen syns bara när något har hänt. Vi vill lära känna dem som arbetar här.",
        "display_name": "Boende på Björkvägen",
        "status": "published",
        "channel": "meeting",
    },
    "aterkom": {
        "text": "Kommunen kommer hit när något har hänt och sedan hör vi ingenting. Kom "
        "tillbaka och berätta vad som blev av det vi sa.",
        "display_name": "",
        "status": "published",
        "channel": "meeting",
        "reply": "Tack. Därför lovar kommunen i samhällskontraktet en öppen uppföljningsträff "
        "i Norrby varje halvår.",
    },
    "laxhjalp": {
        "text": "Många föräldrar kan inte hjälpa barnen med läxorna på svenska. Läxhjälp "
        "nära hemmet skulle betyda mycket.",
        "display_name": "Hassan",
        "status": "published",
    },
    "kameror": {
        "text": "Sätt upp kameror vid torget i stället för att prata.",
        "display_name": "",
        "status": "published",
        "reply": "Kameraövervakning beslutar polisen om och ingår inte i kommunens dialog. "
        "Frågan är lämnad vidare till polisen.",
    },
}

DEMO_CONTRIBUTIONS = {
    "tillsammans-for-norrby": list(DEMO_NORRBY_CONTRIBUTIONS.values()),
    "trygghet-i-centrum": [
        {
            "text": "Belysningen i gångtunneln vid stationen är trasig. "
            "Det känns otryggt att gå där efter mörkrets inbrott.",
            "display_name": "Kvällspendlare",
            "status": "published",
            "reply": "Tack för att du hör av dig. Gatuenheten har beställt nya armaturer till "
            "tunneln.",
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
    "biblioteket-i-ostra-stan": [
        {"text": text, "status": "published", "channel": channel}
        for text, channel in LIBRARY_CONTRIBUTIONS
    ],
}


def build_contributions():
    """Published, pending and answered contributions on the demo processes (by slug), each
    sent while its page took input."""
    from wagtail_medborgardialog.models import Contribution

    now = timezone.now()
    for slug, items in DEMO_CONTRIBUTIONS.items():
        page = DialogueProcessPage.objects.filter(slug=slug).first()
        if page is None:
            continue
        if page.closes_at and page.closes_at < now:
            # Input closed: spread them over the days before it closed.
            first = page.closes_at - timedelta(days=len(items) + 2)
        else:
            first = now - timedelta(days=10)
        for offset, item in enumerate(items):
            if Contribution.objects.filter(page=page, text=item["text"]).exists():
                continue
            sent = first + timedelta(days=offset)
            fields = {
                "display_name": item.get("display_name", ""),
                "organisation": item.get("organisation", ""),
                "email": f"demo{offset}@exempelkommun.se",
                "status": item["status"],
                "channel": item.get("channel", "web"),
                "reply": item.get("reply", ""),
                "created_at": sent,
                "confirmed_at": sent,
            }
            if item["status"] == "published":
                fields["published_at"] = sent + timedelta(days=1)
            if item.get("reply"):
                fields["replied_at"] = sent + timedelta(days=2)
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

# The questions of each consultation, about its own subject.
DEMO_QUESTIONS = {
    "samrad-om-parkens-utformning": [
        {
            "text": "Vilket förslag till utformning av parken föredrar du?",
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
            "text": "Hur trygg känner du dig i dag på platsen där parken ska ligga?",
            "kind": "scale",
            "scale_min_label": "Inte alls trygg",
            "scale_max_label": "Mycket trygg",
        },
        {
            "text": "Vad mer ska vi tänka på när parken byggs?",
            "kind": "text",
            "help_text": "Skriv gärna vad som är viktigast för dig.",
        },
    ],
    "perspektivinsamling-trygghet": [
        {
            "text": "När känner du dig minst trygg i centrum?",
            "kind": "single",
            "choices": "På dagen\nPå kvällen\nSent på natten\nJag känner mig alltid trygg",
            "required": True,
        },
        {
            "text": "Vad skulle göra centrum tryggare för dig?",
            "kind": "multiple",
            "choices": "Bättre belysning\nFler öppna verksamheter på kvällen\nNattvandrare\n"
            "Väderskydd vid hållplatserna",
        },
        {
            "text": "Hur trygg känner du dig i centrum på kvällen?",
            "kind": "scale",
            "scale_min_label": "Inte alls trygg",
            "scale_max_label": "Mycket trygg",
        },
        {
            "text": "Vad mer ska vi veta om tryggheten i centrum?",
            "kind": "text",
            "help_text": "Berätta gärna om en plats eller en tid på dygnet.",
        },
    ],
}

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
                0: "På kvällen",
                1: ["Bättre belysning", "Väderskydd vid hållplatserna"],
                2: 2,
                3: "Gångtunneln vid stationen är mörk och Storgatan är tom efter sju.",
            },
        ),
        (
            "",
            "Bostadsbolaget Exempelhem",
            "centrum",
            "published",
            {
                0: "Sent på natten",
                1: ["Bättre belysning"],
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
                0: "På kvällen",
                1: ["Nattvandrare", "Fler öppna verksamheter på kvällen"],
                2: 1,
                3: "Det behövs fler vuxna ute på torget på kvällarna.",
            },
        ),
        (
            "",
            "Exempelhögskolan",
            None,
            "published",
            {
                0: "Sent på natten",
                2: 4,
                3: "Högskolan erbjuder studenter som kan följa upp trygghetsmätningen.",
            },
        ),
    ],
}


def build_consultations():
    """One open and one closed consultation with invited bodies, responses and feedback."""
    from django.utils.text import slugify

    from wagtail_medborgardialog.consultations.views import save_answers
    from wagtail_medborgardialog.models import (
        ConsultationPage,
        ConsultationQuestion,
        Contribution,
        InvitedStakeholder,
        Stakeholder,
    )

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
                "opens_at": opens_on(day(-7)),
                "closes_at": closes_after(day(21)),
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
                "opens_at": opens_on(day(-60)),
                "closes_at": closes_after(day(-14)),
                "feedback": "<p>Tack för alla svar! Gatuenheten byter belysningen vid "
                "stationen och kommunen startar nattvandringar med föreningarna. "
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
            page.questions = [ConsultationQuestion(**q) for q in DEMO_QUESTIONS[slug]]
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
            sent = page.opens_at + timedelta(days=offset + 1)
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
                created_at=sent,
                confirmed_at=sent,
                published_at=sent if status == "published" else None,
            )
            save_answers(contribution, [(questions[i], v) for i, v in answers.items()])
    return pages
