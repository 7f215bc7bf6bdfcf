"""Moderation as the municipality's real roles live it, and one site seeing nothing of another's.

The users are members of the groups ``medborgardialog_setup`` creates; nobody here is a
superuser. Every admin URL of a contribution is also tried by the moderator of a second site,
by id: 404 or refused.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from tests import factories
from wagtail_medborgardialog import notifications, workflows
from wagtail_medborgardialog.models import (
    CommitmentSource,
    CommitmentUpdate,
    Contribution,
    ContributionStatus,
    GroupModerationPermission,
)

pytestmark = pytest.mark.django_db

S = ContributionStatus
NS = "wagtailsnippets_wagtail_medborgardialog_contribution"
LIST = reverse(f"{NS}:list")
PASSWORD = "exempelkommun"


def url(name, pk):
    return reverse(f"{NS}:{name}", args=[pk])


def bulk(action):
    return reverse("wagtail_bulk_action", args=["wagtail_medborgardialog", "contribution", action])


def options(html, name):
    """The option values of the select called ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return set(re.findall(r'<option value="([^"]*)"', select.group(1))) - {""}


def make_user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@exempelkommun.se", PASSWORD)
    user.groups.add(group)
    return user


@pytest.fixture
def roles(process):
    """The demo's roles, from the groups medborgardialog_setup creates."""
    workflows.setup_defaults()
    return {
        "leader": make_user("processledare", Group.objects.get(name=workflows.PROCESS_LEADERS)),
        "moderator": make_user("moderator", Group.objects.get(name=workflows.MODERATORS)),
        "steering": make_user("styrgrupp", Group.objects.get(name=workflows.STEERING_GROUP)),
        "deciding": make_user("beslutande", Group.objects.get(name=workflows.DECIDING_BODY)),
    }


# --- issue 13, "What was seen" 1: the process leader moderates, the politicians do not -----


def test_seen_1_the_process_leader_moderates_from_the_dashboard_and_the_queue(
    client, roles, process
):
    waiting = factories.make_contribution(
        process, text="Belysningen vid lekplatsen är trasig.", status=S.PENDING
    )
    spam = factories.make_contribution(process, text="Köp billiga klockor här", status=S.PENDING)
    client.force_login(roles["leader"])

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Synpunkter" in home  # the menu item
    assert LIST in home
    assert 'id="mbd-pending-heading"' in home  # the dashboard panel
    assert f"{LIST}?status=pending&amp;page={process.pk}" in home
    assert process.title in home

    queue = client.get(LIST + "?status=pending")
    assert queue.status_code == 200
    html = queue.content.decode()
    # Issue 13, seen 2: each row opens the moderation view.
    assert f'href="{url("edit", waiting.pk)}"' in html
    assert f'href="{url("edit", spam.pk)}"' in html

    page = client.get(url("edit", waiting.pk))
    assert page.status_code == 200
    assert "Belysningen vid lekplatsen är trasig." in page.content.decode()

    assert client.post(url("edit", waiting.pk), {"action": "approve"}).status_code == 302
    response = client.post(url("edit", spam.pk), {"action": "reject", "reason": "Reklam"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    spam.refresh_from_db()
    assert waiting.status == S.PUBLISHED
    assert (spam.status, spam.rejection_reason) == (S.REJECTED, "Reklam")
    assert "Belysningen vid lekplatsen är trasig." in client.get(process.url).content.decode()


def test_seen_1_the_optional_moderator_group_moderates_too(client, roles, process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    client.force_login(roles["moderator"])
    assert client.get(LIST).status_code == 200
    assert client.post(url("edit", contribution.pk), {"action": "approve"}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED


@pytest.mark.parametrize("role", ["steering", "deciding"])
def test_seen_1_the_politicians_get_no_queue_and_cannot_moderate(client, roles, process, role):
    contribution = factories.make_contribution(process, status=S.PENDING)
    client.force_login(roles[role])

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert LIST not in home
    assert 'id="mbd-pending-heading"' not in home
    assert client.get(LIST).status_code in (302, 403)
    assert client.get(url("edit", contribution.pk)).status_code == 404
    assert client.post(url("edit", contribution.pk), {"action": "approve"}).status_code == 404
    assert client.post(bulk("approve_contributions") + f"?id={contribution.pk}").status_code == 404
    contribution.refresh_from_db()
    assert contribution.status == S.PENDING


def test_seen_1_the_waiting_mail_goes_to_the_moderators_not_the_politicians(roles, process):
    factories.make_contribution(process, status=S.PENDING)
    notifications.notify_moderators.call(process.pk)
    recipients = [message.to for message in mail.outbox]
    assert ["processledare@exempelkommun.se"] in recipients
    assert ["moderator@exempelkommun.se"] in recipients
    everyone = {address for to in recipients for address in to}
    assert "styrgrupp@exempelkommun.se" not in everyone
    assert "beslutande@exempelkommun.se" not in everyone


def test_finding_6_each_moderator_gets_a_message_of_their_own(roles, process):
    factories.make_contribution(process, status=S.PENDING)
    notifications.notify_moderators.call(process.pk)
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        assert len(message.to) == 1
        assert not message.cc and not message.bcc


def test_the_queue_puts_the_oldest_waiting_contribution_first(client, roles, process):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    newest = factories.make_contribution(process, text="Nyast", status=S.PENDING)
    oldest = factories.make_contribution(process, text="Äldst", status=S.PENDING)
    published = factories.make_contribution(process, text="Redan publicerad")
    Contribution.objects.filter(pk=oldest.pk).update(created_at=now - timedelta(days=9))
    Contribution.objects.filter(pk=published.pk).update(created_at=now - timedelta(days=30))
    client.force_login(roles["leader"])
    html = client.get(LIST).content.decode()
    assert html.index("Äldst") < html.index("Nyast") < html.index("Redan publicerad")
    assert newest.pk != oldest.pk

    waiting_long = client.get(LIST + "?age=7").content.decode()
    assert "Äldst" in waiting_long
    assert "Nyast" not in waiting_long


def test_the_queue_filtered_to_one_status_keeps_the_order_of_arrival(client, roles, process):
    # Filtered to one status the queue orders by (status, created_at): pending oldest first,
    # the others newest first, the same order as the unfiltered queue gives them.
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ages = {"Mitten": 5, "Äldst": 9, "Nyast": 1}
    for text, days in ages.items():
        for status in (S.PENDING, S.PUBLISHED):
            row = factories.make_contribution(process, text=f"{text} {status}", status=status)
            Contribution.objects.filter(pk=row.pk).update(created_at=now - timedelta(days=days))
    client.force_login(roles["leader"])

    pending = client.get(LIST + "?status=pending").content.decode()
    published = client.get(LIST + "?status=published").content.decode()

    assert pending.index("Äldst pending") < pending.index("Mitten pending")
    assert pending.index("Mitten pending") < pending.index("Nyast pending")
    assert not any(f"{text} published" in pending for text in ages)
    assert published.index("Nyast published") < published.index("Mitten published")
    assert published.index("Mitten published") < published.index("Äldst published")


def test_the_queue_filters_by_personal_identity_number_flag(client, roles, process):
    factories.make_contribution(
        process, text="Mitt nummer 811218-9876", status=S.PENDING, flagged_personal_number=True
    )
    factories.make_contribution(process, text="Inget nummer här", status=S.PENDING)
    client.force_login(roles["leader"])
    html = client.get(LIST + "?flagged_personal_number=true").content.decode()
    assert "Mitt nummer" in html
    assert "Inget nummer här" not in html


# --- issue 14: two municipalities in one install -----------------------------------------


def moderator_of(name, page):
    """A moderator group for one site's tree with the privacy and follow-up permissions."""
    group = Group.objects.create(name=f"Moderatorer {name}")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "handle_subject_request",
                "export_archive",
                "hard_delete_contribution",
                "add_commitmentsource",
                "change_commitmentsource",
                "view_commitmentsource",
                "add_commitmentupdate",
                "change_commitmentupdate",
                "view_commitmentupdate",
            ]
        )
    )
    GroupModerationPermission.objects.create(group=group, page=page)
    from wagtail.models import GroupPagePermission

    for action in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=page, permission_type=action)
    return make_user(f"moderator-{name}", group)


@pytest.fixture
def two_sites(process):
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other_process = factories.make_process(other_index, title="Annans park", slug="annans-park")
    stakeholder = factories.make_stakeholder()
    ours_contract = factories.make_contract(process)
    theirs_contract = factories.make_contract(other_process)
    return {
        "ours": {
            "user": moderator_of("var", process.get_parent()),
            "pending": factories.make_contribution(
                process, text="Vår väntande synpunkt", email="var@example.se", status=S.PENDING
            ),
            "published": factories.make_contribution(
                process, text="Vår publicerade synpunkt", email="var@example.se"
            ),
            "page": process,
            "commitment": factories.add_commitment(
                ours_contract, stakeholder, text="Vårt åtagande om belysning"
            ),
        },
        "theirs": {
            "user": moderator_of("deras", other_index),
            "pending": factories.make_contribution(
                other_process,
                text="Deras väntande synpunkt",
                email="deras@example.se",
                display_name="Deras Namn",
                status=S.PENDING,
            ),
            "published": factories.make_contribution(
                other_process, text="Deras publicerade synpunkt", email="deras@example.se"
            ),
            "page": other_process,
            "commitment": factories.add_commitment(
                theirs_contract, stakeholder, text="Deras åtagande om bänkar"
            ),
        },
    }


SECRETS = ("Deras väntande synpunkt", "Deras publicerade synpunkt", "Deras Namn", "deras@")


def assert_nothing_of_theirs(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    for secret in SECRETS:
        assert secret not in body, (response.request["PATH_INFO"], secret)


@pytest.fixture(params=["ours", "theirs"])
def sides(request, two_sites):
    """Each site's moderator against the other site's rows."""
    me = request.param
    other = "theirs" if me == "ours" else "ours"
    return two_sites[me], two_sites[other]


def test_finding_1_inspect_history_usage_of_another_sites_rows_are_404(client, sides):
    me, other = sides
    client.force_login(me["user"])
    for row in (other["pending"], other["published"]):
        for name in ("inspect", "history", "history_results", "usage", "edit"):
            response = client.get(url(name, row.pk))
            assert response.status_code == 404, name
        response = client.post(url("edit", row.pk), {"action": "reject"})
        assert response.status_code == 404
        row.refresh_from_db()
        assert row.status in (S.PENDING, S.PUBLISHED)
    # One's own rows open.
    for name in ("inspect", "history", "history_results", "usage", "edit"):
        assert client.get(url(name, me["pending"].pk)).status_code == 200, name


def test_finding_1_the_queue_and_its_exports_hold_only_ones_own_rows(client, two_sites):
    client.force_login(two_sites["ours"]["user"])
    for query in ("", "?export=csv", "?export=xlsx", "?status=pending"):
        response = client.get(LIST + query)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        if query != "?export=xlsx":
            assert "Vår väntande synpunkt" in text
        for secret in SECRETS:
            assert secret not in text
    results = client.get(reverse(f"{NS}:list_results"))
    assert_nothing_of_theirs(results)


def test_finding_2_the_chooser_is_not_there(client, two_sites):
    client.force_login(two_sites["ours"]["user"])
    theirs = two_sites["theirs"]["pending"].pk
    base = "/admin/snippets/choose/wagtail_medborgardialog/contribution/"
    for path in (base, base + "results/", f"{base}chosen/{theirs}/", f"{base}chosen/abc/"):
        assert client.get(path).status_code == 404, path


def test_finding_2_bulk_confirmation_pages_never_list_another_sites_rows(client, sides):
    me, other = sides
    client.force_login(me["user"])
    theirs = other["pending"].pk
    for action in ("approve_contributions", "reject_contributions", "delete"):
        response = client.get(bulk(action) + f"?id={theirs}")
        assert response.status_code == 404, action
        assert client.post(bulk(action) + f"?id={theirs}").status_code == 404
    # Mixed with one's own: only one's own is listed and acted on.
    mixed = f"?id={me['pending'].pk}&id={theirs}"
    response = client.get(bulk("approve_contributions") + mixed)
    assert response.status_code == 200
    body = response.content.decode()
    assert me["pending"].text in body
    assert other["pending"].text not in body
    assert client.post(bulk("approve_contributions") + mixed).status_code == 302
    other["pending"].refresh_from_db()
    assert other["pending"].status == S.PENDING


def test_finding_10_malformed_ids_are_404_not_500(client, two_sites):
    client.force_login(two_sites["ours"]["user"])
    for path in (
        "/admin/medborgardialog/contributions/edit/abc/",
        "/admin/medborgardialog/contributions/inspect/abc/",
        "/admin/medborgardialog/contributions/history/abc/",
        "/admin/medborgardialog/contributions/history-results/abc/",
        "/admin/medborgardialog/contributions/usage/abc/",
        "/admin/medborgardialog/contributions/edit/1.5/",
        bulk("approve_contributions") + "?id=abc",
        bulk("reject_contributions") + "?id=abc",
        bulk("delete") + "?id=abc",
        "/admin/snippets/choose/wagtail_medborgardialog/contribution/chosen/abc/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(bulk("approve_contributions") + "?id=abc").status_code == 404


def test_cross_site_delete_for_good_is_404(client, sides):
    me, other = sides
    client.force_login(me["user"])
    path = reverse("mbd_hard_delete", args=[other["published"].pk])
    assert client.get(path).status_code == 404
    assert client.post(path, {"reason": "Olagligt"}).status_code == 404
    assert Contribution.objects.filter(pk=other["published"].pk).exists()


def test_cross_site_subject_request_and_archive_find_nothing_of_the_other_site(client, sides):
    me, other = sides
    client.force_login(me["user"])
    email = other["pending"].email
    response = client.post(reverse("mbd_subject_request"), {"email": email})
    assert response.status_code == 200
    assert other["pending"].text not in response.content.decode()
    export = client.post(reverse("mbd_subject_request"), {"email": email, "action": "export"})
    assert other["pending"].text not in export.content.decode()
    client.post(
        reverse("mbd_subject_request"), {"email": email, "action": "anonymise", "confirm": "on"}
    )
    other["pending"].refresh_from_db()
    assert other["pending"].anonymised_at is None
    for fmt in ("json", "csv"):
        path = reverse("mbd_archive_download", args=[other["page"].pk, fmt])
        assert client.get(path).status_code == 404


def test_finding_3_cited_contributions_offer_only_ones_own_public_ones(client, sides):
    me, other = sides
    client.force_login(me["user"])
    html = client.get(reverse("medborgardialog_commitment_sources:add")).content.decode()
    assert options(html, "contribution") == {str(me["published"].pk)}
    assert options(html, "commitment") == {str(me["commitment"].pk)}
    # Sending another site's ids anyway is refused by the field.
    response = client.post(
        reverse("medborgardialog_commitment_sources:add"),
        {"commitment": other["commitment"].pk, "contribution": other["published"].pk},
    )
    assert response.status_code == 200
    assert not CommitmentSource.objects.exists()


def test_finding_3_follow_up_updates_offer_only_commitments_on_ones_pages(client, sides):
    me, other = sides
    client.force_login(me["user"])
    html = client.get(reverse("medborgardialog_commitment_updates:add")).content.decode()
    assert options(html, "commitment") == {str(me["commitment"].pk)}
    response = client.post(
        reverse("medborgardialog_commitment_updates:add"),
        {
            "commitment": other["commitment"].pk,
            "date": "2026-06-01",
            "reported_by": "X",
            "change": "Försök",
            "new_status": "ongoing",
            "new_progress": "10",
        },
    )
    assert response.status_code == 200
    assert not CommitmentUpdate.objects.exists()


def test_the_register_form_offers_only_ones_own_pages(client, two_sites):
    client.force_login(two_sites["ours"]["user"])
    html = client.get(reverse(f"{NS}:add")).content.decode()
    pages = options(html, "page")
    assert str(two_sites["ours"]["page"].pk) in pages
    assert str(two_sites["theirs"]["page"].pk) not in pages


def test_the_dashboard_counts_only_ones_own_pages(client, two_sites):
    client.force_login(two_sites["ours"]["user"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert two_sites["ours"]["page"].title in home
    assert two_sites["theirs"]["page"].title not in home


def test_the_site_history_report_shows_no_text_or_name_of_another_sites_contributions(
    client, two_sites
):
    from wagtail_medborgardialog.contributions import moderation

    admin = get_user_model().objects.create_superuser("admin", "admin@example.se", "pw")
    moderation.reject(two_sites["theirs"]["pending"], admin, "Nej")
    moderation.approve(two_sites["ours"]["pending"], two_sites["ours"]["user"])
    client.force_login(two_sites["ours"]["user"])
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    assert_nothing_of_theirs(response)
    csv = client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    assert_nothing_of_theirs(csv)


def test_every_route_of_the_contribution_viewset_that_takes_an_id_is_scoped(client, sides):
    """Guards the class of bug: a view Wagtail adds to the viewset later is tried too."""
    me, other = sides
    client.force_login(me["user"])
    viewset = Contribution.snippet_viewset
    routes = [p for p in viewset.get_urlpatterns() if "pk" in p.pattern.converters]
    assert {p.name for p in routes} >= {"edit", "inspect", "history", "history_results", "usage"}
    for route in routes:
        name = f"{viewset.get_admin_url_namespace()}:{route.name}"
        assert client.get(reverse(name, args=[other["pending"].pk])).status_code == 404, name
        malformed = reverse(name, args=[987654321]).replace("987654321", "abc")
        assert client.get(malformed).status_code == 404, name
        assert client.get(reverse(name, args=[me["pending"].pk])).status_code == 200, name
