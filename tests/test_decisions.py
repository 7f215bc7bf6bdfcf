"""Decisions on record: the gate functions, the public display and the admin register."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.decisions.gates import require_decision
from wagtail_medborgardialog.models import Decision, decision_on_record

pytestmark = pytest.mark.django_db

REGISTER = "medborgardialog_decisions:index"


def make_decision(page, **fields):
    fields.setdefault("kind", "implementation")
    fields.setdefault("decided_text", "Förslagen genomförs.")
    fields.setdefault("deciding_body", "Kommunstyrelsen")
    fields.setdefault("decision_date", datetime.date(2026, 3, 4))
    fields.setdefault("case_number", "KS 2026/123")
    fields.setdefault("minutes_paragraph", "45")
    return Decision.objects.create(page=page, page_title=page.title if page else "", **fields)


def test_no_decision_is_on_record_for_a_new_page(process):
    assert decision_on_record(process) is None


def test_the_latest_decision_is_the_one_on_record(process):
    make_decision(process, decision_date=datetime.date(2026, 1, 10), case_number="KS 2026/1")
    latest = make_decision(process, decision_date=datetime.date(2026, 3, 4))

    assert decision_on_record(process) == latest


def test_a_decision_about_another_page_does_not_count(index, process):
    other = factories.make_process(index, title="Annan dialog", slug="annan")
    make_decision(other)

    assert decision_on_record(process) is None


def test_require_decision_names_the_field_and_says_why(process):
    with pytest.raises(ValidationError) as error:
        require_decision(process, "status", "Ett beslut krävs för att anta kontraktet.")

    assert error.value.message_dict == {"status": ["Ett beslut krävs för att anta kontraktet."]}


def test_require_decision_has_a_default_message(process):
    with pytest.raises(ValidationError) as error:
        require_decision(process, "status")

    assert "politiskt beslut" in error.value.message_dict["status"][0]


def test_require_decision_passes_when_a_decision_is_on_record(process):
    make_decision(process)

    require_decision(process, "status", "Ett beslut krävs.")


def test_a_decision_outlives_its_page(process):
    decision = make_decision(process)
    process.delete()

    decision.refresh_from_db()
    assert decision.page is None
    assert decision.get_page_title() == "Nya parken"


def test_the_process_page_shows_its_decision(client, process):
    make_decision(process, minutes_url="https://exempelkommun.se/protokoll/45")

    response = client.get(process.url)

    assert "Beslutat av Kommunstyrelsen 2026-03-04, § 45, dnr KS 2026/123" in response.text
    assert 'href="https://exempelkommun.se/protokoll/45"' in response.text


def test_the_process_page_without_a_decision_shows_none(client, process):
    response = client.get(process.url)

    assert response.status_code == 200
    assert "mbd-decision" not in response.text


def test_a_paragraph_given_with_its_sign_is_not_doubled(process):
    decision = make_decision(process, minutes_paragraph="§ 12")

    assert "§ 12," in decision.summary
    assert "§ §" not in decision.summary


@pytest.fixture
def register_user(db):
    workflows.setup_defaults()
    user = get_user_model().objects.create_user("styrgrupp", "s@exempelkommun.se", "x")
    user.groups.add(Group.objects.get(name=workflows.STEERING_GROUP))
    return user


def test_the_register_lists_decisions_linking_to_their_pages(client, process, register_user):
    make_decision(process)
    client.force_login(register_user)

    response = client.get(reverse(REGISTER))

    assert response.status_code == 200
    assert "KS 2026/123" in response.text
    assert reverse("wagtailadmin_pages:edit", args=[process.pk]) in response.text


def test_the_register_filters_by_deciding_body(client, process, register_user):
    make_decision(process, deciding_body="Kommunstyrelsen", case_number="KS 2026/123")
    make_decision(process, deciding_body="Kultur- och fritidsnämnden", case_number="KFN 2026/7")
    client.force_login(register_user)

    response = client.get(reverse(REGISTER), {"deciding_body": "Kultur- och fritidsnämnden"})

    assert "KFN 2026/7" in response.text
    assert "KS 2026/123" not in response.text


def test_the_register_filters_by_date_range(client, process, register_user):
    make_decision(process, decision_date=datetime.date(2025, 11, 3), case_number="KS 2025/90")
    make_decision(process, decision_date=datetime.date(2026, 3, 4), case_number="KS 2026/123")
    client.force_login(register_user)

    response = client.get(
        reverse(REGISTER),
        {"decision_date_from": "2026-01-01", "decision_date_to": "2026-12-31"},
    )

    assert "KS 2026/123" in response.text
    assert "KS 2025/90" not in response.text


def test_the_register_exports_csv(client, process, register_user):
    make_decision(process)
    client.force_login(register_user)

    response = client.get(reverse(REGISTER), {"export": "csv"})

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "KS 2026/123" in body
    assert "Kommunstyrelsen" in body
    assert "Nya parken" in body


def test_the_register_export_neutralises_formulas(client, process, register_user):
    make_decision(process, case_number="\ufeff=HYPERLINK(1)")
    client.force_login(register_user)

    response = client.get(reverse(REGISTER), {"export": "csv"})

    body = b"".join(response.streaming_content).decode("utf-8")
    assert "'\ufeff=HYPERLINK(1)" in body


def test_the_register_is_closed_to_users_without_its_permission(client, process):
    user = get_user_model().objects.create_user("medborgare", "m@exempel.se", "x")
    client.force_login(user)

    response = client.get(reverse(REGISTER))

    assert response.status_code == 302
    assert "KS" not in response.text


def test_the_register_query_count_does_not_grow_with_decisions(
    client, process, register_user, assert_flat_queries
):
    client.force_login(register_user)

    def grow(size):
        Decision.objects.all().delete()
        for number in range(size):
            make_decision(process, case_number=f"KS 2026/{number}")

    def register():
        assert client.get(reverse(REGISTER)).status_code == 200

    assert_flat_queries(register, grow=grow, sizes=(3, 15))


def test_the_register_searches_case_numbers(client, process, register_user):
    make_decision(process, case_number="KS 2026/123")
    make_decision(process, case_number="KFN 2026/7", deciding_body="Kultur- och fritidsnämnden")
    client.force_login(register_user)

    response = client.get(reverse(REGISTER), {"q": "KFN"})

    assert "KFN 2026/7" in response.text
    assert "KS 2026/123" not in response.text


def test_an_administrator_can_correct_a_decision_in_the_register(client, process):
    decision = make_decision(process, case_number="KS 2026/12")
    admin = get_user_model().objects.create_superuser("admin", "a@exempelkommun.se", "x")
    client.force_login(admin)
    url = reverse("medborgardialog_decisions:edit", args=[decision.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "page": process.pk,
            "kind": "implementation",
            "decided_text": "Förslagen genomförs.",
            "deciding_body": "Kommunstyrelsen",
            "decision_date": "2026-03-04",
            "case_number": "KS 2026/123",
            "minutes_paragraph": "45",
            "minutes_url": "",
        },
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.case_number == "KS 2026/123"
    inspect = client.get(reverse("medborgardialog_decisions:inspect", args=[decision.pk]))
    assert "KS 2026/123" in inspect.text


def test_require_decision_asks_for_the_right_kind(process):
    from wagtail_medborgardialog.models.decisions import IMPLEMENTATION_KINDS

    make_decision(process, kind="assignment")

    with pytest.raises(ValidationError):
        require_decision(process, "status", kinds=IMPLEMENTATION_KINDS)
    make_decision(process, kind="implementation", case_number="KS 2026/200")
    require_decision(process, "status", kinds=IMPLEMENTATION_KINDS)
    assert decision_on_record(process, IMPLEMENTATION_KINDS).case_number == "KS 2026/200"
