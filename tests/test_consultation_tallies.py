"""Consultation results are derived data kept by the state machine: after any sequence of
moderation they equal a full recount, and the results page reads them."""

import pytest

from tests import factories
from wagtail_medborgardialog import privacy
from wagtail_medborgardialog.consultations import stats
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import ConsultationTally, Stakeholder, tallies

A, B = "Alternativ A", "Alternativ B"


@pytest.fixture
def consultation(process):
    return factories.make_consultation(process, hide_results_until_closed=False)


def snapshot(page):
    return sorted((row["key"], row["count"]) for row in _cells(page))


def _cells(page):
    return ConsultationTally.objects.filter(page_id=page.pk, count__gt=0).values("key", "count")


def recount(page):
    tallies.rebuild(page)
    return snapshot(page)


def respond(page, single, multiple=(), scale=None, text="", **fields):
    answers = {"Vilket alternativ föredrar du?": single}
    if multiple:
        answers["Vad använder du parken till?"] = list(multiple)
    if scale is not None:
        answers["Hur viktigt är det med belysning?"] = scale
    if text:
        answers["Vad tycker du om förslaget?"] = text
    return factories.add_response(page, answers, status="pending", **fields)


def test_tallies_equal_a_full_recount_after_every_kind_of_transition(consultation):
    moderator = factories.make_moderator("processledare", consultation)
    body = Stakeholder.objects.create(name="Norrby IF", kind="civil_society")
    # Counted from the start: the first read builds the (empty) tallies.
    assert stats.consultation_results(consultation)[1].answered == 0
    tallies.ensure_built(consultation)

    first = respond(consultation, A, ["Lek", "Idrott"], 4, "Bra förslag")
    second = respond(consultation, B, ["Lek"], 2, stakeholder=body)
    third = respond(consultation, A, scale=5)
    unconfirmed = factories.add_response(
        consultation, {"Vilket alternativ föredrar du?": B}, status="unconfirmed"
    )
    for contribution in (first, second, third):
        moderation.approve(contribution, moderator)
    moderation.confirm(unconfirmed)  # to pending: not counted yet
    moderation.approve(unconfirmed, moderator)
    before = snapshot(consultation)
    assert before == recount(consultation)

    moderation.unpublish(second, moderator, "Fel sida")
    assert snapshot(consultation) == recount(consultation)
    moderation.approve(second, moderator)
    moderation.redact(first, moderator, remove=first.text.split()[0])
    assert snapshot(consultation) == recount(consultation)
    pending = respond(consultation, B)
    moderation.reject(pending, moderator, "Dubblett")
    assert snapshot(consultation) == recount(consultation)
    third.delete()
    privacy.delete_contributions(consultation, [unconfirmed], "hard_delete")
    after = snapshot(consultation)
    assert after == recount(consultation)
    assert after != before

    single = stats.consultation_results(consultation)[1]
    assert single.answered == 2
    assert [o.count for o in single.options] == [1, 1, 0]
    assert stats.public_responses_by_kind(consultation) == {None: 1, "civil_society": 1}


def test_responses_stored_before_the_tallies_are_counted_on_first_read(consultation):
    moderator = factories.make_moderator("processledare", consultation)
    for n in range(3):
        moderation.approve(respond(consultation, A if n else B), moderator)
    assert not tallies.is_built(consultation.pk)
    single = stats.consultation_results(consultation)[1]
    assert [o.count for o in single.options] == [2, 1, 0]
    assert tallies.is_built(consultation.pk)


def test_rebuild_command_recounts_every_consultation(consultation):
    from django.core.management import call_command

    moderator = factories.make_moderator("processledare", consultation)
    moderation.approve(respond(consultation, A), moderator)
    tallies.ensure_built(consultation)
    ConsultationTally.objects.filter(page_id=consultation.pk).exclude(key=tallies.BUILT).update(
        count=99
    )
    call_command("medborgardialog_rebuild_tallies", verbosity=0)
    assert [o.count for o in stats.consultation_results(consultation)[1].options] == [1, 0, 0]


def test_results_page_reads_the_tallies_once_and_shows_them(client, consultation, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # What the page's rendering reads: a kept page (caching.cached_page) reads nothing.
    settings.WAGTAIL_MEDBORGARDIALOG_PAGE_CACHE_SECONDS = 0

    moderator = factories.make_moderator("processledare", consultation)
    for single in (A, A, B):
        moderation.approve(respond(consultation, single), moderator)
    client.get(consultation.url + "resultat/")  # counted in full on the first read
    with CaptureQueriesContext(connection) as queries:
        response = client.get(consultation.url + "resultat/")
    assert response.status_code == 200
    reads = [
        q["sql"] for q in queries if 'FROM "wagtail_medborgardialog_consultationtally"' in q["sql"]
    ]
    assert len(reads) == 2  # the "counted in full" marker, then the cells
    single = next(r for r in response.context["results"] if r.question.kind == "single")
    assert [o.count for o in single.options][:2] == [2, 1]
    # Outside the view the tallies are read afresh: a later approval is seen.
    moderation.approve(respond(consultation, B), moderator)
    results = stats.consultation_results(consultation)
    single = next(r for r in results if r.question.kind == "single")
    assert [o.count for o in single.options][:2] == [2, 2]
