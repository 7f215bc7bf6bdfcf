"""Consultation results as derived data: counts kept by the moderation state machine.

Counting every published answer on each view of a results page grew with the responses
(690 ms at 10,000 on PostgreSQL, 3 s at 100,000). Instead ``ConsultationTally`` holds, per page,
the number of published responses and answers per (question, option or scale value,
stakeholder, area): a few hundred rows however many responses there are. The state machine
(``moderation._move``) adds a contribution's rows when it becomes published and subtracts them
when it stops being published, in the same transaction; deleting a published contribution
subtracts them too. ``rebuild(page)`` (and the ``medborgardialog_rebuild_tallies`` command)
recounts a page from the answers, and a page is counted this way before its tallies are first
read, so responses stored before the tallies existed are counted.
"""

from collections import Counter
from contextlib import contextmanager

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .contributions import Contribution, ContributionStatus

# The row that says a page's tallies have been counted in full (see ``ensure_built``).
BUILT = "built"


def tally_key(question_id, choice, scale, stakeholder_id, area_id):
    # The free-form choice goes last, so a "|" in it cannot make two keys equal.
    parts = [question_id, scale, stakeholder_id, area_id]
    return "|".join("" if p is None else str(p) for p in parts) + "|" + choice


class ConsultationTally(models.Model):
    """How many published responses (``question`` empty) or answers fall into one cell."""

    page = models.ForeignKey(
        getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A plain id: each consultation page type declares its own question model (a site's
    # page may have its own); a removed question's cells are simply not read any more.
    question_id = models.IntegerField(null=True, blank=True)
    # "" and no scale: the respondents who answered ``question`` (the response itself when
    # ``question`` is empty); otherwise the answers with this option or scale value.
    choice = models.CharField(max_length=255, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    # Plain ids, not foreign keys: a deleted stakeholder or area then counts as none, as the
    # contributions' own nullified keys do.
    stakeholder_id = models.IntegerField(null=True, blank=True)
    area_id = models.IntegerField(null=True, blank=True)
    key = models.CharField(max_length=400)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("consultation tally")
        verbose_name_plural = _("consultation tallies")
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="mbd_tally_page_key")]

    def __str__(self):
        return f"{self.key}: {self.count}"


def _cells(contribution_rows, answer_rows):
    """Counter of tally cells for contributions ``(pk, stakeholder_id, area_id)`` and their
    answers ``(contribution_id, question_id, choice, scale)``."""
    who = {pk: (stakeholder, area) for pk, stakeholder, area in contribution_rows}
    cells = Counter()
    for stakeholder, area in who.values():
        cells[(None, "", None, stakeholder, area)] += 1
    answered = set()
    for contribution_id, question_id, choice, scale in answer_rows:
        stakeholder, area = who[contribution_id]
        if (contribution_id, question_id) not in answered:
            answered.add((contribution_id, question_id))
            cells[(question_id, "", None, stakeholder, area)] += 1
        if choice or scale is not None:
            cells[(question_id, choice, scale, stakeholder, area)] += 1
    return cells


def _rows(page_id, cells):
    return [
        ConsultationTally(
            page_id=page_id,
            question_id=q,
            choice=choice,
            scale=scale,
            stakeholder_id=stakeholder,
            area_id=area,
            key=tally_key(q, choice, scale, stakeholder, area),
            count=count,
        )
        for (q, choice, scale, stakeholder, area), count in cells.items()
    ]


def is_built(page_id):
    return ConsultationTally.objects.filter(page_id=page_id, key=BUILT).exists()


def apply(contribution, sign):
    """Add (+1) or subtract (-1) one contribution's cells, if its page is counted."""
    if not is_built(contribution.page_id):
        return  # the first read counts everything (ensure_built)
    answer_model = contribution.page.specific_class.get_answer_model()
    answers = answer_model.objects.filter(contribution_id=contribution.pk).values_list(
        "contribution_id", "question_id", "choice", "scale"
    )
    # From the row: the response view sets stakeholder and area with an update().
    who = Contribution.objects.filter(pk=contribution.pk).values_list(
        "pk", "stakeholder_id", "area_id"
    )
    cells = _cells(who, answers)
    rows = _rows(contribution.page_id, cells)
    # Cells seen for the first time start at zero; then every cell moves by its count.
    ConsultationTally.objects.bulk_create([_zero(r) for r in rows], ignore_conflicts=True)
    for row in rows:
        ConsultationTally.objects.filter(page_id=row.page_id, key=row.key).update(
            count=F("count") + sign * row.count
        )


def _zero(row):
    return ConsultationTally(
        page_id=row.page_id,
        question_id=row.question_id,
        choice=row.choice,
        scale=row.scale,
        stakeholder_id=row.stakeholder_id,
        area_id=row.area_id,
        key=row.key,
        count=0,
    )


@transaction.atomic
def rebuild(page):
    """Recount ``page``'s tallies from its published contributions and their answers."""
    ConsultationTally.objects.filter(page_id=page.pk).delete()
    published = Contribution.objects.filter(page_id=page.pk, status=ContributionStatus.PUBLISHED)
    contributions = list(published.values_list("pk", "stakeholder_id", "area_id"))
    answers = (
        page.get_answer_model()
        .objects.filter(contribution__in=published.values("pk"))
        .values_list("contribution_id", "question_id", "choice", "scale")
    )
    rows = _rows(page.pk, _cells(contributions, answers.iterator(chunk_size=5000)))
    rows.append(ConsultationTally(page_id=page.pk, key=BUILT, count=0))
    ConsultationTally.objects.bulk_create(rows, batch_size=500)


def ensure_built(page):
    if not is_built(page.pk):
        rebuild(page)


@contextmanager
def read_once(page):
    """Within the block, ``tallies(page)`` is read from the database once.

    The results page reads them for the count, the results and the counts by kind; they are
    derived data that only the state machine changes, and a view's block changes none.
    """
    page._mbd_tallies = None
    try:
        yield
    finally:
        del page._mbd_tallies


def tallies(page):
    """The page's tallies (counted first if they never were), without the marker row."""
    memo = getattr(page, "_mbd_tallies", False)
    if isinstance(memo, list):
        return memo
    cells = _read(page)
    if memo is None:
        page._mbd_tallies = cells
    return cells


def _read(page):
    ensure_built(page)
    return list(
        ConsultationTally.objects.filter(page_id=page.pk)
        .exclude(key=BUILT)
        .exclude(count=0)
        .values("question_id", "choice", "scale", "stakeholder_id", "area_id", "count")
    )


@receiver(pre_delete, sender=Contribution)
def _subtract_deleted(sender, instance, **kwargs):
    # Retention and personal-data requests delete rows; the answers are still there now.
    if instance.status == ContributionStatus.PUBLISHED:
        apply(instance, -1)
