"""Community contracts: lifecycle, commitments, follow-up, filters, feeds and open data."""

import datetime
import json

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset

from tests import factories, test_moderation
from tests.test_workflows import make_user
from wagtail_medborgardialog import charts, workflows
from wagtail_medborgardialog.consultations.stats import contract_progress
from wagtail_medborgardialog.contracts.feeds import CalendarEvent, render_calendar
from wagtail_medborgardialog.contracts.follow_up import RECORD_ACTION, record_update
from wagtail_medborgardialog.contracts.views import contract_commitments
from wagtail_medborgardialog.models import (
    CommitmentGoal,
    CommitmentUpdate,
    CommunityContractPage,
    DialogueProcessPage,
    PageFeedback,
)
from wagtail_medborgardialog.models.contract import contract_decision_errors

DAY = datetime.date
frontend_cache = test_moderation.frontend_cache


@pytest.fixture
def contract(process, contract_model):
    """Every contract test runs on the plugin's page and on a site's own page."""
    return factories.make_contract(process, model=contract_model)


@pytest.fixture
def parties(contract):
    """Two parties with signatories."""
    kommun = factories.make_stakeholder("Exempelkommun", "municipal_body")
    forening = factories.make_stakeholder("Norrby IF", "civil_society")
    factories.add_party(
        contract, kommun, signatory_name="Eva Ek", signatory_role="Kommunstyrelsens ordförande"
    )
    factories.add_party(contract, forening, signatory_name="Ali Ahmed", signatory_role="Ordförande")
    return kommun, forening


def update(commitment, when, status, progress, **fields):
    fields.setdefault("reported_by", "Fritidsförvaltningen")
    fields.setdefault("change", "Arbetet går framåt.")
    return record_update(commitment, date=when, status=status, progress=progress, **fields)


# Lifecycle ---------------------------------------------------------------------------------


class TestPageTree(WagtailPageTestCase):
    def test_contract_can_be_created_under_a_dialogue_process(self):
        self.assertCanCreateAt(DialogueProcessPage, CommunityContractPage)


@pytest.mark.parametrize("status", ["adopted", "follow_up", "concluded"])
def test_adopted_contract_requires_the_political_decision(process, status):
    page = CommunityContractPage(title="Kontrakt", slug="k", contract_status=status)
    assert set(contract_decision_errors(page)) == {"deciding_body", "decision_date", "case_number"}


@pytest.mark.django_db  # a page looks up its content type
@pytest.mark.parametrize("status", ["draft", "negotiation"])
def test_contract_before_adoption_needs_no_decision(status):
    page = CommunityContractPage(title="Kontrakt", slug="k", contract_status=status)
    assert contract_decision_errors(page) == {}


def test_a_blank_case_number_is_reported_on_its_field(process):
    page = CommunityContractPage(
        title="Kontrakt",
        slug="k",
        contract_status="adopted",
        deciding_body="Kommunfullmäktige",
        decision_date=DAY(2026, 3, 1),
        case_number="   ",
    )
    process.add_child(instance=CommunityContractPage(title="X", slug="x"))
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert set(raised.value.message_dict) == {"case_number"}


def _edit_data(page, **overrides):
    return factories.contract_edit_data(page, **overrides)


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("admin", "admin@example.se", "pw")
    client.force_login(user)
    return client


def test_publishing_adopted_without_a_case_number_shows_the_error_and_keeps_the_page(
    admin_client, process, contract_model
):
    page = factories.make_contract(process, contract_model, contract_status="negotiation")
    data = _edit_data(
        page,
        contract_status="adopted",
        deciding_body="Kommunstyrelsen",
        decision_date="2026-03-10",
        case_number="",
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["case_number"]
    page.refresh_from_db()
    assert page.contract_status == "negotiation"


def test_publishing_adopted_with_the_decision_succeeds(admin_client, process, contract_model):
    page = factories.make_contract(process, contract_model, contract_status="negotiation")
    data = _edit_data(
        page,
        contract_status="adopted",
        deciding_body="Kommunstyrelsen",
        decision_date="2026-03-10",
        case_number="KS 2026/7",
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.contract_status, page.case_number) == ("adopted", "KS 2026/7")


def test_goals_ticked_in_the_editor_are_stored_per_commitment(admin_client, contract, parties):
    kommun, _ = parties
    data = _edit_data(
        contract,
        contract_commitments=inline_formset(
            [
                {
                    "text": "Vi bygger en upplyst gångväg.",
                    "responsible": str(kommun.pk),
                    "due_date": "2026-10-01",
                    "status": "planned",
                    "progress": "0",
                    "source_page": "",
                    "what_we_heard": "Många sa att vägen är mörk.",
                }
            ]
        ),
    )
    # Checkbox lists post one value per ticked box under the same name.
    data["goals"] = ["3", "11"]
    data["contract_commitments-0-goals"] = ["11", "16"]
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[contract.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    commitment = contract.contract_commitments.get()
    assert commitment.goal_numbers() == [11, 16]
    assert type(contract).objects.get(pk=contract.pk).goal_numbers() == [3, 11]


def test_a_commitment_with_follow_up_cannot_be_deleted_in_the_editor(
    admin_client, contract, parties
):
    kommun, _ = parties
    commitment = factories.add_commitment(contract, kommun)
    update(commitment, DAY(2026, 4, 1), "ongoing", 20)
    commitments = inline_formset(
        [
            {
                "id": str(commitment.pk),
                "text": commitment.text,
                "responsible": str(kommun.pk),
                "due_date": "",
                "status": "planned",
                "progress": "0",
                "source_page": "",
                "what_we_heard": "",
                "DELETE": "1",
            }
        ],
        initial=1,
    )
    data = _edit_data(contract, contract_commitments=commitments)
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[contract.pk]), data)
    assert response.status_code == 200
    assert "kan inte tas bort" in str(response.context["form"].non_field_errors())
    assert contract.contract_commitments.filter(pk=commitment.pk).exists()


# Follow-up -----------------------------------------------------------------------------------


def test_follow_up_history_is_kept_in_date_order(contract, parties):
    commitment = factories.add_commitment(contract, parties[0])
    update(commitment, DAY(2026, 6, 1), "delayed", 50)
    update(commitment, DAY(2026, 4, 1), "ongoing", 20)
    update(commitment, DAY(2026, 9, 1), "done", 100)
    history = [(u.date, u.new_status) for u in commitment.updates.all()]
    assert history == [
        (DAY(2026, 4, 1), "ongoing"),
        (DAY(2026, 6, 1), "delayed"),
        (DAY(2026, 9, 1), "done"),
    ]


def test_the_latest_update_is_the_commitments_current_state(contract, parties):
    commitment = factories.add_commitment(contract, parties[0], status="planned", progress=0)
    update(commitment, DAY(2026, 6, 1), "delayed", 50)
    update(commitment, DAY(2026, 4, 1), "ongoing", 20)
    annotated = contract_commitments(contract).get()
    assert annotated.state == ("delayed", 50)
    commitment.refresh_from_db()
    assert commitment.state == ("delayed", 50)


def test_republishing_the_page_does_not_overwrite_follow_up(contract, parties):
    commitment = factories.add_commitment(contract, parties[0])
    update(commitment, DAY(2026, 4, 1), "ongoing", 30)
    page = type(contract).objects.get(pk=contract.pk)
    page.save_revision().publish()
    assert commitment.updates.count() == 1
    assert contract_commitments(contract).get().state == ("ongoing", 30)


def test_follow_up_is_refused_before_the_contract_is_adopted(process, contract_model):
    draft = factories.make_contract(
        process, contract_model, contract_status="negotiation", slug="utkast"
    )
    commitment = factories.add_commitment(draft, factories.make_stakeholder())
    with pytest.raises(ValidationError) as raised:
        update(commitment, DAY(2026, 4, 1), "ongoing", 10)
    assert "commitment" in raised.value.message_dict
    assert not CommitmentUpdate.objects.exists()


def test_a_done_commitment_must_be_fully_done(contract, parties):
    commitment = factories.add_commitment(contract, parties[0])
    with pytest.raises(ValidationError) as raised:
        update(commitment, DAY(2026, 4, 1), "done", 90)
    assert "new_progress" in raised.value.message_dict


# Progress numbers ----------------------------------------------------------------------------


def test_progress_summary_matches_hand_computed_numbers(contract, parties):
    kommun, forening = parties
    # planned 0, ongoing 40 (after update), done 100, delayed 10, cancelled 60
    factories.add_commitment(contract, kommun, status="planned", progress=0)
    ongoing = factories.add_commitment(contract, kommun, status="planned", progress=0)
    update(ongoing, DAY(2026, 4, 1), "ongoing", 40)
    factories.add_commitment(contract, forening, status="done", progress=100)
    factories.add_commitment(contract, forening, status="delayed", progress=10)
    factories.add_commitment(contract, forening, status="cancelled", progress=60)

    progress = contract_progress(contract_commitments(contract))

    assert progress.total == 5
    assert {row.status: row.count for row in progress.by_status} == {
        "planned": 1,
        "ongoing": 1,
        "done": 1,
        "delayed": 1,
        "cancelled": 1,
    }
    assert [row.percent for row in progress.by_status] == [20.0] * 5
    # (0 + 40 + 100 + 10) / 4: the cancelled commitment is not counted.
    assert progress.mean_progress == 37.5
    assert progress.counted == 4


def test_progress_of_a_contract_without_commitments_has_no_mean(contract):
    progress = contract_progress([])
    assert progress.total == 0
    assert progress.mean_progress is None


def test_status_chart_is_an_image_with_title_and_text_description(contract, parties):
    factories.add_commitment(contract, parties[0], status="delayed", progress=10)
    with translation.override("en"):
        svg = str(charts.status_bar_chart(contract_progress(contract_commitments(contract))))
    assert 'role="img"' in svg
    assert 'aria-labelledby="mbd-contract-chart-title mbd-contract-chart-desc"' in svg
    assert "<desc" in svg and "1 commitment" in svg


# Public page: grouping and filters -----------------------------------------------------------


@pytest.fixture
def filled_contract(contract, parties):
    kommun, forening = parties
    factories.add_commitment(contract, kommun, text="Belysning längs gångvägen", goals=[11])
    lekplats = factories.add_commitment(
        contract, forening, text="Lekplatsen rustas upp", goals=[3, 11]
    )
    update(lekplats, DAY(2026, 5, 1), "ongoing", 30)
    factories.add_commitment(contract, forening, text="Läxhjälp varje vecka", goals=[4])
    return contract


def test_commitments_are_grouped_by_party_in_the_parties_order(client, filled_contract):
    response = client.get(filled_contract.url)
    groups = [
        (party.stakeholder.name, [c.text for c in commitments])
        for party, commitments in response.context["groups"]
    ]
    assert groups == [
        ("Exempelkommun", ["Belysning längs gångvägen"]),
        ("Norrby IF", ["Lekplatsen rustas upp", "Läxhjälp varje vecka"]),
    ]


def test_filter_by_party(client, filled_contract, parties):
    response = client.get(filled_contract.url, {"party": parties[0].pk})
    assert "Belysning längs gångvägen" in response.text
    assert "Lekplatsen rustas upp" not in response.text


def test_filter_by_status_uses_the_current_status(client, filled_contract):
    response = client.get(filled_contract.url, {"status": "ongoing"})
    assert "Lekplatsen rustas upp" in response.text
    assert "Belysning längs gångvägen" not in response.text
    assert response.context["shown_count"] == 1


def test_filter_by_agenda_2030_goal(client, filled_contract):
    response = client.get(filled_contract.url, {"goal": "11"})
    assert response.context["shown_count"] == 2
    assert "Läxhjälp varje vecka" not in response.text


def test_unknown_filter_values_are_reported_not_raised(client, filled_contract):
    response = client.get(filled_contract.url, {"party": "abc", "status": "lost", "goal": "99"})
    assert response.status_code == 200
    assert response.context["shown_count"] == 3
    assert set(response.context["filter"].form.errors) == {"party", "status", "goal"}


def test_page_shows_the_decision_and_what_we_heard(client, contract, parties):
    factories.add_commitment(
        contract,
        parties[0],
        what_we_heard="Det är för mörkt på kvällen.",
        source_page=contract.get_parent(),
    )
    response = client.get(contract.url, headers={"accept-language": "sv"})
    assert "KS 2026/123" in response.text
    assert "Det är för mörkt på kvällen." in response.text
    assert f'href="{contract.get_parent().url}"' in response.text


def test_query_count_does_not_grow_with_commitments(client, contract, parties, assert_flat_queries):
    def grow(size):
        for i in range(contract.contract_commitments.count(), size):
            c = factories.add_commitment(contract, parties[i % 2], goals=[1 + i % 17])
            update(c, DAY(2026, 4, 1), "ongoing", 10, meeting_on=DAY(2026, 5, 1))

    def get(path):
        def request():
            assert client.get(path).status_code == 200

        return request

    paths = (contract.url + "?goal=3", contract.url + "kalender/", contract.url + "data/")
    assert_flat_queries({path: get(path) for path in paths}, grow=grow, sizes=(3, 30))


# iCalendar -----------------------------------------------------------------------------------


def test_calendar_feed_parses_with_due_dates_and_follow_up_meetings(client, contract, parties):
    commitment = factories.add_commitment(
        contract,
        parties[0],
        text="Ny belysning, bänkar; och fler papperskorgar",
        due_date=DAY(2026, 10, 1),
    )
    factories.add_commitment(contract, parties[1], status="cancelled", due_date=DAY(2026, 11, 1))
    update(commitment, DAY(2026, 4, 1), "ongoing", 20, meeting_on=DAY(2026, 5, 12))

    response = client.get(contract.url + "kalender/")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [event.decoded("DTSTART") for event in events] == [DAY(2026, 5, 12), DAY(2026, 10, 1)]
    due = events[1]
    assert str(due["SUMMARY"]).endswith("Ny belysning, bänkar; och fler papperskorgar")
    assert str(due["UID"]) == f"commitment-{commitment.pk}@testserver"
    assert due.decoded("DTEND") == DAY(2026, 10, 2)
    assert "DTSTAMP" in due


def test_calendar_lines_end_in_crlf_and_are_folded_at_75_octets(client, contract, parties):
    factories.add_commitment(contract, parties[0], text="Å" * 120, due_date=DAY(2026, 10, 1))
    body = client.get(contract.url + "kalender/").content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in body.replace(b"\r\n", b"")


def test_text_values_are_escaped():
    body = render_calendar("a,b;c\\d\ne", []).decode("utf-8")
    assert "X-WR-CALNAME:a\\,b\\;c\\\\d\\ne\r\n" in body


def test_folding_never_splits_a_character():
    event = CalendarEvent(uid="u@example.se", day=DAY(2026, 10, 1), summary="ä" * 80)
    folded = render_calendar("Kontrakt", [event])
    for line in folded.split(b"\r\n"):
        line.decode("utf-8")
        assert len(line) <= 75


# Open data -----------------------------------------------------------------------------------


def test_json_export_holds_the_contract_parties_and_commitments(client, filled_contract):
    response = client.get(filled_contract.url + "data/")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["contract"]["decision"] == {
        "deciding_body": "Kommunstyrelsen",
        "date": "2026-03-10",
        "case_number": "KS 2026/123",
    }
    assert [p["name"] for p in data["parties"]] == ["Exempelkommun", "Norrby IF"]
    assert data["parties"][0]["signatory_name"] == "Eva Ek"
    lekplats = data["commitments"][1]
    assert (lekplats["status"], lekplats["progress"], lekplats["goals"]) == ("ongoing", 30, [3, 11])
    assert lekplats["updates"][0]["date"] == "2026-05-01"
    assert data["summary"]["total"] == 3


def test_json_export_leaves_out_stakeholder_contact_details(client, contract):
    kontakt = factories.make_stakeholder("Högskolan", "university", email="kontakt@hogskolan.se")
    factories.add_party(contract, kontakt)
    assert b"kontakt@hogskolan.se" not in client.get(contract.url + "data/").content


# Admin -----------------------------------------------------------------------------------------


def test_stakeholders_are_searchable_snippets(admin_client):
    factories.make_stakeholder("Norrby IF")
    factories.make_stakeholder("Handelsföreningen", "business")
    response = admin_client.get(
        reverse("wagtailsnippets_wagtail_medborgardialog_stakeholder:list"), {"q": "Norrby"}
    )
    assert response.status_code == 200
    assert "Norrby IF" in response.text
    assert "Handelsföreningen" not in response.text


def test_follow_up_updates_can_be_listed_per_contract(admin_client, contract, parties, process):
    other = factories.make_contract(process, slug="annat", title="Annat kontrakt")
    mine = factories.add_commitment(contract, parties[0], text="Mitt åtagande")
    theirs = factories.add_commitment(other, parties[0], text="Deras åtagande")
    update(mine, DAY(2026, 4, 1), "ongoing", 10)
    update(theirs, DAY(2026, 4, 1), "ongoing", 10)
    response = admin_client.get(
        reverse("medborgardialog_commitment_updates:index"), {"contract": contract.pk}
    )
    assert response.status_code == 200
    assert "Mitt åtagande" in response.text
    assert "Deras åtagande" not in response.text


def test_a_follow_up_update_is_recorded_through_the_admin(admin_client, contract, parties):
    commitment = factories.add_commitment(contract, parties[0])
    response = admin_client.post(
        reverse("medborgardialog_commitment_updates:add"),
        {
            "commitment": commitment.pk,
            "date": "2026-04-01",
            "reported_by": "Fritidsförvaltningen",
            "change": "Upphandlingen är klar.",
            "new_status": "ongoing",
            "new_progress": "25",
            "meeting_on": "",
        },
    )
    assert response.status_code == 302
    assert contract_commitments(contract).get().state == ("ongoing", 25)


def test_the_process_leader_records_follow_up_in_the_admin_through_record_update(
    client, contract, parties, frontend_cache, run_on_commit
):
    workflows.setup_defaults()
    leader = make_user("processledare", Group.objects.get(name=workflows.PROCESS_LEADERS))
    client.force_login(leader)
    commitment = factories.add_commitment(contract, parties[0])
    response = client.post(
        reverse("medborgardialog_commitment_updates:add"),
        {
            "commitment": commitment.pk,
            "date": "2026-04-01",
            "reported_by": "Fritidsförvaltningen",
            "change": "Upphandlingen är klar.",
            "new_status": "ongoing",
            "new_progress": "25",
            "meeting_on": "",
        },
    )
    assert response.status_code == 302
    recorded = CommitmentUpdate.objects.get()
    # What record_update() does beyond saving: the follow-up entry in the audit log, by the
    # leader, and the public contract page purged from the front-end cache.
    entry = ModelLogEntry.objects.get(action=RECORD_ACTION)
    assert (entry.object_id, entry.user_id) == (str(recorded.pk), leader.pk)
    assert entry.data == {"status": "ongoing", "progress": 25, "page_id": contract.pk}
    assert f"http://localhost{contract.url}" in frontend_cache
    assert contract_commitments(contract).get().state == ("ongoing", 25)


def test_goal_links_are_unique_per_commitment(contract, parties):
    from django.db import IntegrityError

    commitment = factories.add_commitment(contract, parties[0], goals=[5])
    with pytest.raises(IntegrityError):
        CommitmentGoal.objects.create(commitment=commitment, goal=5)


# Demo ------------------------------------------------------------------------------------------


def test_demo_holds_an_adopted_contract_with_parties_commitments_and_follow_up(demo):
    contract = CommunityContractPage.objects.live().get(slug="samhallskontrakt-norrby")
    assert contract.has_decision and contract.case_number
    # The kinds of parties of SKR's contracts: citizens, civil society, a university,
    # business, another authority and the municipality.
    assert set(contract.contract_parties.values_list("stakeholder__kind", flat=True)) == {
        "citizens",
        "civil_society",
        "university",
        "business",
        "public_authority",
        "municipal_body",
    }
    states = {c.state[0] for c in contract_commitments(contract)}
    assert contract.contract_commitments.count() == 10
    assert states == {"planned", "ongoing", "done", "delayed", "cancelled"}
    assert CommitmentUpdate.objects.filter(commitment__page=contract).count() >= 5


def test_a_filter_error_is_tied_to_its_field(client, filled_contract):
    response = client.get(filled_contract.url, {"status": "lost"})
    assert 'aria-describedby="id_status-error"' in response.text
    assert 'id="id_status-error"' in response.text
    assert 'href="#id_status"' in response.text


def test_saving_a_draft_as_adopted_without_the_decision_is_refused_too(
    admin_client, process, contract_model
):
    page = factories.make_contract(process, contract_model, contract_status="negotiation")
    data = _edit_data(page, contract_status="adopted")
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"deciding_body", "decision_date", "case_number"}
    assert page.get_latest_revision().as_object().contract_status == "negotiation"


def test_the_editor_offers_goal_checkboxes_for_the_contract_and_each_commitment(
    admin_client, contract, parties
):
    factories.add_commitment(contract, parties[0], goals=[11])
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[contract.pk]))
    assert response.status_code == 200
    assert 'name="goals"' in response.text
    assert (
        '<input type="checkbox" name="contract_commitments-0-goals" value="11" '
        'id="id_contract_commitments-0-goals_10" checked>'
    ) in response.text


def test_the_follow_up_form_opens_in_the_admin(admin_client):
    response = admin_client.get(reverse("medborgardialog_commitment_updates:add"))
    assert response.status_code == 200
    assert 'name="new_progress"' in response.text


# Page feedback --------------------------------------------------------------------------------


def test_an_anonymous_visitor_answers_whether_the_contract_page_helped(client, contract):
    page = client.get(contract.url, headers={"accept-language": "sv"})
    assert "Hjälpte informationen på sidan dig?" in page.text
    response = client.post(
        contract.url + "hjalpte-informationen/", {"answer": "no", "comment": "Saknar karta."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{contract.url}?tack=1#mbd-page-feedback"
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.answer, feedback.comment) == (
        contract.pk,
        "no",
        "Saknar karta.",
    )
    assert "Tack för ditt svar" in client.get(response["Location"]).text


def test_setup_gives_every_contract_page_type_the_contract_workflow(contract):
    workflows.setup_defaults()
    assert contract.get_workflow().name == workflows.CONTRACT_WORKFLOW
