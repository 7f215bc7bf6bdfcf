"""The moderation queue in Wagtail's admin: scope per site, actions, bulk actions, exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tests import factories
from wagtail_medborgardialog.models import Contribution, ContributionStatus

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit")
LIST = "wagtailsnippets_wagtail_medborgardialog_contribution:list"
EDIT = "wagtailsnippets_wagtail_medborgardialog_contribution:edit"


@pytest.fixture
def two_sites(process):
    """Two municipalities in one Wagtail install, each with its own moderator."""
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other_process = factories.make_process(other_index, title="Annans park", slug="annans-park")
    ours = factories.make_contribution(process, text="Vår synpunkt", status=S.PENDING)
    theirs = factories.make_contribution(other_process, text="Deras synpunkt", status=S.PENDING)
    return {
        "ours": ours,
        "theirs": theirs,
        "our_moderator": factories.make_moderator("var", process.get_parent()),
        "their_moderator": factories.make_moderator("deras", other_index),
    }


def test_moderators_see_only_their_own_sites_queue(client, two_sites):
    client.force_login(two_sites["our_moderator"])
    html = client.get(reverse(LIST)).content.decode()
    assert "Vår synpunkt" in html
    assert "Deras synpunkt" not in html
    client.force_login(two_sites["their_moderator"])
    html = client.get(reverse(LIST)).content.decode()
    assert "Deras synpunkt" in html
    assert "Vår synpunkt" not in html


def test_a_moderator_cannot_open_another_sites_contribution(client, two_sites):
    client.force_login(two_sites["our_moderator"])
    response = client.get(reverse(EDIT, args=[two_sites["theirs"].pk]))
    assert response.status_code == 404
    response = client.post(reverse(EDIT, args=[two_sites["theirs"].pk]), {"action": "approve"})
    assert response.status_code == 404
    two_sites["theirs"].refresh_from_db()
    assert two_sites["theirs"].status == S.PENDING


def test_a_moderator_cannot_bulk_approve_another_sites_contribution(client, two_sites):
    client.force_login(two_sites["our_moderator"])
    url = reverse(
        "wagtail_bulk_action",
        args=["wagtail_medborgardialog", "contribution", "approve_contributions"],
    )
    ids = f"?id={two_sites['ours'].pk}&id={two_sites['theirs'].pk}"
    response = client.post(url + ids)
    assert response.status_code == 302
    two_sites["ours"].refresh_from_db()
    two_sites["theirs"].refresh_from_db()
    assert two_sites["ours"].status == S.PUBLISHED
    assert two_sites["theirs"].status == S.PENDING


def test_user_without_page_permissions_has_no_queue(client, process, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("redaktor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse(LIST)).status_code in (302, 403)


@pytest.fixture
def moderator_client(client, process):
    client.force_login(factories.make_moderator("moderator", process))
    return client


def test_approve_from_the_moderation_view(moderator_client, process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    response = moderator_client.post(reverse(EDIT, args=[contribution.pk]), {"action": "approve"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED


def test_reject_with_a_reason_from_the_moderation_view(moderator_client, process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    moderator_client.post(
        reverse(EDIT, args=[contribution.pk]), {"action": "reject", "reason": "Reklam"}
    )
    contribution.refresh_from_db()
    assert contribution.status == S.REJECTED
    assert contribution.rejection_reason == "Reklam"


def test_reply_from_the_moderation_view_shows_on_the_page(moderator_client, client, process):
    contribution = factories.make_contribution(process)
    moderator_client.post(
        reverse(EDIT, args=[contribution.pk]), {"action": "reply", "reply": "Vi åtgärdar det."}
    )
    assert "Vi åtgärdar det." in client.get(process.url).content.decode()


def test_unknown_action_is_not_found(moderator_client, process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    response = moderator_client.post(reverse(EDIT, args=[contribution.pk]), {"action": "delete"})
    assert response.status_code == 404
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_wrong_state_action_shows_a_message_and_changes_nothing(moderator_client, process):
    contribution = factories.make_contribution(process, status=S.UNCONFIRMED)
    response = moderator_client.post(
        reverse(EDIT, args=[contribution.pk]), {"action": "approve"}, follow=True
    )
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == S.UNCONFIRMED


def test_contributions_cannot_be_deleted_in_the_admin(moderator_client, process):
    contribution = factories.make_contribution(process)
    # The viewset routes no delete view at all; "delete for good" is a separate, logged view.
    url = f"/admin/medborgardialog/contributions/delete/{contribution.pk}/"
    assert moderator_client.post(url).status_code == 404
    bulk = reverse(
        "wagtail_bulk_action", args=["wagtail_medborgardialog", "contribution", "delete"]
    )
    assert moderator_client.get(bulk + f"?id={contribution.pk}").status_code == 404
    assert moderator_client.post(bulk + f"?id={contribution.pk}").status_code == 404
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_bulk_reject_keeps_the_records_with_the_reason(moderator_client, process):
    a = factories.make_contribution(process, status=S.PENDING, text="A")
    b = factories.make_contribution(process, status=S.PENDING, text="B")
    url = reverse(
        "wagtail_bulk_action",
        args=["wagtail_medborgardialog", "contribution", "reject_contributions"],
    )
    response = moderator_client.post(url + f"?id={a.pk}&id={b.pk}", {"reason": "Dubblett"})
    assert response.status_code == 302
    assert set(Contribution.objects.values_list("status", "rejection_reason")) == {
        (S.REJECTED, "Dubblett")
    }


def test_bulk_action_confirmation_page_lists_the_contributions(moderator_client, process):
    contribution = factories.make_contribution(process, status=S.PENDING, text="Bekräfta mig")
    url = reverse(
        "wagtail_bulk_action",
        args=["wagtail_medborgardialog", "contribution", "approve_contributions"],
    )
    response = moderator_client.get(url + f"?id={contribution.pk}")
    assert response.status_code == 200
    assert "Bekräfta mig" in response.content.decode()


def test_history_shows_the_audit_log(moderator_client, process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    moderator_client.post(reverse(EDIT, args=[contribution.pk]), {"action": "approve"})
    assert ModelLogEntry.objects.filter(
        action="wagtail_medborgardialog.contribution.approve", object_id=str(contribution.pk)
    ).exists()
    url = reverse(
        "wagtailsnippets_wagtail_medborgardialog_contribution:history", args=[contribution.pk]
    )
    response = moderator_client.get(url)
    assert response.status_code == 200
    assert "godkänd och publicerad" in response.content.decode()


def test_queue_filters_by_status(moderator_client, process):
    factories.make_contribution(process, status=S.PENDING, text="Väntande")
    factories.make_contribution(process, status=S.PUBLISHED, text="Publicerad redan")
    html = moderator_client.get(reverse(LIST) + "?status=pending").content.decode()
    assert "Väntande" in html
    assert "Publicerad redan" not in html


def test_queue_filters_by_process(moderator_client, process, index):
    factories.make_contribution(process, text="I parken")
    html = moderator_client.get(reverse(LIST) + f"?process={process.pk}").content.decode()
    assert "I parken" in html


def test_queue_escapes_citizen_strings(moderator_client, process):
    factories.make_contribution(
        process, status=S.PENDING, text="<script>alert(1)</script>", display_name="<img src=x>"
    )
    html = moderator_client.get(reverse(LIST)).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x>" not in html


def test_moderation_view_escapes_citizen_strings(moderator_client, process):
    contribution = factories.make_contribution(
        process, status=S.PENDING, text="<svg onload=x>", organisation="<b>Org</b>"
    )
    html = moderator_client.get(reverse(EDIT, args=[contribution.pk])).content.decode()
    assert "<svg onload" not in html
    assert "<b>Org</b>" not in html


def test_csv_export_holds_the_queue(moderator_client, process):
    published = factories.make_contribution(process, text='=HYPERLINK("http://evil")')
    pending = factories.make_contribution(process, text="Väntar på granskning", status=S.PENDING)
    response = moderator_client.get(reverse(LIST) + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    texts = {int(row["ID"]): row["Text"] for row in rows}
    assert texts == {published.pk: '\'=HYPERLINK("http://evil")', pending.pk: pending.text}


def test_csv_export_neutralises_formulas_behind_a_zero_width_character(moderator_client, process):
    factories.make_contribution(process, text='\u200b=HYPERLINK("http://evil")')
    response = moderator_client.get(reverse(LIST) + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'\u200b=HYPERLINK" in body


def test_xlsx_export_is_offered(moderator_client, process):
    contribution = factories.make_contribution(process, text="Fler bänkar", display_name="Åsa")
    response = moderator_client.get(reverse(LIST) + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "synpunkter" in response["Content-Disposition"]
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["ID"] == contribution.pk
    assert row["Sida"] == "Nya parken"
    assert row["Visningsnamn"] == "Åsa"
    assert row["Text"] == "Fler bänkar"


def test_official_registers_input_from_a_meeting(moderator_client, process):
    url = reverse("wagtailsnippets_wagtail_medborgardialog_contribution:add")
    response = moderator_client.post(
        url,
        {
            "page": process.pk,
            "channel": "meeting",
            "text": "Framfört på dialogmötet",
            "display_name": "Deltagare",
            "organisation": "",
            "email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contribution = Contribution.objects.get()
    assert contribution.channel == "meeting"
    assert contribution.status == S.PENDING


def test_dashboard_panel_shows_the_pending_count(moderator_client, process):
    factories.make_contribution(process, status=S.PENDING)
    factories.make_contribution(process, status=S.PENDING, text="Två")
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 synpunkter väntar på granskning." in html


def test_inspect_view_shows_the_details_escaped(moderator_client, process):
    contribution = factories.make_contribution(process, text="<i>Detalj</i>")
    url = reverse(
        "wagtailsnippets_wagtail_medborgardialog_contribution:inspect", args=[contribution.pk]
    )
    response = moderator_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;i&gt;Detalj&lt;/i&gt;" in html
    assert "medborgare@example.se" in html


def test_process_editor_offers_the_participation_settings(client, process, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.se", "pw"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[process.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="opens_at"' in html
    assert 'name="moderation_mode"' in html


def test_moderation_view_warns_about_a_personal_identity_number(moderator_client, process):
    contribution = factories.make_contribution(
        process, status=S.PENDING, flagged_personal_number=True
    )
    html = moderator_client.get(reverse(EDIT, args=[contribution.pk])).content.decode()
    assert "verkar innehålla ett personnummer" in html


def test_dashboard_counts_only_the_moderators_own_site(client, two_sites):
    client.force_login(two_sites["their_moderator"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 synpunkt väntar på granskning." in html


def test_dashboard_panel_is_absent_for_users_who_moderate_nothing(client, db, home):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("skribent", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Synpunkter att granska" not in html


def test_dashboard_panel_shows_zero_to_a_moderator_with_nothing_waiting(moderator_client):
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "0 synpunkter väntar på granskning." in html


def test_process_filter_offers_only_processes_with_contributions(admin_client, index):
    from django.utils.html import escape

    with_input = factories.make_process(index, title="Parken vid ån", slug="parken")
    factories.make_process(index, title="Torget utan synpunkter", slug="torget")
    factories.make_contribution(with_input, status=ContributionStatus.PENDING)
    html = admin_client.get(reverse(LIST)).content.decode()
    assert escape("Parken vid ån") in html
    assert escape("Torget utan synpunkter") not in html
