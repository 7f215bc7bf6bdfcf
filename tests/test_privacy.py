"""Personal data: no clear IP addresses, cookies, privacy text, anonymisation, retention."""

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry, PageLogEntry

from tests import factories
from tests.test_contributions import submit
from wagtail_medborgardialog import privacy
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import (
    Contribution,
    ContributionReport,
    ContributionStatus,
    MedborgardialogSettings,
)
from wagtail_medborgardialog.privacy import archive

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit")
IP = "203.0.113.77"
SCHEMA = Path(archive.__file__).parent.parent / "data" / "archive.schema.json"


def closed_process(index, days_ago, **fields):
    fields.setdefault("title", f"Stängd för {days_ago} dagar sedan")
    fields.setdefault("slug", f"stangd-{days_ago}")
    return factories.make_process(
        index, closes_at=timezone.now() - timedelta(days=days_ago), **fields
    )


def personal(page, **fields):
    fields.setdefault("display_name", "Anna Andersson")
    fields.setdefault("organisation", "Norrby villaförening")
    fields.setdefault("email", "anna@example.se")
    fields.setdefault("ip_hash", "a" * 64)
    fields.setdefault("notify_author", True)
    return factories.make_contribution(page, **fields)


def moderated(page, user, **fields):
    """A contribution taken through approve and reply, so it has a moderation history."""
    contribution = personal(page, status=S.PENDING, **fields)
    moderation.approve(contribution, user)
    moderation.reply(contribution, user, "Tack, vi tar med det.")
    contribution.refresh_from_db()
    return contribution


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.se", "x")


# --- data minimisation -----------------------------------------------------------------


def text_columns():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                yield table, column.name


def tables_containing(needle):
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} WHERE CAST({quote(column)} AS TEXT) LIKE %s",
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


@pytest.mark.usefixtures("fast_forms")
def test_no_clear_ip_address_anywhere_in_the_database_after_a_submission(client, process):
    from django.test import override_settings

    with override_settings(WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN=False):
        response = submit(client, process, REMOTE_ADDR=IP)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    contribution.status = S.PUBLISHED
    contribution.save()
    client.post(process.url + f"anmal/{contribution.pk}/", {"reason": "Reklam"}, REMOTE_ADDR=IP)
    assert ContributionReport.objects.count() == 1
    assert contribution.ip_hash and IP not in contribution.ip_hash
    assert tables_containing(IP) == []
    # The check itself finds a clear address where there is one.
    ContributionReport.objects.update(reason=f"från {IP}")
    assert tables_containing(IP) == ["wagtail_medborgardialog_contributionreport.reason"]


def test_ip_hash_salt_rotates_daily():
    today = timezone.now()
    assert privacy.hash_ip(IP, today) == privacy.hash_ip(IP, today)
    assert privacy.hash_ip(IP, today) != privacy.hash_ip(IP, today - timedelta(days=1))
    assert privacy.hash_ip("", today) == ""


@pytest.mark.usefixtures("fast_forms")
def test_citizens_get_only_the_csrf_cookie_on_get_and_post(client, process):
    response = client.get(process.url)
    assert response.status_code == 200
    assert set(response.cookies) <= {"csrftoken"}
    response = submit(client, process)
    assert response.status_code == 302
    assert set(response.cookies) <= {"csrftoken"}
    thanks = client.get(response["Location"])
    assert set(thanks.cookies) <= {"csrftoken"}
    invalid = submit(client, process, text="")
    assert invalid.status_code == 400
    assert set(invalid.cookies) <= {"csrftoken"}
    assert set(client.cookies) <= {"csrftoken"}


# --- privacy text ----------------------------------------------------------------------


def test_the_default_privacy_text_names_the_publisher_retention_and_rights(client, process):
    process.closes_at = timezone.now() + timedelta(days=30)
    process.save_revision().publish()
    html = client.get(process.url).content.decode()
    assert 'id="mbd-privacy"' in html
    assert "allmän handling" in html
    assert "2 år efter" in html
    assert "IMY" in html


def test_a_sites_own_privacy_text_is_shown_in_the_visitors_language(client, process):
    site = process.get_site()
    MedborgardialogSettings.objects.update_or_create(
        site=site,
        defaults={
            "privacy_text_sv": "<p>Kommunens egen text om personuppgifter.</p>",
            "privacy_text_en": "<p>The council's own privacy text.</p>",
            "privacy_contact_email": "dpo@example.se",
        },
    )
    html = client.get(process.url).content.decode()
    assert "Kommunens egen text om personuppgifter." in html
    assert "The council's own privacy text." not in html
    with translation.override("en"):
        english = render_privacy_text(process)
    assert "The council's own privacy text." in english
    assert "Kommunens egen text" not in english


def render_privacy_text(page):
    from django.template import Context, Template

    template = Template("{% load medborgardialog_privacy %}{% privacy_text page %}")
    return template.render(Context({"page": page}))


def test_without_a_text_in_the_visitors_language_the_default_is_shown(process):
    MedborgardialogSettings.objects.update_or_create(
        site=process.get_site(), defaults={"privacy_text_sv": "<p>Bara svensk text.</p>"}
    )
    with translation.override("en"):
        english = render_privacy_text(process)
    assert "Bara svensk text." not in english
    assert "is responsible for your personal data" in english


def test_the_contact_address_appears_in_the_default_text(client, process):
    MedborgardialogSettings.objects.update_or_create(
        site=process.get_site(), defaults={"privacy_contact_email": "dpo@example.se"}
    )
    html = client.get(process.url).content.decode()
    assert 'href="mailto:dpo@example.se"' in html


def test_the_report_form_shows_a_privacy_text(client, process):
    contribution = factories.make_contribution(process)
    html = client.get(process.url + f"anmal/{contribution.pk}/").content.decode()
    assert 'id="mbd-report-privacy"' in html


# --- anonymisation ---------------------------------------------------------------------


def test_anonymisation_removes_every_personal_field_and_keeps_text_and_dates(process, superuser):
    contribution = moderated(process, superuser)
    ContributionReport.objects.create(contribution=contribution, reason="Fel", ip_hash="b" * 64)
    before = Contribution.objects.get(pk=contribution.pk)

    privacy.anonymise(contribution, privacy.REASON_SUBJECT_REQUEST, superuser)

    after = Contribution.objects.get(pk=contribution.pk)
    for name in ("email", "display_name", "organisation", "ip_hash"):
        assert getattr(after, name) == "", name
    assert after.notify_author is False
    assert after.anonymised_at is not None
    for name in ("text", "reply", "status", "created_at", "published_at", "replied_at"):
        assert getattr(after, name) == getattr(before, name), name
    assert ContributionReport.objects.get().ip_hash == ""
    assert ContributionReport.objects.get().reason == "Fel"


def test_anonymisation_removes_the_name_from_history_labels_and_is_logged(process, superuser):
    contribution = moderated(process, superuser)
    entries = ModelLogEntry.objects.filter(object_id=str(contribution.pk))
    # Labels never carry the name (signal_handlers); an entry from before that rule did.
    assert not entries.filter(label__contains="Anna").exists()
    entries.filter(action="wagtail_medborgardialog.contribution.approve").update(label="Anna: Hej")
    privacy.anonymise(contribution, privacy.REASON_RETENTION, superuser)
    assert entries.count() == 3
    assert not entries.filter(label__contains="Anna").exists()
    entry = entries.get(action="wagtail_medborgardialog.privacy.anonymise")
    assert entry.user == superuser
    assert entry.data == {"reason": "retention"}


# --- retention -------------------------------------------------------------------------


@pytest.fixture
def due(index, superuser):
    """A page closed three years ago with two contributions holding personal details."""
    page = closed_process(index, 365 * 3)
    first = moderated(page, superuser)
    second = personal(page, status=S.REJECTED, email="bo@example.se", display_name="Bo")
    return page, [first, second]


def test_retention_dry_run_prints_counts_and_changes_nothing(due, tmp_path):
    page, contributions = due
    out = io.StringIO()
    call_command("medborgardialog_retention", "--dry-run", stdout=out)
    assert f"Page {page.pk}" in out.getvalue()
    assert "would archive and anonymise 2 contribution(s)" in out.getvalue()
    assert Contribution.objects.filter(anonymised_at__isnull=True, email__gt="").count() == 2
    assert list(tmp_path.iterdir()) == []


def test_retention_archives_then_anonymises(due, tmp_path):
    page, contributions = due
    out = io.StringIO()
    call_command("medborgardialog_retention", "--archive-dir", str(tmp_path), stdout=out)
    assert "anonymised 2 contribution(s)" in out.getvalue()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert [Path(f).suffix for f in files] == [".csv", ".json"]
    data = json.loads((tmp_path / files[1]).read_text(encoding="utf-8"))
    emails = {c["email"] for c in data["contributions"]}
    assert emails == {"anna@example.se", "bo@example.se"}  # the archive keeps the record
    for contribution in Contribution.objects.filter(page=page):
        assert contribution.anonymised_at is not None
        assert contribution.email == contribution.display_name == ""
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail_medborgardialog.privacy.archive_export"
    ).exists()


def test_retention_is_idempotent(due, tmp_path):
    call_command("medborgardialog_retention", "--archive-dir", str(tmp_path), stdout=io.StringIO())
    first = set(tmp_path.iterdir())
    out = io.StringIO()
    call_command("medborgardialog_retention", "--archive-dir", str(tmp_path), stdout=out)
    assert set(tmp_path.iterdir()) == first
    assert "No contributions are due for anonymisation." in out.getvalue()


def test_retention_without_an_archive_directory_fails_clearly_and_changes_nothing(due):
    with pytest.raises(CommandError, match="--archive-dir"):
        call_command("medborgardialog_retention", stdout=io.StringIO())
    assert not Contribution.objects.filter(anonymised_at__isnull=False).exists()


def test_when_the_archive_cannot_be_written_nothing_is_anonymised(due, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(archive, "write_csv", fail)
    with pytest.raises(CommandError, match="not anonymised"):
        call_command(
            "medborgardialog_retention",
            "--archive-dir",
            str(tmp_path),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Contribution.objects.filter(anonymised_at__isnull=False).exists()
    assert [p for p in tmp_path.iterdir() if p.suffix == ".csv"] == []


def test_retention_leaves_recently_closed_and_open_ended_pages_alone(index, tmp_path):
    recent = closed_process(index, 30)
    open_ended = factories.make_process(index, title="Utan slutdatum", slug="utan-slut")
    personal(recent)
    personal(open_ended, created_at=timezone.now() - timedelta(days=365 * 5))
    call_command("medborgardialog_retention", "--archive-dir", str(tmp_path), stdout=io.StringIO())
    assert Contribution.objects.filter(anonymised_at__isnull=True, email__gt="").count() == 2
    assert list(tmp_path.iterdir()) == []


def test_retention_period_is_a_setting(index, tmp_path, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RETENTION_DAYS = 10
    personal(closed_process(index, 30))
    call_command("medborgardialog_retention", "--archive-dir", str(tmp_path), stdout=io.StringIO())
    assert Contribution.objects.get().anonymised_at is not None


def test_expired_unconfirmed_contributions_are_deleted_and_logged_on_the_page(process, tmp_path):
    old = timezone.now() - timedelta(days=10)
    expired = personal(process, status=S.UNCONFIRMED, created_at=old)
    fresh = personal(process, status=S.UNCONFIRMED)
    privacy_log = ModelLogEntry.objects.create(
        content_type_id=ModelLogEntry.objects.model._meta.get_field("content_type")
        .related_model.objects.get_for_model(Contribution)
        .pk,
        object_id=str(expired.pk),
        label=str(expired),
        action="wagtail_medborgardialog.contribution.submit",
        timestamp=old,
    )
    dry = io.StringIO()
    call_command("medborgardialog_retention", "--dry-run", stdout=dry)
    assert "would delete 1 unconfirmed" in dry.getvalue()
    assert Contribution.objects.filter(pk=expired.pk).exists()

    call_command("medborgardialog_retention", "--archive-dir", str(tmp_path), stdout=io.StringIO())
    assert list(Contribution.objects.values_list("pk", flat=True)) == [fresh.pk]
    entry = PageLogEntry.objects.get(
        page=process, action="wagtail_medborgardialog.privacy.delete_unconfirmed"
    )
    assert entry.data["contributions"] == [expired.pk]
    privacy_log.refresh_from_db()
    assert privacy_log.deleted is True
    assert "Anna" not in privacy_log.label


def test_old_ip_hashes_are_cleared(process, tmp_path, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_IP_HASH_RETENTION_DAYS = 7
    old = personal(process, created_at=timezone.now() - timedelta(days=8))
    new = personal(process)
    report = ContributionReport.objects.create(
        contribution=new,
        ip_hash="c" * 64,
        network_hash="d" * 64,
        created_at=timezone.now() - timedelta(days=8),
    )
    out = io.StringIO()
    call_command("medborgardialog_retention", "--dry-run", stdout=out)
    assert "Would clear 1 IP hash(es) on contributions and 1 on reports." in out.getvalue()
    call_command("medborgardialog_retention", "--archive-dir", str(tmp_path), stdout=io.StringIO())
    old.refresh_from_db()
    new.refresh_from_db()
    report.refresh_from_db()
    assert old.ip_hash == "" and report.ip_hash == "" and report.network_hash == ""
    assert new.ip_hash == "a" * 64
    assert old.email == "anna@example.se"  # only the hash goes


# --- archive files ---------------------------------------------------------------------


def test_json_archive_contains_every_contribution_with_its_history(due):
    page, contributions = due
    data = json.loads(json.dumps(archive.build_archive(page), default=str))
    assert data["schema_version"] == 1
    assert data["page"]["id"] == page.pk
    assert data["page"]["closes_at"]
    assert [c["id"] for c in data["contributions"]] == [c.pk for c in contributions]
    actions = [h["action"] for h in data["contributions"][0]["history"]]
    assert actions == [
        "wagtail_medborgardialog.contribution.approve",
        "wagtail_medborgardialog.contribution.reply",
    ]
    assert data["contributions"][0]["history"][0]["user"] == "admin"
    assert data["contributions"][0]["reply"] == "Tack, vi tar med det."


def test_json_archive_has_every_field_the_schema_requires(due):
    page, _ = due
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = archive.build_archive(page)
    assert set(schema["required"]) <= set(data)
    assert set(schema["properties"]["page"]["required"]) == set(data["page"])
    contribution_schema = schema["$defs"]["contribution"]
    for record in data["contributions"]:
        assert set(record) == set(contribution_schema["required"])
        assert set(record) == set(contribution_schema["properties"])
        for entry in record["history"]:
            assert set(entry) == set(
                contribution_schema["properties"]["history"]["items"]["required"]
            )


def test_csv_archive_parses_and_holds_the_history(due):
    page, contributions = due
    content = "".join(archive.stream_csv(page)).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [int(r["id"]) for r in rows] == [c.pk for c in contributions]
    assert "wagtail_medborgardialog.contribution.approve" in rows[0]["history"]
    assert "wagtail_medborgardialog.contribution.reply" in rows[0]["history"]
    assert rows[1]["email"] == "bo@example.se"


def test_csv_archive_neutralises_formulas_behind_invisible_characters(process):
    personal(process, text='\u200d=HYPERLINK("http://example.com")')
    content = "".join(archive.stream_csv(process)).lstrip("\ufeff")
    row = next(csv.DictReader(io.StringIO(content)))
    assert row["text"].startswith("'\u200d=")


def test_csv_archive_neutralises_formulas(process):
    personal(process, text='=HYPERLINK("http://example.com")')
    content = "".join(archive.stream_csv(process)).lstrip("\ufeff")
    row = next(csv.DictReader(io.StringIO(content)))
    assert row["text"].startswith("'=")


def test_archive_query_count_does_not_grow_with_contributions(
    process, superuser, assert_flat_queries
):
    def export():
        archive.build_archive(process)
        "".join(archive.stream_csv(process))

    def grow(size):
        while Contribution.objects.filter(page=process).count() < size:
            moderated(process, superuser)

    assert_flat_queries(export, grow=grow, sizes=(3, 23))
