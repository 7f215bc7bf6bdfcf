""" "Sagt vid mötet …" on the public list of contributions: input registered with a meeting as
its source names and links the meeting, in one query however many there are, and the cached
list follows changes to the meeting."""

import pytest
from django.utils import translation

from tests import factories
from tests.meeting_helpers import make_meeting
from wagtail_medborgardialog.meetings.dates import format_day
from wagtail_medborgardialog.models import ContributionChannel

pytestmark = [pytest.mark.django_db]


def meeting_link(page, meeting):
    return page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk])


def test_a_contribution_said_at_a_meeting_names_and_links_it(client, process):
    meeting = make_meeting(process, title="Workshop om torget", days=-2)
    factories.make_contribution(
        process,
        text="Fler bänkar vid torget.",
        channel=ContributionChannel.MEETING,
        meeting=meeting,
    )
    factories.make_contribution(process, text="Skrivet på webben.")

    with translation.override("sv"):
        html = client.get(process.url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
        day = format_day(meeting.starts_at, "sv")

    assert (
        f'Sagt vid mötet <a href="{meeting_link(process, meeting)}">Workshop om torget</a>, {day}'
        in html
    )
    assert html.count("Sagt vid mötet") == 1


def test_the_cached_list_follows_a_renamed_meeting(client, process):
    meeting = make_meeting(process, title="Workshop om torget", days=-2)
    factories.make_contribution(
        process, channel=ContributionChannel.MEETING, meeting=meeting, text="Sagt vid bordet."
    )
    assert "Workshop om torget" in client.get(process.url).content.decode()

    meeting.title = "Trygghetsvandring"
    meeting.save()

    html = client.get(process.url).content.decode()
    assert "Trygghetsvandring</a>" in html
    assert "Workshop om torget" not in html


def test_the_meeting_is_unlinked_while_its_page_is_not_public(client, index, process):
    other = factories.make_process(index, title="Utkast", slug="utkast")
    meeting = make_meeting(other, title="Internt möte", days=-2)
    other.unpublish()
    factories.make_contribution(
        process, channel=ContributionChannel.MEETING, meeting=meeting, text="Sagt internt."
    )

    html = client.get(process.url).content.decode()

    assert "Internt möte" in html
    assert "Internt möte</a>" not in html


def test_meetings_cost_no_query_per_contribution(client, index, assert_flat_queries, settings):
    # Rendered each time (not served from the fragment cache), all rows on one page.
    settings.WAGTAIL_MEDBORGARDIALOG_FRAGMENT_CACHE_SECONDS = 0
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 100

    def grow(size):
        page = factories.make_process(index, title=f"Process {size}", slug=f"process-{size}")
        for n in range(size):
            meeting = make_meeting(page, title=f"Möte {n}", days=-2 - n)
            factories.make_contribution(
                page, channel=ContributionChannel.MEETING, meeting=meeting, text=f"Sagt {n}."
            )
        url = page.url
        return lambda: client.get(url)

    assert_flat_queries(grow=grow, sizes=(2, 12))
