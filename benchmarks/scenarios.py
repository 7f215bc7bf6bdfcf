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

    def client(self):
        from django.test import Client

        client = Client()
        if self.user is not None:
            client.force_login(self.user)
        return client

    def perform(self, client):
        payload = self.data() if callable(self.data) else self.data
        response = getattr(client, self.method)(self.path, payload or {})
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
    key: str
    label: str
    size: int | None
    build: Callable[[Any, int], Probe] | None
    baseline: str | None = None
    requires: tuple[str, ...] = field(default_factory=tuple)

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

    return Probe(
        page.url + page.reverse_subpage("contribution_submit"), "post", payload, expect=302
    )


def submit_form_page(home, size=None):
    """Baseline: the same fields POSTed to a wagtail.contrib.forms page that e-mails them."""
    from example_site.home.models import ContactFormField, ContactFormPage

    fields = [
        ("Din synpunkt", "multiline", True),
        ("Namn", "singleline", False),
        ("E-postadress", "email", True),
        ("Organisation", "singleline", False),
        ("Jag har läst hur uppgifterna hanteras", "checkbox", True),
    ]
    page = data.publish(
        home,
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


SCENARIOS = [
    Scenario("standard", "Plain Wagtail page (baseline)", None, standard_page),
    Scenario("process-0", "Process page", 0, process_page, baseline="standard"),
    Scenario("process-1k", "Process page", 1_000, process_page, baseline="standard"),
    Scenario("process-10k", "Process page", 10_000, process_page, baseline="standard"),
    Scenario("listing-1k", "Plain listing of children (baseline)", 1_000, listing_page),
    Scenario("index-1k", "Dialogue index", 1_000, index_page, baseline="listing-1k"),
    Scenario(
        "index-1k-filtered",
        "Dialogue index, 3 filters",
        1_000,
        index_page_filtered,
        baseline="listing-1k",
    ),
    Scenario(
        "consultation-10k",
        "Consultation results",
        10_000,
        consultation_results,
        baseline="standard",
        requires=("wagtail_medborgardialog.ConsultationPage",),
    ),
    Scenario("formpage-post", "POST to a Wagtail form page (baseline)", None, submit_form_page),
    Scenario(
        "submit-post", "POST a contribution", 10_000, submit_contribution, baseline="formpage-post"
    ),
    Scenario("notices-10k", "Plain snippet listing (baseline)", 10_000, notice_listing),
    Scenario(
        "queue-10k", "Moderation queue (pending)", 10_000, moderation_queue, baseline="notices-10k"
    ),
]


def get(key):
    return next(s for s in SCENARIOS if s.key == key)
