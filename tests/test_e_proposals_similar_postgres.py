"""Similar proposals ranked by PostgreSQL's trigram similarity when pg_trgm is installed."""

import pytest
from django.db import connection

from tests.e_proposal_helpers import make_index, make_proposal, open_proposal
from wagtail_medborgardialog.e_proposals import similar

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"),
]


@pytest.fixture
def trigrams(monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            pytest.skip("pg_trgm is not available on this server")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # rolled back with the test
    monkeypatch.setattr(similar, "_trigram_available", {})
    yield
    similar._trigram_available.clear()


def test_trigram_similarity_ranks_the_closest_first(home, trigrams):
    index = make_index(home)
    open_proposal(index, title="Fler bänkar i Norrbyparken", proposal="Bänkar längs gångvägen.")
    open_proposal(index, title="Längre öppettider", proposal="Biblioteket öppet till 21.")
    make_proposal(index, title="Fler bänkar i Norrbyparken nu")  # unconfirmed: never shown
    assert similar.trigram_available()
    found = similar.similar_proposals(index, "Fler bänkar i Norrbyparken", "Bänkar vid gångvägen")
    assert [p.title for p in found] == ["Fler bänkar i Norrbyparken"]
    assert 0 < found[0].similarity <= 1
    assert found[0].within_repeat_ban is True
