"""Citizens' panels over HTTP as the real roles: codes, volunteering with double opt-in,
withdrawal, the commitment, the draw, the fairness report, replacements, verification, and
another site's users, who get 404."""

import csv
import hashlib
import io
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests import factories
from tests.test_contract_admin_scope import make_user, site_group
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    CitizenPanelPage,
    PanelDraw,
    PanelQuota,
    Volunteer,
)
from wagtail_medborgardialog.panels import draw as panel_draw
from wagtail_medborgardialog.panels import selection

pytestmark = pytest.mark.django_db

QUOTAS = [
    ("Kön", "Kvinna", 1, 3),
    ("Kön", "Man", 1, 3),
    ("Ålder", "16–39", 1, 3),
    ("Ålder", "40+", 1, 3),
]


def make_panel(parent, *, recruitment="invited", size=4, title="Medborgarråd om klimatet"):
    page = CitizenPanelPage(title=title, size=size, recruitment=recruitment, kind="assembly")
    for i, (category, value, low, high) in enumerate(QUOTAS):
        page.panel_quotas.add(
            PanelQuota(category=category, value=value, min_seats=low, max_seats=high, sort_order=i)
        )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_volunteers(page, n):
    for i in range(n):
        Volunteer.objects.create(
            page=page,
            name=f"Person {i}",
            email=f"p{i}@example.se",
            answers={"Kön": ["Kvinna", "Man"][i % 2], "Ålder": ["16–39", "40+"][(i // 2) % 2]},
            identity_hash=f"{i:064d}",
            confirmed_at="2026-05-01T10:00:00Z",
        )


@pytest.fixture
def sites(index, process):
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


def codes_from(response):
    text = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return [row[0] for row in rows[1:]]


def volunteer_data(code="", **overrides):
    data = {
        "code": code,
        "name": "Kim Berg",
        "email": "kim@example.se",
        "phone": "",
        "category_0": "Kvinna",
        "category_1": "40+",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_volunteer_with_a_code_confirms_and_withdraws(client, sites, run_on_commit):
    page = sites["a"]["panel"]
    client.force_login(sites["a"]["leader"])
    response = client.post(
        reverse("wagtail_medborgardialog_panel_codes", args=[page.pk]), {"number": "3"}
    )
    assert response.status_code == 200
    codes = codes_from(response)
    assert len(codes) == 3 and all(re.fullmatch(r"[A-Z2-9]{10}", c) for c in codes)
    # Only fingerprints are kept.
    assert not any(c in str(list(page.panel_quotas.values())) for c in codes)
    client.logout()

    form_url = page.url + page.reverse_subpage("panel_volunteer")
    html = client.get(page.url).content.decode()
    assert 'id="mbd-panel-form"' in html and "Kön" in html

    # A wrong code and a missing answer: the form comes back with the text kept.
    response = client.post(form_url, volunteer_data("FEL", category_1=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_code-error"' in html and 'id="id_category_1-error"' in html
    assert 'value="Kim Berg"' in html and 'aria-invalid="true"' in html
    assert not Volunteer.objects.exists()

    response = client.post(form_url, volunteer_data(codes[0]))
    assert response.status_code == 200
    person = Volunteer.objects.get()
    assert person.answers == {"Kön": "Kvinna", "Ålder": "40+"}
    assert person.confirmed_at is None and len(person.identity_hash) == 64
    assert len(mail.outbox) == 1
    links = re.findall(r"http://\S+", mail.outbox[0].body)
    confirm_link = next(link for link in links if "/bekrafta/" in link)
    withdraw_link = next(link for link in links if "/aterta/" in link)

    # The same code twice, and the same person twice, are refused by field.
    again = client.post(form_url, volunteer_data(codes[0], email="annan@example.se"))
    assert again.status_code == 400 and "Koden har redan använts." in again.content.decode()
    twice = client.post(form_url, volunteer_data(codes[1], email="KIM@example.se"))
    assert twice.status_code == 400
    assert Volunteer.objects.count() == 1

    response = client.get(confirm_link.replace("http://localhost", ""))
    assert response.status_code == 200 and "Du är med i lottningen" in response.content.decode()
    person.refresh_from_db()
    assert person.confirmed_at is not None and person.in_pool
    assert client.get(page.url + "bekrafta/forfalskad/").status_code == 404

    path = withdraw_link.replace("http://localhost", "")
    assert "Ta tillbaka din anmälan" in client.get(path).content.decode()
    client.post(path)
    client.post(path)  # a double post changes nothing and fails nothing
    person.refresh_from_db()
    assert person.withdrawn_at is not None and not person.in_pool


def test_commitment_draw_report_and_verification(client, sites, tmp_path):
    side = sites["a"]
    page = side["panel"]
    add_volunteers(page, 12)
    commit_url = reverse("wagtail_medborgardialog_panel_commit", args=[page.pk])
    draw_url = reverse("wagtail_medborgardialog_panel_draw", args=[page.pk])

    # The process leader may see the panel but not run the draw.
    client.force_login(side["leader"])
    assert client.get(reverse("wagtail_medborgardialog_panel", args=[page.pk])).status_code == 200
    refused = client.post(commit_url)  # Wagtail's admin answers PermissionDenied so
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert not PanelDraw.objects.exists()

    client.force_login(side["steering"])
    client.post(commit_url)
    draw = PanelDraw.objects.get()
    assert not draw.is_drawn
    assert client.post(commit_url).status_code == 302  # a second commitment is refused
    assert PanelDraw.objects.count() == 1

    client.logout()
    html = client.get(page.url).content.decode()
    assert draw.pool_hash in html and draw.seed_hash in html and draw.seed not in html
    assert 'id="mbd-panel-form"' not in html  # volunteering closed with the commitment
    pool_url = page.url + page.reverse_subpage("panel_pool")
    published = json.loads(client.get(pool_url).content)
    assert published["seed"] is None
    assert "Person" not in json.dumps(published) and "example.se" not in json.dumps(published)
    assert (
        hashlib.sha256(selection.canonical_json(published["pool"])).hexdigest()
        == published["pool_sha256"]
    )

    client.force_login(side["steering"])
    client.post(draw_url)
    client.post(draw_url)  # twice: the panel stays the same
    draw.refresh_from_db()
    assert draw.is_drawn and len(draw.panel) == 4
    pool = selection.pool_from_snapshot(draw.pool)
    assert pool.panel_meets_quotas(draw.panel)
    assert hashlib.sha256(draw.seed.encode()).hexdigest() == draw.seed_hash

    client.logout()
    html = client.get(page.url).content.decode()
    assert draw.seed in html
    assert "Hur rättvis var lottningen?" in html and "<svg" in html
    # Twelve volunteers, four seats, symmetric answers: everyone's chance is a third.
    assert "33.33 %" in html or "33,33 %" in html
    assert html.count("<code>v") >= 12

    published = json.loads(client.get(pool_url).content)
    assert published["seed"] == draw.seed
    path = tmp_path / "pool.json"
    path.write_text(json.dumps(published), encoding="utf-8")
    out = io.StringIO()
    call_command("medborgardialog_verify_draw", str(path), stdout=out)
    assert "MATCHES" in out.getvalue()
    assert "Panel: " + " ".join(sorted(draw.panel)) in out.getvalue()
    with pytest.raises(Exception, match="does not match"):
        call_command(
            "medborgardialog_verify_draw",
            str(path),
            "--seed",
            "något annat",
            "--skip-leximin",
            stdout=io.StringIO(),
        )


def test_replacement_keeps_the_quotas(client, sites):
    side = sites["a"]
    page = side["panel"]
    add_volunteers(page, 12)
    client.force_login(side["steering"])
    client.post(reverse("wagtail_medborgardialog_panel_commit", args=[page.pk]))
    client.post(reverse("wagtail_medborgardialog_panel_draw", args=[page.pk]))
    draw = PanelDraw.objects.get()
    leaving = draw.panel[0]
    client.post(
        reverse("wagtail_medborgardialog_panel_replace", args=[page.pk]), {"leaving": leaving}
    )
    row = draw.replacements.get()
    now = panel_draw.current_panel(draw)
    assert leaving not in now and row.joining in now
    assert selection.pool_from_snapshot(draw.pool).panel_meets_quotas(now)
    # Someone not on the panel cannot be replaced: a message, not an error page.
    response = client.post(
        reverse("wagtail_medborgardialog_panel_replace", args=[page.pk]), {"leaving": "vokänd"}
    )
    assert response.status_code == 302 and draw.replacements.count() == 1


def test_infeasible_quotas_say_so(client, sites):
    side = sites["a"]
    page = side["panel"]
    add_volunteers(page, 2)
    client.force_login(side["steering"])
    response = client.post(
        reverse("wagtail_medborgardialog_panel_commit", args=[page.pk]), follow=True
    )
    assert "The commitment was not published" in response.content.decode() or (
        "Åtagandet publicerades inte" in response.content.decode()
    )
    assert not PanelDraw.objects.exists()


@pytest.mark.parametrize("role", ["leader", "steering"])
def test_another_sites_users_get_404(client, sites, role):
    theirs = sites["a"]["panel"]
    add_volunteers(theirs, 12)
    client.force_login(sites["b"][role])
    for name in ("wagtail_medborgardialog_panel",):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name in (
        "wagtail_medborgardialog_panel_codes",
        "wagtail_medborgardialog_panel_commit",
        "wagtail_medborgardialog_panel_draw",
        "wagtail_medborgardialog_panel_replace",
    ):
        assert client.post(reverse(name, args=[theirs.pk]), {"number": "2"}).status_code == 404
    assert not PanelDraw.objects.exists()
    # Their own panel's screen lists none of the other site's volunteers.
    mine = sites["b"]["panel"]
    html = client.get(reverse("wagtail_medborgardialog_panel", args=[mine.pk])).content.decode()
    assert "p1@example.se" not in html


def test_open_volunteering_needs_no_code(client, sites, run_on_commit):
    page = make_panel(sites["a"]["panel"].get_parent(), recruitment="open", title="Öppen panel")
    response = client.post(page.url + "anmalan/", volunteer_data())
    assert response.status_code == 200
    assert Volunteer.objects.filter(page=page).count() == 1


def test_retention_culls_volunteers_after_the_term_and_keeps_the_pool(client, sites):
    import datetime

    from django.utils import timezone

    side = sites["a"]
    page = side["panel"]
    add_volunteers(page, 12)
    client.force_login(side["steering"])
    client.post(reverse("wagtail_medborgardialog_panel_commit", args=[page.pk]))
    page.term_end = timezone.now().date() - datetime.timedelta(days=91)
    page.save()
    other = sites["b"]["panel"]
    add_volunteers(other, 2)  # term not set: kept
    out = io.StringIO()
    call_command("medborgardialog_retention", "--dry-run", stdout=out)
    assert "would remove the personal data of 12 volunteer(s)" in out.getvalue()
    assert Volunteer.objects.filter(page=page, email="").count() == 0
    from wagtail_medborgardialog.panels.retention import cull

    assert cull()[0] == 12
    culled = Volunteer.objects.filter(page=page)
    assert not culled.exclude(name="", email="", answers={}, identity_hash="").exists()
    assert Volunteer.objects.filter(page=other, anonymised_at__isnull=True).count() == 2
    draw = PanelDraw.objects.get(page=page)
    assert len(draw.pool["volunteers"]) == 12  # the anonymised pool stays verifiable


def test_volunteering_after_the_commitment_says_it_is_closed(client, sites):
    side = sites["a"]
    page = side["panel"]
    add_volunteers(page, 12)
    client.force_login(side["steering"])
    client.post(reverse("wagtail_medborgardialog_panel_commit", args=[page.pk]))
    client.logout()
    response = client.post(page.url + "anmalan/", volunteer_data("ABC"))
    assert response.status_code == 409
    assert "Intresseanmälan till panelen är stängd." in response.content.decode()
    assert Volunteer.objects.filter(page=page).count() == 12


def test_queries_stay_flat_in_the_number_of_volunteers(client, sites, assert_flat_queries):
    side = sites["a"]
    page = side["panel"]
    client.force_login(side["leader"])
    admin_url = reverse("wagtail_medborgardialog_panel", args=[page.pk])

    def grow(size):
        have = Volunteer.objects.filter(page=page).count()
        for i in range(have, size):
            Volunteer.objects.create(
                page=page,
                name=f"P {i}",
                email=f"q{i}@example.se",
                answers={"Kön": "Man", "Ålder": "40+"},
                identity_hash=f"{i:064d}",
            )

    assert_flat_queries(
        {
            "admin": lambda: client.get(admin_url),
            "public": lambda: client.get(page.url),
        },
        grow=grow,
    )


def test_the_database_keeps_one_draw_per_panel(sites):
    from django.db import IntegrityError, transaction

    page = sites["a"]["panel"]
    add_volunteers(page, 12)
    draw = panel_draw.commit(page, None)
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelDraw.objects.create(
            page=page,
            pool=draw.pool,
            pool_hash=draw.pool_hash,
            lottery=draw.lottery,
            lottery_hash=draw.lottery_hash,
            seed="x",
            seed_hash="y",
        )


def test_the_drawn_panel_is_invited_to_a_consultation_of_its_own_site(client, sites):
    side = sites["a"]
    page = side["panel"]
    mine = factories.make_consultation(page.get_parent(), title="Samråd om torget")
    theirs = factories.make_consultation(
        sites["b"]["panel"].get_parent(), title="Annans samråd", slug="annans-samrad"
    )
    add_volunteers(page, 12)
    client.force_login(side["steering"])
    client.post(reverse("wagtail_medborgardialog_panel_commit", args=[page.pk]))
    client.post(reverse("wagtail_medborgardialog_panel_draw", args=[page.pk]))
    client.force_login(side["leader"])
    html = client.get(reverse("wagtail_medborgardialog_panel", args=[page.pk])).content.decode()
    assert "Samråd om torget" in html and "Annans samråd" not in html
    url = reverse("wagtail_medborgardialog_panel_invite", args=[page.pk])
    assert client.post(url, {"consultation": theirs.pk}).status_code == 404
    client.post(url, {"consultation": mine.pk})
    client.post(url, {"consultation": mine.pk})  # twice: still one invitation
    invited = mine.get_invited_stakeholder_model().objects.filter(page_id=mine.pk)
    assert [i.stakeholder.name for i in invited] == [page.title]
    assert invited.get().stakeholder.kind == "citizens"
    assert not theirs.get_invited_stakeholder_model().objects.filter(page_id=theirs.pk).exists()


def test_public_random_value_is_named_first_then_mixed_into_the_seed(client, sites, tmp_path):
    side = sites["a"]
    page = side["panel"]
    add_volunteers(page, 12)
    client.force_login(side["steering"])
    source = "Vinstnumren i Lotto lördag 6 juni 2026"
    client.post(
        reverse("wagtail_medborgardialog_panel_commit", args=[page.pk]),
        {"public_source": source},
    )
    draw = PanelDraw.objects.get()
    assert draw.public_source == source and draw.public_value == ""
    client.logout()
    html = client.get(page.url).content.decode()
    assert source in html  # published with the commitment, before the value exists

    # The draw needs the value; without it nothing is drawn and the official is told why.
    client.force_login(side["steering"])
    draw_url = reverse("wagtail_medborgardialog_panel_draw", args=[page.pk])
    response = client.post(draw_url, follow=True)
    assert "Ange det offentliga slumpvärdet" in response.content.decode()
    draw.refresh_from_db()
    assert not draw.is_drawn
    client.post(draw_url, {"public_value": " 3  14 15 92 65 "})
    draw.refresh_from_db()
    assert draw.is_drawn and draw.public_value == "3 14 15 92 65"
    pool = selection.pool_from_snapshot(draw.pool)
    lottery = selection.lottery_from_json(pool, draw.lottery)
    mixed = selection.mixed_seed(draw.seed, "3 14 15 92 65")
    assert mixed != draw.seed
    assert draw.panel == selection.draw(lottery, mixed)

    client.logout()
    assert "3 14 15 92 65" in client.get(page.url).content.decode()
    published = json.loads(client.get(page.url + page.reverse_subpage("panel_pool")).content)
    assert published["public_source"] == source and published["public_value"] == "3 14 15 92 65"
    path = tmp_path / "pool.json"
    path.write_text(json.dumps(published), encoding="utf-8")
    out = io.StringIO()
    call_command("medborgardialog_verify_draw", str(path), "--skip-leximin", stdout=out)
    assert "MATCHES" in out.getvalue()
    # Another public value gives another draw: the check fails.
    with pytest.raises(Exception, match="does not match"):
        call_command(
            "medborgardialog_verify_draw",
            str(path),
            "--public-value",
            "1 2 3",
            "--skip-leximin",
            stdout=io.StringIO(),
        )
    # Without the value, a file that names a source cannot be verified.
    del published["public_value"]
    path.write_text(json.dumps(published), encoding="utf-8")
    with pytest.raises(Exception, match="public-value"):
        call_command("medborgardialog_verify_draw", str(path), stdout=io.StringIO())


def test_recommendations_are_published_with_the_response_decision(client, sites):
    import datetime

    from django.core.exceptions import ValidationError

    from wagtail_medborgardialog.models import Decision, PanelRecommendation

    page = sites["a"]["panel"]
    decision = Decision.objects.create(
        page=page,
        kind="response",
        decided_text="Kommunstyrelsen besvarar rekommendationerna.",
        deciding_body="Kommunstyrelsen",
        decision_date=datetime.date(2026, 9, 1),
        case_number="KS 2026/99",
        minutes_paragraph="12",
        minutes_url="https://example.se/protokoll",
    )
    PanelRecommendation.objects.create(
        page=page,
        title="Fler cykelbanor",
        text="Se https://example.se/plan <b>nu</b>",
        response="rejected",
        response_text="Budgeten räcker inte.",
        decision=decision,
    )
    PanelRecommendation.objects.create(page=page, title="Grönare torg", sort_order=1)
    html = client.get(page.url).content.decode()
    assert "Fler cykelbanor" in html and "Grönare torg" in html
    assert "Avslag" in html and "Inte besvarad än" in html
    assert decision.summary in html and 'href="https://example.se/protokoll"' in html
    assert '<a href="https://example.se/plan"' in html and "&lt;b&gt;nu" in html  # escaped

    # A decision without saying the outcome, or an outcome without a reason, is refused.
    with pytest.raises(ValidationError, match="response"):
        PanelRecommendation(page=page, title="X", decision=decision).clean()
    with pytest.raises(ValidationError, match="response_text"):
        PanelRecommendation(page=page, title="X", response="adopted").clean()


def panel_edit_data(page, recommendations):
    """POST data of the page editor's form of panel ``page``: its fields as they are, its
    quotas kept, and ``recommendations`` as the inline formset's rows."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    quotas = [
        {
            "id": q.pk,
            "category": q.category,
            "value": q.value,
            "min_seats": q.min_seats,
            "max_seats": q.max_seats,
        }
        for q in page.panel_quotas.all()
    ]
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "kind": page.kind,
            "size": page.size,
            "purpose": rich_text(page.purpose or ""),
            "term_start": "",
            "term_end": "",
            "eligibility": page.eligibility,
            "recruitment": page.recruitment,
            "volunteering_open": "on" if page.volunteering_open else "",
            "legal_basis": page.legal_basis,
            "privacy_text": rich_text(""),
            "panel_quotas": inline_formset(quotas, initial=len(quotas)),
            "panel_recommendations": inline_formset(
                recommendations,
                initial=sum(1 for r in recommendations if r.get("id")),
            ),
            "comments": inline_formset([]),
        }
    )


def test_a_process_leader_adds_and_edits_a_recommendation_in_the_page_editor(client, sites):
    """The recommendations are edited inline in the page editor; they reach the public page
    with the response once the page is published."""
    import datetime

    from wagtail_medborgardialog.models import Decision, PanelRecommendation

    side = sites["a"]
    page = side["panel"]
    decision = Decision.objects.create(
        page=page,
        kind="response",
        decided_text="Kommunstyrelsen besvarar rekommendationerna.",
        deciding_body="Kommunstyrelsen",
        decision_date=datetime.date(2026, 9, 1),
        case_number="KS 2026/7",
        minutes_paragraph="3",
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(side["leader"])
    assert client.get(edit_url).status_code == 200

    row = {
        "title": "Ljus längs gångstråken",
        "text": "Rådet föreslår ny belysning.",
        "handed_over": "2026-08-20",
        "response": "",
        "response_text": "",
        "decision": "",
    }
    response = client.post(edit_url, panel_edit_data(page, [row]))
    assert response.status_code == 302, response.content.decode()[:2000]
    # A draft: the public page does not show it yet, and the live page has no row.
    assert not PanelRecommendation.objects.filter(page=page).exists()
    assert "Ljus längs gångstråken" not in client.get(page.url).content.decode()

    # A response without a reason or decision is refused, with the error by the field.
    page.refresh_from_db()
    revision = page.get_latest_revision_as_object()
    saved = revision.panel_recommendations.all()[0]
    bad = dict(row, id=saved.pk or "", response="adopted")
    response = client.post(edit_url, panel_edit_data(page, [bad]))
    assert response.status_code == 200
    assert "Skriv svarets text eller ange beslutet som gav det." in response.content.decode()

    edited = dict(
        row,
        id=saved.pk or "",
        response="adopted",
        response_text="Belysningen byts under hösten.",
        decision=decision.pk,
    )
    assert client.post(edit_url, panel_edit_data(page, [edited])).status_code == 302
    page.refresh_from_db()
    revision = page.get_latest_revision_as_object()
    rows = list(revision.panel_recommendations.all())
    assert [(r.title, r.response, r.decision_id) for r in rows] == [
        ("Ljus längs gångstråken", "adopted", decision.pk)
    ]

    # The steering group publishes the revision (the Processledare may not publish).
    page.get_latest_revision().publish(user=side["steering"])
    client.logout()
    html = client.get(page.url).content.decode()
    assert "Ljus längs gångstråken" in html and "Belysningen byts under hösten." in html
    assert "Bifall" in html and decision.summary in html
    assert PanelRecommendation.objects.filter(page=page).count() == 1
