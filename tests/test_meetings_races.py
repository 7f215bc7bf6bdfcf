"""Parallel registrations and cancellations on PostgreSQL: each thread its own connection.

Whatever the order, the confirmed never exceed the capacity, and nobody is lost: every person
who confirmed is either confirmed, on the waiting list or cancelled by their own hand, and the
waiting list has no gaps or duplicates in its order.
"""

import pytest
from django.db import connection

from tests.meeting_helpers import make_meeting, register
from tests.test_races import _root_page, in_parallel  # noqa: F401 - the fixture is used
from wagtail_medborgardialog.meetings import registrations
from wagtail_medborgardialog.models import Registration, RegistrationStatus

S = RegistrationStatus

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="race tests need PostgreSQL connections"
    ),
]


def by_status(meeting):
    rows = Registration.objects.filter(meeting=meeting)
    return {status: rows.filter(status=status).count() for status in S.values}


def test_parallel_confirmations_never_exceed_the_capacity(process):
    meeting = make_meeting(process, capacity=5)
    unconfirmed = [register(meeting, n, confirm=False) for n in range(20)]

    results = in_parallel(lambda i: registrations.confirm(unconfirmed[i]).status, 20)

    assert not [r for r in results if isinstance(r, Exception)]
    counts = by_status(meeting)
    assert counts[S.CONFIRMED] == 5
    assert counts[S.WAITLISTED] == 15
    positions = sorted(
        Registration.objects.filter(meeting=meeting, status=S.WAITLISTED).values_list(
            "position", flat=True
        )
    )
    assert positions == list(range(1, 16))


def test_parallel_registrations_of_one_person_store_one(process):
    meeting = make_meeting(process, capacity=5)

    results = in_parallel(lambda i: register(meeting, 1, confirm=False).pk, 8)

    assert not [r for r in results if isinstance(r, Exception)]
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_parallel_cancellations_and_confirmations_lose_nobody(process):
    meeting = make_meeting(process, capacity=4)
    holders = [register(meeting, n) for n in range(4)]
    waiting = [register(meeting, n) for n in range(4, 10)]
    late = [register(meeting, n, confirm=False) for n in range(10, 14)]

    def act(i):
        if i < 4:
            return registrations.cancel(holders[i]).status
        return registrations.confirm(late[i - 4]).status

    results = in_parallel(act, 8)

    assert not [r for r in results if isinstance(r, Exception)]
    counts = by_status(meeting)
    assert counts[S.CONFIRMED] == 4  # the four freed places, all taken
    assert counts[S.CANCELLED] == 4
    assert counts[S.CONFIRMED] + counts[S.WAITLISTED] == 10  # 6 waiting + 4 late, none lost
    # The freed places went to those who waited longest, before any late confirmation.
    promoted = set(
        Registration.objects.filter(meeting=meeting, status=S.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    assert promoted == {r.pk for r in waiting[:4]}
