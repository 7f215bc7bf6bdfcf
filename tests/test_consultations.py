"""Consultations: the response form, open and closed, results, invited bodies and exports."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from tests import factories
from wagtail_medborgardialog import antispam, charts
from wagtail_medborgardialog.consultations import stats
from wagtail_medborgardialog.models import (
    ConsultationAnswer,
    ConsultationPage,
    Contribution,
    ContributionStatus,
    DialogueProcessPage,
    tallies,
)

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit")

FREE = "Vad tycker du om förslaget?"
SINGLE = "Vilket alternativ föredrar du?"
MULTI = "Vad använder du parken till?"
SCALE = "Hur viktigt är det med belysning?"


@pytest.fixture
def no_opt_in(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN = False
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0


@pytest.fixture
def consultation(process):
    return factories.make_consultation(process)


@pytest.fixture
def closed(process):
    now = timezone.now()
    return factories.make_consultation(
        process,
        title="Samråd om torget",
        slug="samrad-om-torget",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
        feedback="<p>Svaren ligger till grund för beslutet i Tekniska nämnden.</p>",
    )


def fields(page):
    return {q.text: q.field_name for q in page.questions.all()}


def response_data(page, answers=None, **overrides):
    names = fields(page)
    data = {
        "display_name": "Grannen",
        "email": "granne@example.se",
        "consent": "on",
        "website": "",
        "form_ts": antispam.make_timestamp(),
        "text": "",
        "organisation": "",
    }
    if answers is None:
        answers = {
            FREE: "Bra med fler träd, men behåll ängen.",
            SINGLE: "Alternativ B",
            MULTI: ["Promenader", "Lek"],
            SCALE: "4",
        }
    for text, value in answers.items():
        data[names[text]] = value
    data.update(overrides)
    return data


def post(client, page, data):
    return client.post(page.url + "svar/", data)


# --- the page and the form -------------------------------------------------------------


def test_consultation_can_be_created_under_a_dialogue_process():
    assert ConsultationPage in DialogueProcessPage.allowed_subpage_models()


def test_open_consultation_shows_every_question_with_its_kind(client, consultation):
    html = client.get(consultation.url).content.decode()
    names = fields(consultation)
    assert 'id="mbd-consultation-form"' in html
    assert f'<textarea name="{names[FREE]}"' in html
    assert f'type="radio" name="{names[SINGLE]}" value="Alternativ A"' in html
    assert f'type="checkbox" name="{names[MULTI]}" value="Odling"' in html
    assert "1 – Inte alls viktigt" in html
    assert "5 – Mycket viktigt" in html


@pytest.mark.usefixtures("no_opt_in")
def test_a_complete_response_stores_a_contribution_with_its_answers(client, consultation):
    response = post(client, consultation, response_data(consultation))
    assert response.status_code == 302
    contribution = Contribution.objects.get(page=consultation)
    assert contribution.status == S.PENDING
    answers = {(a.question.text, a.value) for a in contribution.answers.select_related("question")}
    assert answers == {
        (FREE, "Bra med fler träd, men behåll ängen."),
        (SINGLE, "Alternativ B"),
        (MULTI, "Promenader"),
        (MULTI, "Lek"),
        (SCALE, 4),
    }
    assert SINGLE in contribution.text and "Alternativ B" in contribution.text


@pytest.mark.usefixtures("no_opt_in")
def test_free_text_answers_are_stored_as_written(client, consultation):
    data = response_data(consultation, {SINGLE: "Alternativ A", FREE: "<b>Fler</b> bänkar"})
    post(client, consultation, data)
    answer = ConsultationAnswer.objects.get(question__text=FREE)
    assert answer.text == "<b>Fler</b> bänkar"


@pytest.mark.usefixtures("no_opt_in")
def test_missing_required_answer_is_refused_and_the_other_answers_kept(client, consultation):
    data = response_data(
        consultation, {FREE: "Mitt långa svar om ängen", MULTI: ["Idrott"], SCALE: "2"}
    )
    response = post(client, consultation, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert not Contribution.objects.exists()
    names = fields(consultation)
    assert "Besvara frågan." in html
    assert f'href="#id_{names[SINGLE]}"' in html
    assert "Mitt långa svar om ängen</textarea>" in html
    assert f'name="{names[MULTI]}" value="Idrott" id="id_{names[MULTI]}_2" checked' in html
    assert f'name="{names[SCALE]}" value="2" id="id_{names[SCALE]}_1" checked' in html


@pytest.mark.usefixtures("no_opt_in")
def test_choice_not_offered_is_refused_with_a_clear_error(client, consultation):
    data = response_data(consultation, {SINGLE: "Alternativ Z", FREE: "Behåll texten"})
    response = post(client, consultation, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Välj ett av alternativen." in html
    assert "Behåll texten</textarea>" in html


@pytest.mark.usefixtures("no_opt_in")
def test_multiple_choice_with_an_option_not_offered_is_refused(client, consultation):
    data = response_data(consultation, {SINGLE: "Alternativ A", MULTI: ["Lek", "Bad"]})
    assert post(client, consultation, data).status_code == 400
    assert not Contribution.objects.exists()


@pytest.mark.usefixtures("no_opt_in")
@pytest.mark.parametrize("value", ["0", "6", "fem"])
def test_scale_value_out_of_range_is_refused(client, consultation, value):
    data = response_data(consultation, {SINGLE: "Alternativ A", SCALE: value})
    response = post(client, consultation, data)
    assert response.status_code == 400
    assert "Välj ett värde från 1 till 5." in response.content.decode()


@pytest.mark.usefixtures("no_opt_in")
def test_optional_questions_may_be_skipped(client, consultation):
    response = post(client, consultation, response_data(consultation, {SINGLE: "Inget av dem"}))
    assert response.status_code == 302
    assert ConsultationAnswer.objects.count() == 1


@pytest.mark.usefixtures("no_opt_in")
def test_closed_consultation_refuses_responses_and_saves_nothing(client, closed):
    response = post(client, closed, response_data(closed))
    assert response.status_code == 403
    assert not Contribution.objects.exists()
    assert "Samrådet är stängt. Inget sparades." in response.content.decode()


def test_closed_consultation_shows_no_form_but_its_feedback(client, closed):
    html = client.get(closed.url).content.decode()
    assert 'id="mbd-consultation-form"' not in html
    assert "Stängt för svar" in html
    assert "Svaren ligger till grund för beslutet" in html


def test_consultation_not_yet_open_shows_no_form(client, process):
    page = factories.make_consultation(process, opens_at=timezone.now() + timedelta(days=3))
    html = client.get(page.url).content.decode()
    assert 'id="mbd-consultation-form"' not in html
    assert "Inte öppet än" in html


@pytest.mark.usefixtures("no_opt_in")
def test_response_on_behalf_of_an_invited_body(client, process):
    body = factories.make_stakeholder("Naturskyddsföreningen", "civil_society")
    page = factories.make_consultation(process, invited=[body])
    data = response_data(page, {SINGLE: "Alternativ A"}, stakeholder=str(body.pk))
    post(client, page, data)
    contribution = Contribution.objects.get()
    assert contribution.stakeholder == body
    assert contribution.organisation == "Naturskyddsföreningen"


@pytest.mark.usefixtures("no_opt_in")
def test_only_invited_bodies_can_be_chosen(client, process):
    invited = factories.make_stakeholder("Naturskyddsföreningen", "civil_society")
    other = factories.make_stakeholder("Bolaget AB", "business")
    page = factories.make_consultation(process, invited=[invited])
    data = response_data(page, {SINGLE: "Alternativ A"}, stakeholder=str(other.pk))
    assert post(client, page, data).status_code == 400


# --- results ---------------------------------------------------------------------------


def seed(page, norr, soder, body):
    """Five published responses, one pending and one rejected (these two must not count)."""
    factories.add_response(page, {SINGLE: "Alternativ A", SCALE: 5, MULTI: ["Lek"]}, area=norr)
    factories.add_response(page, {SINGLE: "Alternativ A", SCALE: 4, FREE: "Mer skugga"}, area=norr)
    factories.add_response(page, {SINGLE: "Alternativ B", SCALE: 2, MULTI: ["Lek", "Idrott"]})
    factories.add_response(
        page, {SINGLE: "Alternativ B", SCALE: 4, FREE: "Bevara ängen"}, stakeholder=body
    )
    factories.add_response(page, {SINGLE: "Inget av dem", SCALE: 1}, area=soder)
    factories.add_response(
        page, {SINGLE: "Alternativ A", SCALE: 5, FREE: "Hemligt"}, status=S.PENDING
    )
    factories.add_response(page, {SINGLE: "Alternativ A", SCALE: 5}, status=S.REJECTED)


@pytest.fixture
def seeded(closed):
    norr = factories.make_area("Norrby", "norrby")
    soder = factories.make_area("Söderby", "soderby")
    body = factories.make_stakeholder("Naturskyddsföreningen", "civil_society")
    seed(closed, norr, soder, body)
    return closed


def result_for(results, text):
    return next(r for r in results if r.question.text == text)


def test_statistics_match_hand_computed_numbers(seeded):
    results = stats.consultation_results(seeded)
    single = result_for(results, SINGLE)
    assert single.answered == 5
    assert [(o.label, o.count, o.percent) for o in single.options] == [
        ("Alternativ A", 2, 40.0),
        ("Alternativ B", 2, 40.0),
        ("Inget av dem", 1, 20.0),
    ]
    scale = result_for(results, SCALE)
    # Values 5, 4, 2, 4, 1: mean 16/5 = 3.2, median of 1 2 4 4 5 = 4.
    assert [o.count for o in scale.options] == [1, 1, 0, 2, 1]
    assert scale.mean == 3.2
    assert scale.median == 4.0
    multi = result_for(results, MULTI)
    assert multi.answered == 2
    assert [(o.label, o.count) for o in multi.options] == [
        ("Promenader", 0),
        ("Lek", 2),
        ("Idrott", 1),
        ("Odling", 0),
    ]
    assert result_for(results, FREE).answered == 2


def test_statistics_by_stakeholder_kind_and_area(seeded):
    single = result_for(stats.consultation_results(seeded), SINGLE)
    assert [(g.label, g.counts) for g in single.by_kind] == [
        ("Personliga svar", (2, 1, 1)),
        ("Civilsamhälle", (0, 1, 0)),
    ]
    assert [(g.label, g.counts, g.total) for g in single.by_area] == [
        ("Norrby", (2, 0, 0), 2),
        ("Söderby", (0, 0, 1), 1),
        ("Område ej angivet", (0, 2, 0), 2),
    ]


def test_median_of_an_even_number_of_values_is_the_middle_pair_mean():
    assert stats.median_from_distribution({1: 1, 2: 1, 4: 1, 5: 1}) == 3.0
    assert stats.median_from_distribution({1: 0}) is None


def test_results_page_shows_counts_charts_tables_and_published_texts(client, seeded):
    html = client.get(seeded.url + "resultat/").content.decode()
    assert 'role="img" aria-labelledby="mbd-chart-q2-title mbd-chart-q2-desc"' in html
    assert f'<title id="mbd-chart-q2-title">Svar på: {SINGLE}</title>' in html
    assert "Alternativ A: 2 svar" in html
    assert "Medelvärde 3,20, median 4,0." in html
    assert f"<caption>Svar på ”{SINGLE}”</caption>" in html
    assert "Bevara ängen" in html
    assert "Naturskyddsföreningen (Civilsamhälle)" in html
    assert "Hemligt" not in html
    assert "5 publicerade svar." in html


def test_chart_names_and_describes_itself(seeded):
    result = result_for(stats.consultation_results(seeded), SCALE)
    svg = str(charts.answer_bar_chart(result, "c1"))
    assert '<title id="c1-title">Svar på: Hur viktigt är det med belysning?</title>' in svg
    assert '<desc id="c1-desc">1: 1 svar; 2: 1 svar; 3: 0 svar; 4: 2 svar; 5: 1 svar.' in svg
    assert "<script" not in svg


def test_hidden_results_show_only_the_count_while_open(client, consultation):
    factories.add_response(consultation, {SINGLE: "Alternativ A", FREE: "Syns inte än"})
    html = client.get(consultation.url + "resultat/").content.decode()
    assert "1 publicerat svar." in html
    assert "Syns inte än" not in html
    assert "Svaren visas när samrådet har stängt." in html


def test_results_can_be_shown_while_open_when_the_editor_allows(client, process):
    page = factories.make_consultation(process, hide_results_until_closed=False)
    factories.add_response(page, {SINGLE: "Alternativ A", FREE: "Syns direkt"})
    html = client.get(page.url + "resultat/").content.decode()
    assert "Syns direkt" in html


def test_open_page_shows_the_response_count(client, consultation):
    factories.add_response(consultation, {SINGLE: "Alternativ A"})
    factories.add_response(consultation, {SINGLE: "Alternativ B"}, status=S.PENDING)
    html = client.get(consultation.url).content.decode()
    assert "1 svar har publicerats hittills." in html


def _bulk_responses(page, count):
    questions = {q.text: q for q in page.questions.all()}
    now = timezone.now()
    contributions = Contribution.objects.bulk_create(
        Contribution(
            page=page, text=f"Svar {i}", status=S.PUBLISHED, published_at=now, email="a@example.se"
        )
        for i in range(count)
    )
    ConsultationAnswer.objects.bulk_create(
        answer
        for i, c in enumerate(contributions)
        for answer in (
            ConsultationAnswer(contribution=c, question=questions[SINGLE], choice="Alternativ A"),
            ConsultationAnswer(contribution=c, question=questions[SCALE], scale=i % 5 + 1),
            ConsultationAnswer(contribution=c, question=questions[FREE], text=f"Text {i}"),
        )
    )
    # Bulk inserts bypass the state machine that keeps the results: recount, as the
    # medborgardialog_rebuild_tallies command does after an import.
    tallies.rebuild(page)


def test_results_query_count_does_not_grow_with_responses(client, closed, assert_flat_queries):
    url = closed.url + "resultat/"
    grown = {"size": 0}

    def grow(size):
        _bulk_responses(closed, size - grown["size"])
        grown["size"] = size

    def results():
        assert client.get(url).status_code == 200

    assert_flat_queries(results, grow=grow, sizes=(10, 1000))
    response = client.get(url)
    assert re.search(r"1\W?000 publicerade svar\.", response.content.decode())


# --- invited bodies and reminders ------------------------------------------------------


@pytest.fixture
def invited_page(process):
    answered = factories.make_stakeholder(
        "Naturskyddsföreningen", "civil_society", email="nf@example.se"
    )
    silent = factories.make_stakeholder("Länsstyrelsen", "public_authority", email="lst@example.se")
    unconfirmed = factories.make_stakeholder(
        "Hembygdsföreningen", "civil_society", email="hf@example.se"
    )
    page = factories.make_consultation(process, invited=[answered, silent, unconfirmed])
    factories.add_response(page, {SINGLE: "Alternativ A"}, stakeholder=answered, status=S.PENDING)
    factories.add_response(
        page, {SINGLE: "Alternativ A"}, stakeholder=unconfirmed, status=S.UNCONFIRMED
    )
    return page


def admin_url(name, page, *args):
    return reverse(f"wagtail_medborgardialog_consultation_{name}", args=[page.pk, *args])


def test_admin_lists_who_has_responded(admin_client, invited_page):
    from wagtail_medborgardialog.admin.consultations import invited_with_status

    status = {i.stakeholder.name: i.responded for i in invited_with_status(invited_page)}
    assert status == {
        "Naturskyddsföreningen": True,
        "Länsstyrelsen": False,
        "Hembygdsföreningen": False,
    }
    html = admin_client.get(admin_url("stakeholders", invited_page)).content.decode()
    assert "1 av 3 har svarat." in html


def test_reminder_goes_to_those_who_have_not_responded(admin_client, invited_page):
    response = admin_client.post(admin_url("remind", invited_page))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["hf@example.se", "lst@example.se"]
    assert "Samråd om parken" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    entry = PageLogEntry.objects.get(action="wagtail_medborgardialog.consultation.remind")
    assert sorted(entry.data["stakeholders"]) == ["Hembygdsföreningen", "Länsstyrelsen"]


def test_reminder_needs_post(admin_client, invited_page):
    assert admin_client.get(admin_url("remind", invited_page)).status_code == 405
    assert not mail.outbox


def test_reminder_refused_outside_ones_moderation_right(client, invited_page, index):
    other = factories.make_consultation(index, title="Annat", slug="annat")
    user = factories.make_moderator("moderator", other)
    client.force_login(user)
    assert client.post(admin_url("remind", invited_page)).status_code == 404
    assert client.get(admin_url("stakeholders", invited_page)).status_code == 404
    for fmt in ("csv", "xlsx", "json"):
        assert client.get(admin_url("export", invited_page, fmt)).status_code == 404
    assert not mail.outbox


# --- exports ---------------------------------------------------------------------------


def content(response):
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def exported(closed):
    body = factories.make_stakeholder("Föreningen Ängen", "civil_society")
    factories.add_response(
        closed,
        {SINGLE: "Alternativ A", MULTI: ["Lek", "Idrott"], SCALE: 3, FREE: '=HYPERLINK("x")'},
        email="åsa@example.se",
        display_name="Åsa Öberg",
    )
    factories.add_response(closed, {SINGLE: "Alternativ B"}, stakeholder=body, status=S.PENDING)
    factories.add_response(closed, {SINGLE: "Alternativ B"}, status=S.UNCONFIRMED)
    return closed


def test_csv_export_has_bom_swedish_letters_and_answers(admin_client, exported):
    response = admin_client.get(admin_url("export", exported, "csv"))
    text = content(response)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Svar", "Inkom", "Status"]
    assert SINGLE in rows[0] and "E-post" in rows[0]
    assert len(rows) == 3  # the unconfirmed response is left out
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Visningsnamn"] == "Åsa Öberg"
    assert first[MULTI] == "Lek; Idrott"
    assert first[SCALE] == "3"
    assert first[FREE] == '\'=HYPERLINK("x")'
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["Inbjuden remissinstans"] == "Föreningen Ängen"
    assert second["Typ av svarande"] == "Civilsamhälle"


def test_exports_leave_out_email_without_the_personal_data_permission(client, exported, process):
    user = factories.make_moderator("moderator", process)
    client.force_login(user)
    text = content(client.get(admin_url("export", exported, "csv")))
    assert "åsa@example.se" not in text
    assert "E-post" not in text.splitlines()[0]
    data = json.loads(content(client.get(admin_url("export", exported, "json"))))
    assert "email" not in data["responses"][0]

    user.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    assert "åsa@example.se" in content(client.get(admin_url("export", exported, "csv")))


def test_json_export(admin_client, exported):
    response = admin_client.get(admin_url("export", exported, "json"))
    data = json.loads(content(response))
    assert data["consultation"]["title"] == "Samråd om torget"
    first = data["responses"][0]
    assert first["answers"][MULTI] == ["Lek", "Idrott"]
    assert first["answers"][SCALE] == 3
    assert first["email"] == "åsa@example.se"


def test_xlsx_export(admin_client, exported):
    from openpyxl import load_workbook

    response = admin_client.get(admin_url("export", exported, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Visningsnamn"
    assert rows[1][3] == "Åsa Öberg"
    assert len(rows) == 3


def test_exports_neutralise_formulas_behind_a_word_joiner(admin_client, exported):
    from openpyxl import load_workbook

    factories.add_response(exported, {SINGLE: "Alternativ A"}, display_name="\u2060@SUM(1+1)")
    text = content(admin_client.get(admin_url("export", exported, "csv")))
    assert "'\u2060@SUM(1+1)" in text
    response = admin_client.get(admin_url("export", exported, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "'\u2060@SUM(1+1)" in [row[3] for row in sheet.iter_rows(values_only=True)]


def test_export_refused_outside_ones_moderation_right(client, exported, index):
    other = factories.make_consultation(index, title="Annat", slug="annat")
    client.force_login(factories.make_moderator("moderator", other))
    response = client.get(admin_url("export", exported, "csv"))
    assert response.status_code == 404


def test_export_is_audit_logged(admin_client, exported):
    content(admin_client.get(admin_url("export", exported, "json")))
    entry = PageLogEntry.objects.get(action="wagtail_medborgardialog.consultation.export")
    assert entry.data == {"format": "json", "personal_data": True}
    assert not ModelLogEntry.objects.filter(
        action__startswith="wagtail_medborgardialog.consultation"
    )


def test_unknown_export_format_is_404(admin_client, exported):
    assert admin_client.get(admin_url("export", exported, "pdf")).status_code == 404


@pytest.mark.usefixtures("no_opt_in")
def test_the_plain_contribution_route_takes_consultation_responses_only(client, consultation):
    data = response_data(consultation, {FREE: "Bara text"})
    response = client.post(consultation.url + "synpunkter/", data)
    assert response.status_code == 400
    assert not Contribution.objects.exists()


# --- admin integration -----------------------------------------------------------------


def test_edit_view_links_to_responses_and_invited_bodies(admin_client, consultation):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk])).content
    assert admin_url("stakeholders", consultation) in html.decode()


def test_standalone_consultation_gets_the_review_workflow(home):
    from wagtail_medborgardialog import workflows

    page = factories.make_consultation(home, slug="fristaende-samrad")
    workflows.setup_defaults()
    assert page.get_workflow().name == workflows.REVIEW_WORKFLOW


def test_consultation_in_a_process_is_covered_by_the_process_workflow(consultation):
    from wagtail_medborgardialog import workflows

    workflows.setup_defaults()
    assert consultation.get_workflow().name == workflows.REVIEW_WORKFLOW


def test_a_choice_question_needs_at_least_two_options():
    from django.core.exceptions import ValidationError

    from wagtail_medborgardialog.models import ConsultationQuestion

    question = ConsultationQuestion(text="Ja eller nej?", kind="single", choices="Ja\n\n")
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert "choices" in error.value.message_dict


def test_a_consultation_cannot_close_before_it_opens(process):
    from django.core.exceptions import ValidationError

    page = factories.make_consultation(process)
    page.opens_at = timezone.now()
    page.closes_at = page.opens_at - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "closes_at" in error.value.message_dict


def test_the_response_form_shows_the_sites_privacy_text(client, consultation):
    from wagtail.models import Site

    from wagtail_medborgardialog.models import MedborgardialogSettings

    site_settings = MedborgardialogSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.privacy_text_sv = "<p>Kommunens egen integritetstext för samråd.</p>"
    site_settings.save()
    html = client.get(consultation.url).text
    assert 'id="mbd-privacy"' in html
    assert "Kommunens egen integritetstext för samråd." in html


def test_purging_a_consultation_purges_its_results_page(consultation):
    assert consultation.get_cached_paths() == ["/", "resultat/"]
