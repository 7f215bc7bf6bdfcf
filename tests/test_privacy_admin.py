"""Admin views for personal data: subject requests, archive export, hard deletion, permissions."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from tests import factories
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import Contribution, ContributionStatus

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit")


def refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def url(name, *args):
    return reverse(name, args=args)


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    # A fresh instance, so Django's permission cache sees the new permissions.
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def sites(process):
    """Two municipalities; the same person wrote on both, and someone else wrote on ours."""
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other = factories.make_process(other_index, title="Annans park", slug="annans-park")
    return {
        "process": process,
        "other": other,
        "mine": [
            factories.make_contribution(
                process, text="Första", email="Anna@Example.se", display_name="Anna"
            ),
            factories.make_contribution(
                process, text="Andra", email="anna@example.se", status=S.PENDING
            ),
        ],
        "someone_else": factories.make_contribution(process, text="Någon annans", email="bo@x.se"),
        "other_site": factories.make_contribution(
            other, text="Annan kommun", email="anna@example.se"
        ),
        "moderator": factories.make_moderator("moderator", process.get_parent()),
    }


@pytest.fixture
def dpo_client(client, sites):
    """A moderator of our site who may also handle subject requests."""
    user = grant(sites["moderator"], "handle_subject_request")
    client.force_login(user)
    return client


# --- subject requests ------------------------------------------------------------------


def test_subject_request_needs_the_permission(client, sites):
    client.force_login(sites["moderator"])
    assert refused(client.get(url("mbd_subject_request")))
    response = client.post(
        url("mbd_subject_request"), {"email": "anna@example.se", "action": "export"}
    )
    assert refused(response)
    assert not ModelLogEntry.objects.filter(action__startswith="wagtail_medborgardialog.privacy")


def test_subject_request_lists_the_persons_contributions_on_pages_one_moderates(dpo_client, sites):
    response = dpo_client.post(url("mbd_subject_request"), {"email": "anna@example.se"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Första" in html and "Andra" in html
    assert "Någon annans" not in html
    assert "Annan kommun" not in html


def test_subject_request_with_an_invalid_address_shows_the_error(dpo_client, sites):
    response = dpo_client.post(url("mbd_subject_request"), {"email": "inte-en-adress"})
    assert response.status_code == 400
    assert 'value="inte-en-adress"' in response.content.decode()


def test_subject_export_finds_all_and_only_that_persons_input(dpo_client, sites):
    response = dpo_client.post(
        url("mbd_subject_request"), {"email": "ANNA@example.se", "action": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert sorted(c["id"] for c in data["contributions"]) == sorted(c.pk for c in sites["mine"])
    assert {c["text"] for c in data["contributions"]} == {"Första", "Andra"}


def test_a_superuser_export_covers_every_site(admin_client, sites):
    response = admin_client.post(
        url("mbd_subject_request"), {"email": "anna@example.se", "action": "export"}
    )
    ids = {c["id"] for c in json.loads(response.content)["contributions"]}
    assert ids == {c.pk for c in sites["mine"]} | {sites["other_site"].pk}


def test_subject_export_is_audit_logged_per_contribution(dpo_client, sites):
    dpo_client.post(url("mbd_subject_request"), {"email": "anna@example.se", "action": "export"})
    logged = ModelLogEntry.objects.filter(action="wagtail_medborgardialog.privacy.subject_export")
    assert sorted(int(e.object_id) for e in logged) == sorted(c.pk for c in sites["mine"])
    assert {e.user.username for e in logged} == {"moderator"}


def test_anonymising_needs_the_confirmation(dpo_client, sites):
    response = dpo_client.post(
        url("mbd_subject_request"), {"email": "anna@example.se", "action": "anonymise"}
    )
    assert response.status_code == 400
    assert not Contribution.objects.filter(anonymised_at__isnull=False).exists()


def test_confirmation_step_shows_the_anonymise_form(dpo_client, sites):
    response = dpo_client.post(
        url("mbd_subject_request"), {"email": "anna@example.se", "action": "confirm"}
    )
    assert 'name="confirm"' in response.content.decode()


def test_anonymising_on_request_touches_only_that_persons_contributions(dpo_client, sites):
    response = dpo_client.post(
        url("mbd_subject_request"),
        {"email": "anna@example.se", "action": "anonymise", "confirm": "on"},
    )
    assert response.status_code == 200
    for contribution in sites["mine"]:
        contribution.refresh_from_db()
        assert contribution.email == "" and contribution.display_name == ""
        assert contribution.anonymised_at is not None
    sites["someone_else"].refresh_from_db()
    sites["other_site"].refresh_from_db()
    assert sites["someone_else"].email == "bo@x.se"
    assert sites["other_site"].email == "anna@example.se"
    entries = ModelLogEntry.objects.filter(action="wagtail_medborgardialog.privacy.anonymise")
    assert entries.count() == 2
    assert {e.data["reason"] for e in entries} == {"subject_request"}


# --- archive export --------------------------------------------------------------------


def test_archive_export_needs_the_permission(client, sites):
    client.force_login(sites["moderator"])
    assert refused(client.get(url("mbd_archive_index")))
    page = sites["process"]
    assert refused(client.get(url("mbd_archive_download", page.pk, "json")))


def test_archive_export_is_limited_to_pages_one_moderates(client, sites):
    client.force_login(grant(sites["moderator"], "export_archive"))
    html = client.get(url("mbd_archive_index")).content.decode()
    assert "Nya parken" in html
    assert "Annans park" not in html
    response = client.get(url("mbd_archive_download", sites["other"].pk, "json"))
    assert response.status_code == 404


def test_archive_download_json_and_csv_parse_and_are_logged(client, sites):
    client.force_login(grant(sites["moderator"], "export_archive"))
    page = sites["process"]
    response = client.get(url("mbd_archive_download", page.pk, "json"))
    data = json.loads(response.content)
    assert len(data["contributions"]) == 3
    response = client.get(url("mbd_archive_download", page.pk, "csv"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(content)))) == 3
    formats = PageLogEntry.objects.filter(
        page=page, action="wagtail_medborgardialog.privacy.archive_export"
    ).values_list("data__format", flat=True)
    assert sorted(formats) == ["csv", "json"]


def test_unknown_archive_format_is_not_found(admin_client, sites):
    response = admin_client.get(url("mbd_archive_download", sites["process"].pk, "xml"))
    assert response.status_code == 404


# --- hard deletion ---------------------------------------------------------------------


def test_a_moderator_may_delete_unconfirmed_input_with_a_reason(client, sites):
    unconfirmed = factories.make_contribution(sites["process"], status=S.UNCONFIRMED)
    client.force_login(sites["moderator"])
    response = client.post(url("mbd_hard_delete", unconfirmed.pk), {"reason": "Dubblett"})
    assert response.status_code == 302
    assert not Contribution.objects.filter(pk=unconfirmed.pk).exists()
    entry = PageLogEntry.objects.get(action="wagtail_medborgardialog.privacy.hard_delete")
    assert entry.page_id == sites["process"].pk
    assert entry.data["contributions"] == [unconfirmed.pk]
    assert entry.data["reason"] == "Dubblett"
    assert entry.user.username == "moderator"


def test_deleting_confirmed_input_needs_the_explicit_permission(client, sites):
    published = sites["mine"][0]
    client.force_login(sites["moderator"])
    response = client.post(url("mbd_hard_delete", published.pk), {"reason": "Olagligt"})
    assert refused(response)
    assert Contribution.objects.filter(pk=published.pk).exists()
    client.force_login(grant(sites["moderator"], "hard_delete_contribution"))
    response = client.post(url("mbd_hard_delete", published.pk), {"reason": "Olagligt innehåll"})
    assert response.status_code == 302
    assert not Contribution.objects.filter(pk=published.pk).exists()


def test_hard_deletion_requires_a_reason(admin_client, sites):
    published = sites["mine"][0]
    response = admin_client.post(url("mbd_hard_delete", published.pk), {"reason": ""})
    assert response.status_code == 400
    assert Contribution.objects.filter(pk=published.pk).exists()


def test_the_permission_does_not_reach_another_sites_contributions(client, sites):
    client.force_login(grant(sites["moderator"], "hard_delete_contribution"))
    theirs = sites["other_site"]
    response = client.post(url("mbd_hard_delete", theirs.pk), {"reason": "x"})
    assert response.status_code == 404
    assert Contribution.objects.filter(pk=theirs.pk).exists()


def test_the_moderation_page_offers_deletion_only_when_allowed(client, sites):
    edit = "wagtailsnippets_wagtail_medborgardialog_contribution:edit"
    published = sites["mine"][0]
    client.force_login(sites["moderator"])
    html = client.get(url(edit, published.pk)).content.decode()
    assert url("mbd_hard_delete", published.pk) not in html
    client.force_login(grant(sites["moderator"], "hard_delete_contribution"))
    html = client.get(url(edit, published.pk)).content.decode()
    assert url("mbd_hard_delete", published.pk) in html


def test_menu_items_show_only_with_permission(client, sites):
    client.force_login(sites["moderator"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("mbd_subject_request") not in html
    client.force_login(grant(sites["moderator"], "handle_subject_request", "export_archive"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("mbd_subject_request") in html
    assert url("mbd_archive_index") in html


def test_admin_lists_keep_their_query_count_as_data_grows(
    admin_client, process, assert_flat_queries
):
    def lists():
        admin_client.post(url("mbd_subject_request"), {"email": "anna@example.se"})
        admin_client.get(url("mbd_archive_index"))

    def grow(size):
        for i in range(process.get_children().count(), size):
            page = factories.make_process(process, title=f"Samråd {i}", slug=f"samrad-{i}")
            factories.make_contribution(page, email="anna@example.se")

    assert_flat_queries(lists, grow=grow, sizes=(1, 4))


def api_search(client, word):
    response = client.get("/api/v2/pages/", {"search": word})
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_delete_for_good_removes_the_text_from_the_search_index(client, sites):
    process = sites["process"]
    contribution = factories.make_contribution(
        process, status=S.PENDING, text="Skatetrampolinen borde flyttas"
    )
    moderator = grant(sites["moderator"], "hard_delete_contribution")
    moderation.approve(contribution, moderator)
    assert process.pk in api_search(client, "Skatetrampolinen")

    client.force_login(moderator)
    response = client.post(url("mbd_hard_delete", contribution.pk), {"reason": "Olagligt"})
    assert response.status_code == 302
    client.logout()
    assert process.pk not in api_search(client, "Skatetrampolinen")
