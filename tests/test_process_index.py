"""The public index of dialogue processes: filters, count, pagination, bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from wagtail_medborgardialog.models import StepStatus, SustainableDevelopmentGoal

DONE, ONGOING = StepStatus.DONE, StepStatus.ONGOING


@pytest.fixture
def catalogue(index):
    """Three processes with different status, steps, topics, areas, goals and levels."""
    parks, traffic = factories.make_topic(), factories.make_topic("Trafik", "trafik")
    norrby, centrum = factories.make_area(), factories.make_area("Centrum", "centrum")
    goal_11 = SustainableDevelopmentGoal.objects.get(number=11)
    goal_3 = SustainableDevelopmentGoal.objects.get(number=3)
    today = timezone.localdate()
    return {
        "park": factories.make_process_with_steps(
            index,
            title="Nya parken",
            slug="nya-parken",
            question="Hur ska parken användas?",
            participation_level="dialogue",
            step_statuses=[DONE, ONGOING],
            topics=[parks],
            areas=[norrby],
            goals=[goal_11, goal_3],
        ),
        "bridge": factories.make_process_with_steps(
            index,
            title="Gångbron",
            slug="gangbron",
            question="Var ska gångbron gå?",
            participation_level="consultation",
            start_date=today + timedelta(days=30),
            topics=[traffic],
            areas=[centrum],
            goals=[goal_11],
        ),
        "square": factories.make_process_with_steps(
            index,
            title="Torget",
            slug="torget",
            question="Vad ska hända på torget?",
            purpose="<p>Torget ska bli en mötesplats för cyklister.</p>",
            participation_level="dialogue",
            step_statuses=[DONE] * 7,
            feedback="<p>Torget byggdes om.</p>",
            topics=[traffic, parks],
            areas=[centrum],
        ),
    }


def titles(response):
    return [p.title for p in response.context["processes"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=planned", ["Gångbron"]),
        ("status=ongoing", ["Nya parken"]),
        ("status=closed", ["Torget"]),
        ("step=2", ["Nya parken"]),
        ("step=3", []),
        ("topic=trafik", ["Gångbron", "Torget"]),
        ("area=norrby", ["Nya parken"]),
        ("goal=11", ["Gångbron", "Nya parken"]),
        ("goal=3", ["Nya parken"]),
        ("level=consultation", ["Gångbron"]),
        ("q=gångbron", ["Gångbron"]),
        ("q=parken", ["Nya parken"]),
        ("q=cyklister", ["Torget"]),
    ],
)
def test_each_filter_narrows_the_list(client, index, catalogue, query, expected):
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 200
    assert sorted(titles(response)) == expected


def test_filters_combine(client, index, catalogue):
    response = client.get(f"{index.url}?topic=trafik&area=centrum&status=closed&level=dialogue")
    assert titles(response) == ["Torget"]
    response = client.get(f"{index.url}?topic=parker-och-natur&status=planned")
    assert titles(response) == []
    assert "Inga medborgardialoger matchar dina filter." in response.text


def test_the_result_count_is_shown(client, index, catalogue):
    assert "3 medborgardialoger hittades" in client.get(index.url).text
    assert "1 medborgardialog hittades" in client.get(f"{index.url}?status=closed").text


def test_the_filter_form_has_labels_and_keeps_the_chosen_values(client, index, catalogue):
    response = client.get(f"{index.url}?topic=trafik&q=torg")
    html = response.text
    for name in ["q", "status", "step", "topic", "area", "goal", "level"]:
        assert f'<label for="id_{name}">' in html
    assert '<option value="trafik" selected>Trafik</option>' in html
    assert 'value="torg"' in html
    assert 'method="get"' in html


def test_the_list_shows_status_current_step_and_classification(client, index, catalogue):
    html = client.get(index.url).text
    assert "Pågår" in html and "Planerad" in html and "Avslutad" in html
    assert "Aktuellt steg: Perspektivinsamling" in html
    assert "Norrby" in html and "11. Hållbara städer och samhällen" in html


@pytest.mark.parametrize(
    "query",
    [
        "status=archived",
        "step=99",
        "step=abc",
        "topic=finns-inte",
        "area=%00",
        "goal=18",
        "goal=elva",
        "level=kungligt",
        "q=" + "x" * 500,
        "q=%00",
    ],
)
def test_unknown_filter_values_give_a_clear_message_not_an_error(client, index, catalogue, query):
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 200
    assert "Några filtervärden kändes inte igen och har hoppats över" in response.text
    assert 'aria-invalid="true"' in response.text
    # The invalid filter is ignored; the list is still there.
    assert len(titles(response)) == 3


def test_malformed_query_strings_do_not_break_the_page(client, index, catalogue):
    for query in ["status=closed&status=planned", "topic[]=x", "&&&=", "page=1&page=2"]:
        assert client.get(f"{index.url}?{query}").status_code in (200, 404)


def test_a_page_number_out_of_range_is_a_404(client, index, catalogue):
    assert client.get(f"{index.url}?page=99").status_code == 404
    assert client.get(f"{index.url}?page=abc").status_code == 404
    assert client.get(f"{index.url}?page=-1").status_code == 404


def test_pagination_links_keep_the_filters(client, index, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 2
    topic = factories.make_topic()
    for n in range(5):
        factories.make_process_with_steps(index, title=f"Process {n}", slug=f"p{n}", topics=[topic])
    response = client.get(f"{index.url}?topic=parker-och-natur")
    assert len(titles(response)) == 2
    assert "Sida 1 av 3" in response.text
    assert 'href="?topic=parker-och-natur&amp;page=2"' in response.text
    second = client.get(f"{index.url}?topic=parker-och-natur&page=3")
    assert len(titles(second)) == 1
    assert 'href="?topic=parker-och-natur&amp;page=2"' in second.text


def test_the_status_filter_is_done_in_the_database_and_paginates(client, index, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 2
    for n in range(3):
        factories.make_process_with_steps(
            index, title=f"Pågår {n}", slug=f"pagar-{n}", step_statuses=[ONGOING]
        )
    factories.make_process_with_steps(index, title="Planerad", slug="planerad")
    response = client.get(f"{index.url}?status=ongoing")
    assert response.context["paginator"].count == 3
    assert "Sida 1 av 2" in response.text


def test_index_query_count_does_not_grow_with_the_number_of_processes(
    client, index, settings, assert_flat_queries
):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 100
    topic, area = factories.make_topic(), factories.make_area()
    goals = list(SustainableDevelopmentGoal.objects.filter(number__in=[3, 11]))

    def grow(size):
        for i in range(index.get_children().count(), size):
            factories.make_process_with_steps(
                index,
                title=f"Process {i}",
                slug=f"process-{i}",
                step_statuses=[DONE, ONGOING],
                topics=[topic],
                areas=[area],
                goals=goals,
            )

    def listing():
        assert client.get(index.url).status_code == 200

    assert_flat_queries(listing, grow=grow, sizes=(5, 50))
    assert len(client.get(index.url).context["processes"]) == 50


def test_filter_choices_come_from_the_cache_and_follow_new_topics(client, index, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(index.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.url)
    # The processes' own topics are prefetched; the list of every topic is not read.
    every_topic = 'SELECT "wagtail_medborgardialog_topic"."id"'
    assert not [q for q in queries if q["sql"].startswith(every_topic)]
    assert '<option value="trafik">Trafik</option>' in response.text
    factories.make_topic("Skola", "skola")
    response = client.get(index.url + "?topic=skola")
    assert '<option value="skola" selected>Skola</option>' in response.text
    assert response.context["filter_errors"] is False
