"""Apply the retention rules; safe to run daily from cron.

1. Contributions on pages closed longer than RETENTION_DAYS: write an archive (JSON and CSV)
   per page, then remove the personal details. If the archive cannot be written, nothing on
   that page is anonymised.
2. Unconfirmed contributions whose link expired UNCONFIRMED_RETENTION_DAYS ago: deleted.
3. IP hashes older than IP_HASH_RETENTION_DAYS: cleared.
4. E-proposals (e_proposals/retention.py): windows that ended are closed as not passed;
   signatures of proposals answered E_PROPOSAL_RETENTION_DAYS ago are deleted (counts kept).
5. Meeting registrations MEETING_RETENTION_DAYS after the meeting: personal details removed
   (the rows and their status stay, so the counts are kept); unconfirmed registrations whose
   link expired UNCONFIRMED_RETENTION_DAYS ago: deleted, as are unconfirmed intresseanmälningar
   to networks. Confirmed intresseanmälningar: personal details removed
   NETWORK_INTEREST_RETENTION_DAYS after the organiser's decision (or after the confirmation
   if never decided); the rows and their status stay.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page

from ... import privacy
from ...conf import get_setting
from ...privacy import archive


class Command(BaseCommand):
    help = (
        "Archive and anonymise contributions on pages closed longer than the retention period, "
        "delete expired unconfirmed contributions and clear old IP hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be done and change nothing.",
        )
        parser.add_argument(
            "--archive-dir",
            help="Directory for the archive files (default: WAGTAIL_MEDBORGARDIALOG_ARCHIVE_DIR).",
        )

    def handle(self, *args, dry_run=False, archive_dir=None, **options):
        now = timezone.now()
        archive_dir = archive_dir or get_setting("ARCHIVE_DIR")
        if not dry_run:
            archive_dir = self._check_dir(archive_dir)
        failures = self._anonymise(now, dry_run, archive_dir)
        self._delete_unconfirmed(now, dry_run)
        self._clear_ip_hashes(now, dry_run)
        self._e_proposals(now, dry_run)
        self._cull_registrations(now, dry_run)
        self._cull_ballots(now, dry_run)
        self._cull_volunteers(now, dry_run)
        if failures:
            raise CommandError(
                f"The archive could not be written for {failures} page(s); "
                "their contributions were not anonymised."
            )

    def _cull_volunteers(self, now, dry_run):
        from ...panels.consultations import due_invitations  # members' invitations
        from ...panels.retention import cull  # the panels' volunteers

        invitations = due_invitations(now).count()
        anonymised, deleted = cull(now, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(
            f"Citizens' panels: {verb} the personal data of {anonymised} volunteer(s) and "
            f"{deleted} unconfirmed volunteer(s), and {invitations} member invitation(s) "
            "to a consultation."
        )

    def _check_dir(self, archive_dir):
        if not archive_dir:
            raise CommandError(
                "No archive directory: give --archive-dir or set "
                "WAGTAIL_MEDBORGARDIALOG_ARCHIVE_DIR. Contributions are archived before "
                "their personal details are removed."
            )
        path = Path(archive_dir)
        if not path.is_dir() or not os.access(path, os.W_OK):
            raise CommandError(f"The archive directory {path} does not exist or is not writable.")
        return path

    def _pages(self, page_ids):
        return Page.objects.filter(pk__in=page_ids).order_by("pk")

    def _label(self, page):
        return f"{page.pk} “{page.title}”"

    def _anonymise(self, now, dry_run, archive_dir):
        due = privacy.due_for_anonymisation(now)
        counts = _count_by_page(due)
        failures = 0
        for page in self._pages(counts):
            if dry_run:
                self.stdout.write(
                    f"Page {self._label(page)}: would archive and anonymise "
                    f"{counts[page.pk]} contribution(s)."
                )
                continue
            try:
                written = self._write_archive(page, archive_dir, now)
            except OSError as error:
                failures += 1
                self.stderr.write(f"Page {self._label(page)}: archive failed ({error}).")
                continue
            with transaction.atomic():
                ids = list(
                    privacy.due_for_anonymisation(now)
                    .filter(page_id=page.pk)
                    .values_list("pk", flat=True)
                )
                for contribution in page.mbd_contributions.filter(pk__in=ids):
                    privacy.anonymise(contribution, privacy.REASON_RETENTION)
            self.stdout.write(
                f"Page {self._label(page)}: archived to {', '.join(written)}; "
                f"anonymised {len(ids)} contribution(s)."
            )
        if not counts:
            self.stdout.write("No contributions are due for anonymisation.")
        return failures

    def _write_archive(self, page, archive_dir, now):
        """Write the page's JSON and CSV archive; files appear only once complete."""
        data = archive.build_archive(page, now)
        written = []
        for extension, write in (
            ("json", lambda f: archive.write_json(data, f)),
            ("csv", lambda f: archive.write_csv(page, f, data["contributions"])),
        ):
            target = archive_dir / archive.filename(page, extension, now)
            fd, tmp = tempfile.mkstemp(dir=archive_dir, prefix=".tmp-", suffix="." + extension)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                    write(f)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, target)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
            written.append(str(target))
        privacy.log_archive_export(page, "json,csv", None)
        return written

    def _delete_unconfirmed(self, now, dry_run):
        expired = privacy.expired_unconfirmed(now)
        counts = _count_by_page(expired)
        for page in self._pages(counts):
            if dry_run:
                self.stdout.write(
                    f"Page {self._label(page)}: would delete {counts[page.pk]} unconfirmed "
                    "contribution(s)."
                )
                continue
            deleted = privacy.delete_contributions(
                page,
                list(expired.filter(page_id=page.pk)),
                "delete_unconfirmed",
                reason=privacy.REASON_RETENTION,
            )
            self.stdout.write(
                f"Page {self._label(page)}: deleted {deleted} unconfirmed contribution(s)."
            )
        if not counts:
            self.stdout.write("No expired unconfirmed contributions.")

    def _clear_ip_hashes(self, now, dry_run):
        contributions, reports = privacy.expired_ip_hashes(now)
        if dry_run:
            self.stdout.write(
                f"Would clear {contributions.count()} IP hash(es) on contributions and "
                f"{reports.count()} on reports."
            )
            return
        cleared, cleared_reports = privacy.clear_ip_hashes(now)
        self.stdout.write(
            f"Cleared {cleared} IP hash(es) on contributions and {cleared_reports} on reports."
        )

    def _e_proposals(self, now, dry_run):
        from ...e_proposals import retention as e_proposals

        if dry_run:
            due = e_proposals.due_for_culling(now).count()
            self.stdout.write(f"Would remove the signers' personal data of {due} e-proposal(s).")
            return
        done = e_proposals.run(now)
        self.stdout.write(
            f"E-proposals: {done['ended']} window(s) ended; signers' personal data removed "
            f"from {done['culled'][0]} proposal(s) ({done['culled'][1]} signature(s))."
        )

    def _cull_registrations(self, now, dry_run):
        from ...privacy import retention

        due = retention.registrations_due_for_culling(now)
        expired = retention.expired_unconfirmed_registrations(now)
        interests = retention.expired_unconfirmed_interests(now)
        confirmed_interests = retention.interests_due_for_culling(now)
        if dry_run:
            self.stdout.write(
                f"Would remove the personal details of {due.count()} meeting registration(s) "
                f"and delete {expired.count()} unconfirmed one(s); would remove the personal "
                f"details of {confirmed_interests.count()} intresseanmälan(-ningar) to networks "
                f"and delete {interests.count()} unconfirmed one(s)."
            )
            return
        culled = retention.cull_registrations(now)
        deleted, _ = expired.delete()
        deleted_interests, _ = interests.delete()
        culled_interests = retention.cull_interests(now)
        self.stdout.write(
            f"Removed the personal details of {culled} meeting registration(s); "
            f"deleted {deleted} unconfirmed one(s). Networks: removed the personal details of "
            f"{culled_interests} intresseanmälan(-ningar) and deleted {deleted_interests} "
            "unconfirmed one(s)."
        )

    def _cull_ballots(self, now, dry_run):
        # Participatory budgets: e-mail addresses of ballots never confirmed (budgets/retention.py).
        from ...budgets import retention as ballot_retention

        deleted, dropped = ballot_retention.cull(now, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {deleted} unconfirmed ballot(s) and the e-mail of {dropped} unconfirmed "
            "change(s) of a ballot."
        )


def _count_by_page(queryset):
    return dict(
        queryset.order_by().values("page_id").annotate(n=Count("pk")).values_list("page_id", "n")
    )
