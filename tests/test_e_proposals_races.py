"""Parallel signatures on PostgreSQL: the unique identity hash, not the view, keeps them to
one per person, and the count stays equal to the rows (pattern of tests/test_races.py).

PostgreSQL allows about 100 connections on the CI server, so the 200 signatures run in 40
threads released together, five signatures each."""

import threading

import pytest
from django.db import connection

from tests.e_proposal_helpers import make_index, open_proposal
from tests.test_races import _root_page  # noqa: F401 (the fixture)
from wagtail_medborgardialog import identity
from wagtail_medborgardialog.e_proposals import status
from wagtail_medborgardialog.e_proposals.views import scope
from wagtail_medborgardialog.models import EProposal, Signature

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="race tests need PostgreSQL connections"
    ),
]

THREADS, EACH, PEOPLE = 40, 5, 150


def test_200_parallel_signatures_from_150_identities_store_exactly_150(home):
    index = make_index(home, threshold_number=10_000)
    proposal = open_proposal(index)
    barrier = threading.Barrier(THREADS)
    outcomes = []
    lock = threading.Lock()

    def run(thread):
        try:
            barrier.wait()
            for n in range(EACH):
                person = (thread * EACH + n) % PEOPLE
                hashed = identity.identity_hash(
                    "email", f"person{person}@example.se", scope=scope(proposal)
                )
                try:
                    status.add_signature(
                        EProposal(pk=proposal.pk),
                        hashed,
                        level=identity.IdentityLevel.EMAIL,
                        channel=identity.SignatureChannel.ONLINE,
                        confirmed=True,
                    )
                    result = "signed"
                except status.AlreadySigned:
                    result = "duplicate"
                with lock:
                    outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == THREADS * EACH == 200
    assert outcomes.count("signed") == PEOPLE
    assert outcomes.count("duplicate") == 50
    assert Signature.objects.filter(proposal_id=proposal.pk).count() == PEOPLE
    assert EProposal.objects.get(pk=proposal.pk).signature_count == PEOPLE
