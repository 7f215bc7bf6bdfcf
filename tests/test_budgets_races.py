"""Parallel ballots on PostgreSQL: one ballot per person and round, guaranteed by the database.

Each thread has its own connection, as gunicorn workers do; SQLite serialises writers, so this
runs only on PostgreSQL (the CI leg with DATABASE_URL set).
"""

import pytest
from django.db import connection
from django.test import Client

from tests import factories
from tests.test_budgets_rounds import make_round
from tests.test_races import _root_page, in_parallel  # noqa: F401 - the fixture is used
from wagtail_medborgardialog.models import Ballot

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="race tests need PostgreSQL connections"
    ),
]


def test_200_parallel_ballots_from_150_identities_store_150():
    from wagtail.models import Site

    Site.objects.all().delete()
    home = factories.make_home()
    page, _north, projects = make_round(home)
    url = page.url + "rosta/"
    choice = [projects["bench"].pk]

    # 150 identities, 50 of them twice; sorted, so each repeat races its twin in one wave.
    identities = sorted([*range(150), *range(0, 150, 3)])

    def vote(i):
        email = f"voter{identities[i]}@example.se"
        data = {"projects": choice, "district": "", "email": email, "declares_connection": "on"}
        return Client().post(url, data).status_code

    results = []
    for wave in range(4):  # 4 waves of 50 threads: within a server's connection limit
        results += in_parallel(lambda i, wave=wave: vote(wave * 50 + i), 50)

    assert all(code == 302 for code in results), results
    assert Ballot.objects.filter(page=page).count() == 150
