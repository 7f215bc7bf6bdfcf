"""Rows on top of the demo so the load test reads pages of a realistic size.

Run after ``load_demo`` with the production settings: ``python -m loadtest.data`` prints the
paths the load test reads as JSON. The demo's busiest dialogue gets the contributions of a
dialogue that made the local news, its closed consultation the responses of one, and the index
the processes of a municipality that has run dialogues for years. The plain Wagtail pages the
load test compares against sit at the same tree depth as the plugin's pages they stand beside.
"""

import json

import django

django.setup()

# Imports that need the app registry, hence after setup.
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from benchmarks import data  # noqa: E402
from example_site.home.models import (  # noqa: E402
    ContactFormField,
    ContactFormPage,
    ListingPage,
    StandardPage,
)
from wagtail_medborgardialog.models import (  # noqa: E402
    Area,
    CommunityContractPage,
    ConsultationAnswer,
    ConsultationPage,
    DialogueIndexPage,
    DialogueProcessPage,
    Topic,
)

CONTRIBUTIONS = 2_000
RESPONSES = 2_000
PROCESSES = 200
LISTED_PAGES = 200
BODY = "<p>Exempelkommun har 40 000 invånare och sju kommundelar.</p>" * 5


def answers_for(question, n):
    """An answer of the question's kind, varied by ``n``."""
    choices = [line.strip() for line in (question.choices or "").splitlines() if line.strip()]
    if question.kind == "text":
        return [{"text": f"Svar nummer {n}: mer ljus och fler människor i rörelse."}]
    if question.kind == "scale":
        return [{"scale": n % 5 + 1}]
    if question.kind == "single" and choices:
        return [{"choice": choices[n % len(choices)]}]
    if question.kind == "multiple" and choices:
        return [{"choice": choice} for choice in choices[: n % len(choices) + 1]]
    return []


def add_responses(page, count):
    questions = list(page.questions.all())
    responses = data.published_contributions(page, count)
    rows = [
        ConsultationAnswer(contribution=response, question=question, **answer)
        for n, response in enumerate(responses)
        for question in questions
        for answer in answers_for(question, n)
    ]
    ConsultationAnswer.objects.bulk_create(rows, batch_size=data.BATCH_SIZE)


def open_consultation():
    now = timezone.now()
    for page in ConsultationPage.objects.live().order_by("path"):
        if (not page.opens_at or page.opens_at <= now) and (
            not page.closes_at or page.closes_at > now
        ):
            return page
    raise RuntimeError("The demo has no open consultation.")


def closed_consultation():
    return (
        ConsultationPage.objects.live().filter(closes_at__lt=timezone.now()).order_by("path")
    ).first()


@transaction.atomic
def build():
    home = Site.objects.get(is_default_site=True).root_page
    process = DialogueProcessPage.objects.get(slug="trygghet-i-centrum", locale__language_code="sv")
    data.published_contributions(process, CONTRIBUTIONS)
    results = closed_consultation()
    add_responses(results, RESPONSES)
    index = DialogueIndexPage.objects.get(slug="medborgardialoger")
    data.processes(
        index, PROCESSES, topics=list(Topic.objects.all()[:3]), areas=list(Area.objects.all()[:3])
    )
    contract = CommunityContractPage.objects.live().first()
    # Plain pages at the depths of the plugin's: a listing beside the index (depth 3), a page
    # beside a process (4) and one beside a consultation or contract (5).
    listing = data.add_page(home, ListingPage, title="Nyheter", slug="nyheter")
    data.standard_children(listing, LISTED_PAGES)
    about = data.add_page(home, StandardPage, title="Om kommunen", slug="om-kommunen", body=BODY)
    offices = data.add_page(
        about, StandardPage, title="Förvaltningar", slug="forvaltningar", body=BODY
    )
    office = data.add_page(
        offices, StandardPage, title="Kulturförvaltningen", slug="kultur", body=BODY
    )
    contact = ContactFormPage(
        title="Kontakta oss", slug="kontakt", thank_you_text="<p>Tack för ditt meddelande.</p>"
    )
    contact.form_fields = [
        ContactFormField(label="Meddelande", field_type="multiline", required=True),
        ContactFormField(label="E-post", field_type="email", required=True),
    ]
    contact = data.publish(offices, contact)
    topic = Topic.objects.order_by("pk").first()
    return {
        "index": index.url,
        "index_filtered": f"{index.url}?status=ongoing&topic={topic.slug}",
        "process": process.url,
        "consultation": open_consultation().url,
        "results": results.url + results.reverse_subpage("consultation_results"),
        "contract": contract.url,
        "contract_calendar": contract.url + contract.reverse_subpage("contract_calendar"),
        "contract_data": contract.url + contract.reverse_subpage("contract_data"),
        "plain_listing": listing.url,
        "plain_page_depth3": about.url,
        "plain_page_depth4": offices.url,
        "plain_page_depth5": office.url,
        "plain_form": contact.url,
        "process_pk": process.pk,
    }


if __name__ == "__main__":
    print(json.dumps(build()))
