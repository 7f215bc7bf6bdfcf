"""Parallel requests on PostgreSQL: each thread has its own connection, as gunicorn workers do.

SQLite serialises writers on one in-memory connection, so these run only on PostgreSQL (the CI
leg with DATABASE_URL set).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from wagtail.models import ModelLogEntry

from tests import factories
from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.contributions.tokens import make_confirmation_token
from wagtail_medborgardialog.models import Contribution, ContributionStatus

S = ContributionStatus

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="race tests need PostgreSQL connections"
    ),
]


def in_parallel(func, count):
    """Run ``func(i)`` in ``count`` threads released together; their results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = func(i)
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture(autouse=True)
def _root_page(transactional_db):
    """Transactional tests flush the tables, and with them the root page from the migrations."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        Page.add_root(title="Root", slug="root")


@pytest.fixture
def parallel_process(process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    return process


def test_parallel_confirmations_of_one_link_all_answer_200(parallel_process):
    contribution = factories.make_contribution(parallel_process, status=S.UNCONFIRMED)
    url = parallel_process.url + parallel_process.reverse_subpage(
        "contribution_confirm", args=[make_confirmation_token(contribution)]
    )

    results = in_parallel(lambda i: Client().post(url).status_code, 16)

    assert results == [200] * 16
    contribution.refresh_from_db()
    assert contribution.status == S.PENDING
    entries = ModelLogEntry.objects.filter(
        object_id=str(contribution.pk), action=moderation.action_name("confirm")
    )
    assert entries.count() == 1


def test_identical_parallel_posts_store_one_contribution(parallel_process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_IP = 100
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 100
    url = parallel_process.url + "synpunkter/"
    data = {
        "text": "Samma text åtta gånger samtidigt.",
        "email": "anna@example.se",
        "consent": "on",
        "form_ts": antispam.make_timestamp(),
    }

    def post(i):
        return Client().post(url, {**data, "form_ts": antispam.make_timestamp()}).status_code

    results = in_parallel(post, 8)

    assert Contribution.objects.count() == 1
    assert sorted(results) == [302] + [400] * 7
