"""The benchmark scenarios: each builds its data and returns the request it measures.

A scenario's ``build(home, size)`` runs once on a database holding only the home page (and
whatever earlier scenarios built elsewhere in the tree) and returns a :class:`Probe`. The
query-count tests (tests/test_query_counts.py) call the same builders at two small sizes.

Adding a scenario takes a builder and one :class:`Scenario` row in :data:`SCENARIOS`; a row
whose ``requires`` names a model that is not installed is reported as not available.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from . import data

_serial = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{next(_serial)}"


@dataclass
class Probe:
    """One request through the whole Django stack, repeatable any number of times."""

    path: str
    method: str = "get"
    # POST data; a callable is called before every request (e.g. for unique texts).
    data: Callable[[], dict] | dict | None = None
    user: Any = None
    expect: int = 200
    # Follow a redirect to what the visitor loads next (a POST's thank-you page).
    follow: bool = False

    def client(self):
        from django.test import Client

        client = Client()
        if self.user is not None:
            client.force_login(self.user)
        return client

    def perform(self, client):
        payload = self.data() if callable(self.data) else self.data
        response = getattr(client, self.method)(self.path, payload or {}, follow=self.follow)
        if response.status_code != self.expect:
            raise AssertionError(
                f"{self.method.upper()} {self.path} answered {response.status_code}, "
                f"expected {self.expect}"
            )
        # E-mails sent by submissions pile up in the locmem outbox otherwise.
        mail.outbox = []
        return response

    def count_queries(self, client):
        with CaptureQueriesContext(connection) as queries:
            self.perform(client)
        return len(queries)


@dataclass
class Scenario:
    """A plugin request and the plain-Wagtail request it is compared with, pair by pair.

    ``baseline`` builds the plain request at the same tree depth (and sub-route depth) as the
    scenario's page, so routing costs the same on both sides; ``goal`` is the ratio aimed for
    (printed beside the measured one, never used to fail). ``group`` ties the sizes of one
    page together for the growth column.
    """

    key: str
    label: str
    size: int | None
    build: Callable[[Any, int], Probe] | None
    baseline: Callable[[Any, int], Probe] | None = None
    goal: float | None = None
    group: str | None = None
    requires: tuple[str, ...] = field(default_factory=tuple)
    # Built and measured only with BENCH_LARGE=1 (100,000 rows take minutes to build).
    large: bool = False

    def unavailable_reason(self):
        """Why this scenario cannot run here, or None."""
        for label in self.requires:
            try:
                apps.get_model(label)
            except LookupError:
                return f"{label} not installed"
        if self.build is None:
            return "no builder"
        return None


# --- builders ------------------------------------------------------------------------------


def superuser():
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username="bench-admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "admin@example.se"},
    )
    return user


def standard_page(home, size=None):
    """Baseline: a plain Wagtail page in the example site's base.html."""
    from example_site.home.models import StandardPage

    page = data.add_page(
        home,
        StandardPage,
        title="Om kommunen",
        slug=unique("om"),
        body="<p>Exempelkommun har 40 000 invånare.</p>" * 5,
    )
    return Probe(page.url)


def plain_page_at(depth, subroutes=0):
    """A baseline builder: a plain page ``depth + subroutes`` levels below the home page.

    A plain page has no sub-routes, so each route segment of the compared URL (``/resultat/``)
    becomes one more level of plain pages: Wagtail resolves every segment either way.
    """

    def build(home, size=None):
        from example_site.home.models import StandardPage

        parent = home
        for level in range(depth + subroutes - 1):
            parent = data.add_page(
                parent, StandardPage, title=f"Avsnitt {level}", slug=unique("avsnitt")
            )
        return standard_page(parent)

    build.__name__ = f"plain_page_at_depth_{depth + subroutes}"
    return build


def _process(home, **fields):
    from wagtail_medborgardialog.models import DialogueIndexPage, DialogueProcessPage, StepStatus

    index = data.add_page(home, DialogueIndexPage, title="Medborgardialoger", slug=unique("mbd"))
    page = DialogueProcessPage.with_default_steps(
        title="Nya parken",
        slug="nya-parken",
        question="Hur ska den nya parken i Norrby användas?",
        purpose="<p>Kommunen vill veta vad invånarna behöver.</p>",
        **fields,
    )
    # An ongoing process, so it takes input (a planned one shows no form and refuses).
    steps = list(page.steps.all())
    steps[0].status, steps[1].status = StepStatus.DONE, StepStatus.ONGOING
    return data.publish(index, page)


def process_page(home, size):
    """A process page with ``size`` published contributions (the first page of them shown)."""
    page = _process(home)
    data.published_contributions(page, size)
    return Probe(page.url)


def listing_page(home, size):
    """Baseline: a plain Wagtail page listing ``size`` live children, 20 a page."""
    from example_site.home.models import ListingPage

    page = data.add_page(home, ListingPage, title="Nyheter", slug=unique("nyheter"))
    data.standard_children(page, size)
    return Probe(page.url)


def _index(home, size):
    from wagtail_medborgardialog.models import Area, DialogueIndexPage, Topic

    topics = [
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("parker", "Parker"), ("trafik", "Trafik"), ("skola", "Skola")]
    ]
    areas = [
        Area.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("norrby", "Norrby"), ("centrum", "Centrum")]
    ]
    index = data.add_page(home, DialogueIndexPage, title="Medborgardialoger", slug=unique("dialog"))
    data.processes(index, size, topics=topics, areas=areas)
    return index


def index_page(home, size):
    """The dialogue index with ``size`` processes, unfiltered."""
    return Probe(_index(home, size).url)


# Three filters at once: status, topic and area (about one process in six matches).
INDEX_FILTERS = "?status=ongoing&topic=parker&area=norrby"


def index_page_filtered(home, size):
    return Probe(_index(home, size).url + INDEX_FILTERS)


CONTRIBUTION_TEXT = "Bygg en lekplats vid dammen och fler bänkar längs gångvägen, tack."


def submit_contribution(home, size):
    """A valid contribution POSTed to a pre-moderated process with ``size`` contributions."""
    from wagtail_medborgardialog import antispam
    from wagtail_medborgardialog.models import ModerationMode

    page = _process(home, moderation_mode=ModerationMode.PRE)
    data.published_contributions(page, size)
    counter = itertools.count(1)

    def payload():
        n = next(counter)
        return {
            # Unique, or the duplicate check refuses it.
            "text": f"{CONTRIBUTION_TEXT} ({n})",
            "display_name": "Kim",
            "organisation": "",
            "email": f"kim{n}@example.se",
            "consent": "on",
            "website": "",
            "form_ts": antispam.make_timestamp(),
        }

    # The visitor's round trip: the POST and the thank-you page its redirect leads to.
    return Probe(
        page.url + page.reverse_subpage("contribution_submit"), "post", payload, follow=True
    )


def submit_form_page(home, size=None):
    """Baseline: the same fields POSTed to a wagtail.contrib.forms page that e-mails them.

    The page sits at the depth of the contribution route (``<index>/<process>/synpunkter/``);
    its POST answers with the landing page itself, so one request is the visitor's round trip.
    """
    from example_site.home.models import ContactFormField, ContactFormPage, StandardPage

    section = data.add_page(home, StandardPage, title="Kontakt", slug=unique("kontakt"))
    section = data.add_page(section, StandardPage, title="Skriv till oss", slug=unique("skriv"))
    fields = [
        ("Din synpunkt", "multiline", True),
        ("Namn", "singleline", False),
        ("E-postadress", "email", True),
        ("Organisation", "singleline", False),
        ("Jag har läst hur uppgifterna hanteras", "checkbox", True),
    ]
    page = data.publish(
        section,
        ContactFormPage(
            title="Kontakta oss",
            slug=unique("kontakt"),
            to_address="registrator@exempelkommun.se",
            from_address="webb@exempelkommun.se",
            subject="Nytt meddelande",
            thank_you_text="<p>Tack!</p>",
            form_fields=[
                ContactFormField(label=label, field_type=kind, required=required, sort_order=n)
                for n, (label, kind, required) in enumerate(fields)
            ],
        ),
    )
    names = [f.clean_name for f in page.get_form_fields()]
    counter = itertools.count(1)

    def payload():
        n = next(counter)
        values = [f"{CONTRIBUTION_TEXT} ({n})", "Kim", f"kim{n}@example.se", "", "on"]
        return dict(zip(names, values, strict=True))

    return Probe(page.url, "post", payload)


def consultation_results(home, size):
    """A closed consultation's results page with ``size`` published responses, each answering
    all four kinds of question."""
    import datetime

    from django.utils import timezone

    from wagtail_medborgardialog.models import (
        ConsultationAnswer,
        ConsultationPage,
        ConsultationQuestion,
        tallies,
    )

    index = _process(home)
    page = ConsultationPage(
        title="Samråd om parken",
        slug=unique("samrad"),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    page.questions = [
        ConsultationQuestion(text="Vad tycker du?", kind="text"),
        ConsultationQuestion(text="Vilket förslag?", kind="single", choices="A\nB\nC"),
        ConsultationQuestion(
            text="Vad gör du där?", kind="multiple", choices="Lek\nIdrott\nOdling"
        ),
        ConsultationQuestion(
            text="Hur trygg?", kind="scale", scale_min_label="Otrygg", scale_max_label="Trygg"
        ),
    ]
    page = data.publish(index, page)
    text, single, multiple, scale = page.questions.all()
    responses = data.published_contributions(page, size)
    answers = []
    for n, response in enumerate(responses):
        answers += [
            ConsultationAnswer(contribution=response, question=text, text=f"Svar {n}"),
            ConsultationAnswer(contribution=response, question=single, choice="ABC"[n % 3]),
            ConsultationAnswer(contribution=response, question=multiple, choice="Lek"),
            ConsultationAnswer(contribution=response, question=multiple, choice="Odling"),
            ConsultationAnswer(contribution=response, question=scale, scale=n % 5 + 1),
        ]
    ConsultationAnswer.objects.bulk_create(answers, batch_size=data.BATCH_SIZE)
    # Bulk inserts bypass the state machine that keeps the derived results: count them now,
    # as the medborgardialog_rebuild_tallies command does after an import.
    tallies.rebuild(page)
    return Probe(page.url + page.reverse_subpage("consultation_results"))


def moderation_queue(home, size):
    """The moderation queue (admin) filtered to pending, with ``size`` pending contributions."""
    from wagtail_medborgardialog.models import Contribution, ContributionStatus

    page = _process(home)
    data.published_contributions(page, size, status=ContributionStatus.PENDING)
    url = reverse(Contribution.snippet_viewset.get_url_name("list"))
    return Probe(url + "?status=pending", user=superuser())


def notice_listing(home, size):
    """Baseline: a plain snippet's admin listing with ``size`` rows."""
    from example_site.home.models import Notice

    data.notices(size)
    return Probe(reverse(Notice.snippet_viewset.get_url_name("list")), user=superuser())


def contract_page(home, size):
    """An adopted community contract with ``size`` parties, each responsible for two commitments
    tagged with goals, below a section page."""
    import datetime

    from example_site.home.models import StandardPage
    from wagtail_medborgardialog.models import (
        Commitment,
        CommitmentGoal,
        CommunityContractPage,
        ContractParty,
        Stakeholder,
    )

    section = data.add_page(home, StandardPage, title="Samhällskontrakt", slug=unique("kontrakt"))
    page = data.add_page(
        section,
        CommunityContractPage,
        title="Samhällskontrakt för Norrby",
        slug="norrby",
        vision="<p>Ett tryggt Norrby där alla är delaktiga.</p>",
        rights="<p>Alla har rätt att göra sin röst hörd.</p>",
        contract_status="adopted",
        deciding_body="Kommunstyrelsen",
        decision_date=datetime.date(2026, 3, 10),
        case_number="KS 2026/123",
    )
    stakeholders = Stakeholder.objects.bulk_create(
        [Stakeholder(name=f"Förening {n}", kind="civil_society") for n in range(size)]
    )
    ContractParty.objects.bulk_create(
        [ContractParty(page=page, stakeholder=s, sort_order=n) for n, s in enumerate(stakeholders)]
    )
    commitments = Commitment.objects.bulk_create(
        [
            Commitment(
                page=page,
                responsible=s,
                text=f"Vi ordnar aktivitet {n} för unga i Norrby.",
                sort_order=n,
            )
            for n, s in enumerate(stakeholders + stakeholders)
        ]
    )
    CommitmentGoal.objects.bulk_create(
        [CommitmentGoal(commitment=c, goal=n % 17 + 1) for n, c in enumerate(commitments)]
    )
    return Probe(page.url)


def meetings_page(home, size):
    """A process page with ``size`` upcoming meetings and 100 registrations on each (50 meetings:
    5,000 registrations), shown under "Kommande möten" with the places left."""
    import datetime

    from django.utils import timezone

    from wagtail_medborgardialog.models import Meeting, Registration

    page = _process(home)
    start = timezone.now() + datetime.timedelta(days=3)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                page=page,
                title=f"Workshop {n}",
                starts_at=start + datetime.timedelta(days=n),
                ends_at=start + datetime.timedelta(days=n, hours=2),
                place="Norrby bibliotek",
                capacity=80,
            )
            for n in range(size)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                meeting=meeting,
                name=f"Deltagare {n}",
                email=f"d{meeting.pk}-{n}@example.se",
                identity_hash=f"{meeting.pk:032d}{n:032d}",
                status="confirmed" if n < 80 else "waitlisted",
                position=None if n < 80 else n - 79,
            )
            for meeting in meetings
            for n in range(100)
        ],
        batch_size=1000,
    )
    return Probe(page.url)


def _meeting_page(home, size):
    """A meeting page (an open information meeting) under a dialogue index, with three meetings
    and ``size`` registrations spread over them; returns the page and its first meeting."""
    import datetime

    from django.utils import timezone

    from wagtail_medborgardialog.models import (
        DialogueIndexPage,
        Meeting,
        MeetingPage,
        Registration,
    )

    index = data.add_page(home, DialogueIndexPage, title="Medborgardialoger", slug=unique("mbd"))
    page = data.add_page(
        index,
        MeetingPage,
        title="Informationsmöte om nya skolan",
        slug="informationsmote",
        intro="<p>Kom och hör hur den nya skolan i Norrby byggs.</p>",
    )
    start = timezone.now() + datetime.timedelta(days=10)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                page=page,
                title=f"Informationsmöte {n + 1}",
                starts_at=start + datetime.timedelta(days=7 * n),
                ends_at=start + datetime.timedelta(days=7 * n, hours=1),
                place="Stadsbiblioteket, hörsalen",
                address="Biblioteksgatan 2",
                hearing_loop=True,
                step_free=True,
                capacity=max(size // 3, 1),
                contact_name="Karin Berg",
                contact_email="karin.berg@example.se",
            )
            for n in range(3)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                meeting=meetings[n % 3],
                name=f"Deltagare {n}",
                email=f"m{page.pk}-{n}@example.se",
                identity_hash=f"{page.pk:032d}{n:032d}",
                status="confirmed",
            )
            for n in range(size)
        ],
        batch_size=1000,
    )
    return page, meetings[0]


def meeting_page(home, size):
    """The meeting page itself: its meetings with times, places and places left."""
    page, _ = _meeting_page(home, size)
    return Probe(page.url)


def meeting_page_form(home, size):
    """One meeting of a meeting page, with its registration form (``moten/<id>/``)."""
    page, meeting = _meeting_page(home, size)
    return Probe(page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk]))


def budget_result(home, size):
    """A participatory budget's result page: both outcomes for ``size`` frozen ballots."""
    from .budgets import result_page_data

    page = result_page_data(home, size)
    return Probe(page.url + page.reverse_subpage("budget_result"))


# Goals from issue 17: the ratio to the same-depth plain request.
PROCESS = {"baseline": plain_page_at(2), "goal": 1.2, "group": "process"}
CONSULTATION = {
    "baseline": plain_page_at(3, subroutes=1),
    "goal": 1.3,
    "group": "consultation",
    "requires": ("wagtail_medborgardialog.ConsultationPage",),
}
BUDGET = {"baseline": plain_page_at(1, subroutes=1), "goal": 1.3, "group": "budget"}
# All data is built before anything is measured, so the 100k queue (and its snippet baseline)
# lists 110,000 rows: the 10k scenario's rows as well.
QUEUE = {"baseline": notice_listing, "goal": 1.0, "group": "queue"}


def e_proposal_page(home, size):
    """An open e-proposal with ``size`` signatures (benchmarks/e_proposals.py)."""
    from . import e_proposals

    return e_proposals.proposal_page(home, size, unique("e-forslag"))


def e_proposal_index(home, size):
    """The e-förslag index with ``size`` proposals (benchmarks/e_proposals.py)."""
    from . import e_proposals

    return e_proposals.index_page(home, size, unique("e-forslag"))


SCENARIOS = [
    Scenario("process-0", "Process page", 0, process_page, **PROCESS),
    Scenario("process-1k", "Process page", 1_000, process_page, **PROCESS),
    Scenario("process-10k", "Process page", 10_000, process_page, **PROCESS),
    Scenario("process-100k", "Process page", 100_000, process_page, large=True, **PROCESS),
    Scenario("index-1k", "Dialogue index", 1_000, index_page, listing_page, goal=1.2),
    Scenario(
        "index-1k-filtered",
        "Dialogue index, 3 filters",
        1_000,
        index_page_filtered,
        listing_page,
        goal=1.2,
    ),
    Scenario(
        "consultation-1k", "Consultation results", 1_000, consultation_results, **CONSULTATION
    ),
    Scenario(
        "consultation-10k", "Consultation results", 10_000, consultation_results, **CONSULTATION
    ),
    Scenario(
        "consultation-100k",
        "Consultation results",
        100_000,
        consultation_results,
        large=True,
        **CONSULTATION,
    ),
    Scenario(
        "submit-roundtrip",
        "POST a contribution + thank-you page",
        10_000,
        submit_contribution,
        submit_form_page,
        goal=1.5,
    ),
    Scenario(
        "e-proposal-10k",
        "E-proposal page, signatures",
        10_000,
        e_proposal_page,
        plain_page_at(1, subroutes=1),
        goal=1.3,
    ),
    Scenario("e-proposal-index-1k", "E-proposal index", 1_000, e_proposal_index, listing_page, 1.2),
    Scenario("contract", "Community contract page", 12, contract_page, plain_page_at(2), 1.3),
    Scenario(
        "meetings-50",
        "Process page, 50 meetings, 5,000 registrations",
        50,
        meetings_page,
        plain_page_at(2),
        1.3,
        group="meetings",
    ),
    # A meeting of its own: the page at depth 2 (index, page), its meeting two route segments
    # further (moten/<id>/).
    Scenario(
        "meeting-page-1k",
        "Meeting page, 3 meetings, 1,000 registrations",
        1_000,
        meeting_page,
        plain_page_at(2),
        1.3,
        group="meeting-page",
    ),
    Scenario(
        "meeting-form-1k",
        "Meeting with its registration form",
        1_000,
        meeting_page_form,
        plain_page_at(2, subroutes=2),
        1.3,
        group="meeting-form",
    ),
    Scenario("queue-10k", "Moderation queue (pending)", 10_000, moderation_queue, **QUEUE),
    Scenario(
        "queue-100k", "Moderation queue (pending)", 100_000, moderation_queue, large=True, **QUEUE
    ),
    # The result page reads the frozen outcome: its cost must not grow with the ballots.
    Scenario("budget-result-1k", "Budget result page", 1_000, budget_result, **BUDGET),
    Scenario("budget-result-10k", "Budget result page", 10_000, budget_result, **BUDGET),
]


def get(key):
    return next(s for s in SCENARIOS if s.key == key)
