"""Seats at a meeting: capacity, the waiting list, promotion on cancel, one per person."""

import pytest
from django.core import mail

from tests.meeting_helpers import make_meeting, register
from wagtail_medborgardialog.meetings import registrations
from wagtail_medborgardialog.models import Registration, RegistrationStatus

S = RegistrationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def statuses(meeting):
    return list(
        Registration.objects.filter(meeting=meeting)
        .order_by("pk")
        .values_list("email", "status", "position")
    )


def test_confirmed_up_to_capacity_then_waiting_list_in_order(process):
    meeting = make_meeting(process, capacity=2)

    regs = [register(meeting, n) for n in range(4)]

    assert [r.status for r in regs] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [r.position for r in regs[2:]] == [1, 2]
    assert registrations.free_places(meeting) == 0


def test_an_unconfirmed_registration_holds_no_place(process):
    meeting = make_meeting(process, capacity=1)
    register(meeting, 1, confirm=False)

    second = register(meeting, 2)

    assert second.status == S.CONFIRMED


def test_cancel_promotes_the_first_on_the_waiting_list_and_tells_them(process):
    meeting = make_meeting(process, capacity=1)
    first, second, third = (register(meeting, n) for n in range(3))
    mail.outbox.clear()

    registrations.cancel(first)

    assert statuses(meeting) == [
        ("person0@example.se", S.CANCELLED, None),
        ("person1@example.se", S.CONFIRMED, None),
        ("person2@example.se", S.WAITLISTED, 2),
    ]
    assert [m.to for m in mail.outbox] == [["person1@example.se"]]
    message = mail.outbox[0]
    assert "waiting list" in message.body or "väntelistan" in message.body
    assert message.attachments[0][0] == "meeting.ics"
    assert second.pk != third.pk


def test_cancelling_a_waiting_place_promotes_nobody(process):
    meeting = make_meeting(process, capacity=1)
    _, waiting, last = (register(meeting, n) for n in range(3))

    registrations.cancel(waiting)

    assert Registration.objects.get(pk=last.pk).status == S.WAITLISTED


def test_cancel_and_confirm_twice_change_nothing(process):
    meeting = make_meeting(process, capacity=1)
    first = register(meeting, 1)
    second = register(meeting, 2)
    registrations.cancel(first)
    registrations.cancel(first)
    registrations.confirm(Registration.objects.get(pk=second.pk))

    assert statuses(meeting) == [
        ("person1@example.se", S.CANCELLED, None),
        ("person2@example.se", S.CONFIRMED, None),
    ]


def test_one_registration_per_person_and_meeting(process):
    meeting = make_meeting(process, capacity=5)
    register(meeting, 1, email="Kim@Example.se")

    again = register(meeting, 1, email="kim@example.se", name="Kim igen")

    assert Registration.objects.filter(meeting=meeting).count() == 1
    assert again.status == S.CONFIRMED
    assert len(again.identity_hash) == 64


def test_registering_again_after_cancelling_takes_a_new_turn(process):
    meeting = make_meeting(process, capacity=1)
    first = register(meeting, 1)
    register(meeting, 2)
    registrations.cancel(first)

    again = register(meeting, 1)

    assert again.pk == first.pk
    assert again.status == S.WAITLISTED


def test_raising_the_capacity_fills_the_new_places(process):
    meeting = make_meeting(process, capacity=1)
    for n in range(3):
        register(meeting, n)
    meeting.capacity = 3
    meeting.save()

    promoted = registrations.promote_after_change(meeting)

    assert len(promoted) == 2
    assert registrations.free_places(meeting) == 0


def test_no_capacity_means_everyone_gets_a_place(process):
    meeting = make_meeting(process, capacity=None)
    assert {register(meeting, n).status for n in range(5)} == {S.CONFIRMED}


def test_closed_meeting_refuses_registration(process):
    meeting = make_meeting(process, registration_closed=True)
    with pytest.raises(registrations.RegistrationClosed):
        register(meeting, 1)
    assert not Registration.objects.exists()


def test_confirmation_email_carries_the_link(process):
    meeting = make_meeting(process)
    mail.outbox.clear()
    registration = register(meeting, 1, confirm=False)

    assert mail.outbox[0].to == ["person1@example.se"]
    token = registrations.confirm_token(registration)
    assert token in mail.outbox[0].body
