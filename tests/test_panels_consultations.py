"""A consultation only a citizens' panel's members answer, over HTTP as the real roles: the
Processledare limits it to the drawn panel and sends the personal invitations, a member answers
once with their link, the answer is moderated and counted like any other; the public gets the
explanation and no form; another site's users get 404."""

import datetime
import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.test_contract_admin_scope import make_user, site_group
from tests.test_panels_journeys import add_volunteers, make_panel
from wagtail_medborgardialog import antispam, workflows
from wagtail_medborgardialog.models import (
    Contribution,
    PanelConsultation,
    PanelDraw,
    PanelMemberInvitation,
    Volunteer,
)
from wagtail_medborgardialog.panels import consultations as panel_consultations
from wagtail_medborgardialog.panels import draw as panel_draw
from wagtail_medborgardialog.panels import retention

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_forms")]

MODERATE = "wagtailsnippets_wagtail_medborgardialog_contribution:edit"
FREE = "Vad tycker du om förslaget?"
SINGLE = "Vilket alternativ föredrar du?"


def admin_url(name, page):
    suffix = {"": "", "gate": "_gate", "lift": "_lift", "invite": "_invite"}[name]
    return reverse(f"wagtail_medborgardialog_consultation_panel{suffix}", args=[page.pk])


def drawn_panel(client, side):
    page = side["panel"]
    add_volunteers(page, 12)
    client.force_login(side["steering"])
    client.post(reverse("wagtail_medborgardialog_panel_commit", args=[page.pk]))
    client.post(reverse("wagtail_medborgardialog_panel_draw", args=[page.pk]))
    assert PanelDraw.objects.get(page=page).is_drawn
    client.logout()
    return page


def consultation(parent, **fields):
    fields.setdefault("hide_results_until_closed", False)
    return factories.make_consultation(parent, **fields)


def answers(page, text="Mer ljus vid stationen, tack.", choice="Alternativ B"):
    names = {q.text: q.field_name for q in page.questions.all()}
    return {
        names[FREE]: text,
        names[SINGLE]: choice,
        "consent": "on",
        "website": "",
        "text": "",
        "form_ts": antispam.make_timestamp(),
    }


def links_in(messages):
    urls = [re.search(r"http://\S+/panelsvar/[\w-]+/", m.body).group(0) for m in messages]
    return [re.sub(r"^https?://[^/]+", "", url) for url in urls]


@pytest.fixture
def sites(index, process):
    """Two sites, each with its panel, Processledare and steering group (as a shared install
    has them)."""
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other_process = factories.make_process(other_index, title="Annans park", slug="annans-park")
    workflows.setup_defaults()
    out = {}
    for key, idx, proc in (("a", index, process), ("b", other_index, other_process)):
        out[key] = {
            "panel": make_panel(proc, title=f"Medborgarråd {key}"),
            "leader": make_user(f"leader-{key}", site_group(workflows.PROCESS_LEADERS, key, idx)),
            "steering": make_user(
                f"steering-{key}", site_group(workflows.STEERING_GROUP, key, idx)
            ),
        }
    return out


@pytest.fixture
def gated(client, sites, run_on_commit):
    """Site a's drawn panel, its consultation limited to the panel and invitations sent."""
    side = sites["a"]
    panel = drawn_panel(client, side)
    page = consultation(panel.get_parent(), title="Enkät till rådet", slug="enkat-till-radet")
    client.force_login(side["leader"])
    client.post(admin_url("gate", page), {"panel": panel.pk})
    mail.outbox.clear()
    client.post(admin_url("invite", page))
    client.logout()
    return {"side": side, "panel": panel, "page": page, "links": links_in(mail.outbox)}


def test_a_process_leader_limits_a_consultation_to_the_panel_and_invites_its_members(
    client, sites, run_on_commit
):
    side = sites["a"]
    panel = drawn_panel(client, side)
    page = consultation(panel.get_parent(), title="Enkät till rådet", slug="enkat-till-radet")
    client.force_login(side["leader"])

    # The consultation's admin screen offers the drawn panel of the leader's own site.
    html = client.get(admin_url("", page)).content.decode()
    assert f'<option value="{panel.pk}">{panel.title}</option>' in html
    assert sites["b"]["panel"].title not in html
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert admin_url("", page) in editor  # the page header's button

    client.post(admin_url("gate", page), {"panel": panel.pk})
    gate = PanelConsultation.objects.get(page_id=page.pk)
    assert gate.panel_id == panel.pk and gate.created_by == side["leader"]

    response = client.post(admin_url("invite", page), follow=True)
    members = set(panel_draw.current_panel(PanelDraw.objects.get(page=panel)))
    assert len(mail.outbox) == len(members) == 4
    to = {m.to[0] for m in mail.outbox}
    emails = Volunteer.objects.filter(pseudonym__in=members).values_list("email", flat=True)
    assert to == set(emails)
    assert all(page.title in m.subject for m in mail.outbox)
    html = response.content.decode()
    assert '<dd id="mbd-panel-invited">4</dd>' in html
    assert '<dd id="mbd-panel-members">4</dd>' in html
    assert '<dd id="mbd-panel-answered">0</dd>' in html
    assert "4 inbjudningar skickades." in html

    # Pressing again sends nothing and stores no second invitation.
    response = client.post(admin_url("invite", page), follow=True)
    assert len(mail.outbox) == 4 and PanelMemberInvitation.objects.count() == 4
    assert "Ingen inbjudan skickades" in response.content.decode()
    # Sending the link again to those who have not answered: the same four rows.
    client.post(admin_url("invite", page), {"again": "1"})
    assert len(mail.outbox) == 8 and PanelMemberInvitation.objects.count() == 4
    assert set(PanelMemberInvitation.objects.values_list("times_sent", flat=True)) == {2}
    # With invitations out, the consultation stays with the panel.
    client.post(admin_url("lift", page))
    assert PanelConsultation.objects.filter(page_id=page.pk).exists()


def test_the_public_gets_the_explanation_and_no_form_and_nothing_is_stored(client, gated):
    page = gated["page"]
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="mbd-panel-gate"' in html and gated["panel"].title in html
    assert "Bara ledamöterna i medborgarpanelen" in html
    assert 'name="email"' not in html and 'name="consent"' not in html
    assert "Om panelen och hur ledamöterna lottades" in html
    assert f'{gated["panel"].slug}/"' in html
    for route in ("svar/", "synpunkter/"):
        refused = client.post(page.url + route, {**answers(page), "email": "x@example.se"})
        assert refused.status_code == 403
        assert "Inget sparades" in refused.content.decode()
    assert not Contribution.objects.filter(page_id=page.pk).exists()


def test_a_member_answers_once_and_the_answer_is_moderated_and_counted(client, gated):
    page, side = gated["page"], gated["side"]
    link = gated["links"][0]
    response = client.get(link)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'id="mbd-consultation-form"' in html and f'action="{link}#mbd-error-summary"' in html
    assert 'name="email"' not in html and 'name="display_name"' not in html
    assert "Vad som sparas om ditt svar" in html and "90 dagar" in html

    # A required question left out: the form again, with the text kept, nothing stored.
    data = answers(page, text="Mer ljus vid stationen, tack.", choice="")
    response = client.post(link, data)
    assert response.status_code == 400
    assert "Mer ljus vid stationen, tack." in response.content.decode()
    assert not Contribution.objects.exists()

    response = client.post(link, answers(page))
    assert response.status_code == 302 and "status=pending" in response.url
    contribution = Contribution.objects.get(page_id=page.pk)
    invitation = PanelMemberInvitation.objects.get(contribution=contribution)
    assert contribution.status == "pending" and contribution.email == ""
    assert contribution.display_name == "" and invitation.answered_at is not None
    assert not [m for m in mail.outbox if "bekräfta" in m.subject.lower()]

    # The same link again: already answered, nothing stored.
    again = client.post(link, answers(page, text="Ett andra svar"))
    assert again.status_code == 409 and "redan svarat" in again.content.decode()
    assert Contribution.objects.filter(page_id=page.pk).count() == 1
    assert client.get(link).status_code == 200
    assert 'id="mbd-consultation-form"' not in client.get(link).content.decode()

    # Two members may give the same answer: no duplicate check between members.
    assert client.post(gated["links"][1], answers(page)).status_code == 302
    assert Contribution.objects.filter(page_id=page.pk).count() == 2

    # The Processledare moderates it like any response; then the results count it.
    client.force_login(side["leader"])
    html = client.get(admin_url("", page)).content.decode()
    assert '<dd id="mbd-panel-answered">2</dd>' in html
    approve = client.post(reverse(MODERATE, args=[contribution.pk]), {"action": "approve"})
    assert approve.status_code == 302
    client.logout()
    results = client.get(page.url + "resultat/").content.decode()
    assert "Mer ljus vid stationen, tack." in results
    published = Contribution.objects.filter(page_id=page.pk, status="published")
    assert published.count() == 1
    names = Volunteer.objects.filter(page=gated["panel"]).values_list("name", "email")
    for name, email in names:
        assert name not in results and email not in results
        assert name not in client.get(page.url).content.decode()


def test_wrong_foreign_and_closed_links_get_a_clear_4xx(client, gated, sites):
    page, link = gated["page"], gated["links"][0]
    bad = client.get(page.url + "panelsvar/inte-en-riktig-lank/")
    assert bad.status_code == 404 and "Länken fungerar inte" in bad.content.decode()
    assert "no-store" in bad["Cache-Control"]
    # The same token on another consultation of the site: not found.
    other = consultation(page.get_parent(), title="Annat samråd", slug="annat-samrad")
    token = link.rstrip("/").rsplit("/", 1)[1]
    foreign = client.post(other.url + f"panelsvar/{token}/", answers(other))
    assert foreign.status_code == 404
    # A closed consultation says so; nothing stored.
    type(page).objects.filter(pk=page.pk).update(closes_at=timezone.now())
    closed = client.post(link, answers(page))
    assert closed.status_code == 410 and "stängt" in closed.content.decode()
    assert not Contribution.objects.exists()


def test_a_member_who_left_the_panel_cannot_answer(client, gated):
    page = gated["page"]
    invitation = PanelMemberInvitation.objects.order_by("pk").first()
    link = next(
        url
        for url in gated["links"]
        if panel_consultations.read_invitation(page, url.rstrip("/").rsplit("/", 1)[1]).pk
        == invitation.pk
    )
    Volunteer.objects.filter(pk=invitation.volunteer_id).update(withdrawn_at=timezone.now())
    response = client.post(link, answers(page))
    assert response.status_code == 403
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("role", ["leader", "steering"])
def test_another_sites_users_get_404(client, gated, sites, role):
    page = gated["page"]
    client.force_login(sites["b"][role])
    assert client.get(admin_url("", page)).status_code == 404
    for name in ("gate", "lift", "invite"):
        response = client.post(admin_url(name, page), {"panel": gated["panel"].pk})
        assert response.status_code == 404
    assert PanelMemberInvitation.objects.count() == 4
    assert PanelConsultation.objects.filter(page_id=page.pk).exists()
    # Nor can they tie their own consultation to this site's panel.
    theirs = consultation(sites["b"]["panel"].get_parent(), title="B:s enkät", slug="b-enkat")
    assert client.post(admin_url("gate", theirs), {"panel": gated["panel"].pk}).status_code == 404
    assert not PanelConsultation.objects.filter(page_id=theirs.pk).exists()


def test_gating_is_refused_when_the_public_has_answered_or_the_panel_is_not_drawn(client, sites):
    side = sites["a"]
    panel = side["panel"]
    page = consultation(panel.get_parent(), title="Öppet samråd", slug="oppet-samrad")
    client.force_login(side["leader"])
    # An undrawn panel is not offered, and posting its id is 404.
    assert f'value="{panel.pk}"' not in client.get(admin_url("", page)).content.decode()
    assert client.post(admin_url("gate", page), {"panel": panel.pk}).status_code == 404
    drawn_panel(client, side)
    client.force_login(side["leader"])
    factories.make_contribution(page, status="published")
    response = client.post(admin_url("gate", page), {"panel": panel.pk}, follow=True)
    assert "redan svar från allmänheten" in response.content.decode()
    assert not PanelConsultation.objects.exists()


def test_the_database_keeps_one_answer_per_invitation(gated):
    invitation = PanelMemberInvitation.objects.first()
    page = gated["page"]
    Contribution.objects.create(page=page, text="Ett", panel_invitation=invitation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(page=page, text="Två", panel_invitation=invitation)


def test_retention_removes_which_member_answered_and_keeps_the_answer(client, gated):
    page = gated["page"]
    assert client.post(gated["links"][0], answers(page)).status_code == 302
    contribution = Contribution.objects.get(page_id=page.pk)
    assert contribution.panel_invitation_id is not None
    retention.cull()
    assert PanelMemberInvitation.objects.count() == 4  # still open: kept
    closed = timezone.now() - datetime.timedelta(days=91)
    type(page).objects.filter(pk=page.pk).update(closes_at=closed)
    retention.cull()
    assert not PanelMemberInvitation.objects.exists()
    contribution.refresh_from_db()
    assert contribution.panel_invitation_id is None and contribution.status == "pending"
