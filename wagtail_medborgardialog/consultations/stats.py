"""Statistics shown on the plugin's pages, computed from queries, never stored."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext

from ..models import Area, Contribution, Stakeholder, StakeholderKind, tallies
from ..models.consultation import SCALE_MAX, SCALE_MIN, QuestionKind
from ..models.contract import CommitmentStatus

# ---------------------------------------------------------------------------
# Community contracts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class ContractProgress:
    """Counts per commitment status and the mean progress of a contract."""

    total: int
    by_status: tuple
    mean_progress: float | None
    counted: int


def contract_progress(commitments):
    """Summarise ``commitments`` (annotated with ``with_current_state``).

    Cancelled commitments are counted per status but left out of the mean progress: they will
    never be done, and counting them as 0% would hide real progress on the others.
    """
    states = [c.state for c in commitments]
    total = len(states)
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for status, _progress in states:
        counts[status] = counts.get(status, 0) + 1
    by_status = tuple(
        StatusCount(
            status=status.value,
            label=str(status.label),
            count=counts[status.value],
            percent=round(100 * counts[status.value] / total, 1) if total else 0.0,
        )
        for status in CommitmentStatus
    )
    progresses = [p for s, p in states if s != CommitmentStatus.CANCELLED]
    mean = round(sum(progresses) / len(progresses), 1) if progresses else None
    return ContractProgress(
        total=total, by_status=by_status, mean_progress=mean, counted=len(progresses)
    )


# ---------------------------------------------------------------------------
# Consultations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class GroupRow:
    """Counts per option for one group of respondents (a stakeholder kind or an area)."""

    label: str
    counts: tuple
    total: int


@dataclass
class QuestionResult:
    question: object
    answered: int
    options: tuple = ()
    mean: float | None = None
    median: float | None = None
    by_kind: tuple = ()
    by_area: tuple = ()
    # Filled in by the results view: a page of published texts, or the chart.
    texts: object = None
    chart: str = ""

    @property
    def group_tables(self):
        return [
            (gettext("By kind of respondent"), self.by_kind),
            (gettext("By area"), self.by_area),
        ]


def _percent(count, total):
    return round(100 * count / total, 1) if total else 0.0


def median_from_distribution(distribution):
    """The median of values given as ``{value: count}``, without expanding them."""
    total = sum(distribution.values())
    if not total:
        return None
    values = sorted(v for v, n in distribution.items() if n)

    def nth(index):  # 0-based index into the sorted expansion
        seen = 0
        for value in values:
            seen += distribution[value]
            if index < seen:
                return value
        return values[-1]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def mean_from_distribution(distribution):
    total = sum(distribution.values())
    if not total:
        return None
    return round(sum(v * n for v, n in distribution.items()) / total, 2)


def _option_keys(question):
    if question.kind == QuestionKind.SCALE:
        return list(range(SCALE_MIN, SCALE_MAX + 1))
    return question.option_list


def _groups(rows, question, key_field, labels):
    """GroupRow per group, in the order of ``labels`` ({group key: label})."""
    value_field = "scale" if question.kind == QuestionKind.SCALE else "choice"
    keys = _option_keys(question)
    counts = {}
    for row in rows:
        if row["question_id"] != question.pk:
            continue
        group = counts.setdefault(row[key_field], {})
        group[row[value_field]] = group.get(row[value_field], 0) + row["n"]
    result = []
    for group_key, label in labels.items():
        if group_key not in counts:
            continue
        values = tuple(counts[group_key].get(k, 0) for k in keys)
        result.append(GroupRow(label=label, counts=values, total=sum(values)))
    return tuple(result)


def consultation_results(page, responses=None):
    """Per question: respondents, counts per option or scale value, mean and median, and the
    same counts by stakeholder kind and by area. A fixed number of grouped queries, whatever
    the number of responses; only ``responses`` (default: the visible ones) count."""
    if responses is None:
        responses = page.public_contributions()
        if responses.exists():
            return _build_results(page, *_tally_rows(page))
    answers = page.get_answer_model().objects.filter(
        contribution__in=responses.values("pk"), question__page_id=page.pk
    )
    answered = dict(
        answers.values_list("question_id").annotate(n=Count("contribution_id", distinct=True))
    )
    counted = answers.exclude(question__kind=QuestionKind.TEXT)
    by_kind_rows = list(
        counted.values("question_id", "choice", "scale", "contribution__stakeholder__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_area_rows = list(
        counted.values("question_id", "choice", "scale", "contribution__area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _build_results(page, answered, by_kind_rows, by_area_rows)


def _tally_rows(page):
    """The grouped rows of :func:`consultation_results`, read from the page's tallies
    (``models/tallies.py``) instead of counted from every answer."""

    cells = tallies.tallies(page)
    kinds = dict(
        Stakeholder.objects.filter(
            pk__in={c["stakeholder_id"] for c in cells} - {None}
        ).values_list("pk", "kind")
    )
    answered, by_kind_rows, by_area_rows = {}, [], []
    for cell in cells:
        if cell["question_id"] is None:
            continue
        if not cell["choice"] and cell["scale"] is None:
            answered[cell["question_id"]] = answered.get(cell["question_id"], 0) + cell["count"]
            continue
        row = {
            "question_id": cell["question_id"],
            "choice": cell["choice"],
            "scale": cell["scale"],
            "n": cell["count"],
        }
        by_kind_rows.append(
            {**row, "contribution__stakeholder__kind": kinds.get(cell["stakeholder_id"])}
        )
        by_area_rows.append({**row, "contribution__area_id": cell["area_id"]})
    return answered, by_kind_rows, by_area_rows


def _build_results(page, answered, by_kind_rows, by_area_rows):

    questions = list(page.questions.all())
    kind_labels = {None: str(_personal_label())}
    kind_labels.update({k.value: str(k.label) for k in StakeholderKind})
    area_ids = {row["contribution__area_id"] for row in by_area_rows} - {None}
    area_labels = dict(
        Area.objects.filter(pk__in=area_ids).order_by("name").values_list("pk", "name")
    )
    if None in {row["contribution__area_id"] for row in by_area_rows}:
        area_labels[None] = str(_no_area_label())

    results = []
    for question in questions:
        if question.kind == QuestionKind.TEXT:
            results.append(QuestionResult(question=question, answered=answered.get(question.pk, 0)))
            continue
        by_kind = _groups(by_kind_rows, question, "contribution__stakeholder__kind", kind_labels)
        by_area = _groups(by_area_rows, question, "contribution__area_id", area_labels)
        keys = _option_keys(question)
        totals = [sum(group.counts[i] for group in by_kind) for i in range(len(keys))]
        number = answered.get(question.pk, 0)
        options = tuple(
            OptionCount(label=str(key), count=count, percent=_percent(count, number))
            for key, count in zip(keys, totals, strict=True)
        )
        mean = median = None
        if question.kind == QuestionKind.SCALE:
            distribution = dict(zip(keys, totals, strict=True))
            mean = mean_from_distribution(distribution)
            median = median_from_distribution(distribution)
        results.append(
            QuestionResult(
                question=question,
                answered=number,
                options=options,
                mean=mean,
                median=median,
                by_kind=by_kind,
                by_area=by_area,
            )
        )
    return results


def _personal_label():
    return gettext("Personal responses")


def _no_area_label():
    return gettext("Area not given")


def responses_by_kind(responses):
    """{stakeholder kind or None: number of responses}."""
    return dict(responses.values_list("stakeholder__kind").annotate(n=Count("pk")).order_by())


def public_responses_by_kind(page):
    """{stakeholder kind or None: published responses} of ``page``, from its tallies."""

    if not page.public_contributions().exists():
        return {}
    cells = [c for c in tallies.tallies(page) if c["question_id"] is None]
    kinds = dict(
        Stakeholder.objects.filter(
            pk__in={c["stakeholder_id"] for c in cells} - {None}
        ).values_list("pk", "kind")
    )
    counts = {}
    for cell in cells:
        kind = kinds.get(cell["stakeholder_id"])
        counts[kind] = counts.get(kind, 0) + cell["count"]
    return counts


def published_response_count(page):
    """How many responses are published on ``page`` (even while their text is hidden)."""

    if not Contribution.objects.visible_on(page).exists():
        return 0
    return sum(c["count"] for c in tallies.tallies(page) if c["question_id"] is None)
