"""Projects made from citizens' ideas: an official turns a published idea of the round into a
project in one step (admin/budgets.py), prefilled with the idea's text and linked back to it.

Projects are child rows of the round page (edited in its "Projects" tab), so a project made
here is written to the live rows *and* to the page's latest and live revisions: otherwise the
next publication of an earlier draft would remove it again. It starts "under review"; the
feasibility verdict is then given in the page editor as for any project.
"""

from django.db import transaction
from django.utils.text import Truncator

from ..models.budgets import BudgetProject, Feasibility
from ..models.contributions import Contribution, ContributionStatus

TITLE_LENGTH = 200


def ideas(page):
    """The round's published ideas, oldest first, each with ``became`` (its projects)."""
    rows = list(
        Contribution.objects.filter(page_id=page.pk, status=ContributionStatus.PUBLISHED).order_by(
            "published_at", "pk"
        )
    )
    attach_projects(page, rows)
    return rows


def attach_projects(page, contributions):
    """Set ``became`` on each contribution: the public projects made from it (one query)."""
    by_idea = {}
    ids = [c.pk for c in contributions]
    if ids:
        for project in BudgetProject.objects.filter(page_id=page.pk, idea_id__in=ids).order_by(
            "sort_order", "pk"
        ):
            by_idea.setdefault(project.idea_id, []).append(project)
    for contribution in contributions:
        contribution.became = by_idea.get(contribution.pk, [])
    return contributions


def suggested_title(text):
    """The idea's first line, shortened at a word to fit a project title."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return Truncator(first).chars(TITLE_LENGTH - 1)


def _add_to_revision(revision, relation, row):
    if revision is None:
        return
    content = revision.content
    rows = content.setdefault(relation, [])
    if any(item.get("pk") == row.pk for item in rows):
        return
    rows.append(row.serializable_data())
    revision.content = content
    revision.save(update_fields=["content"])


def add_child_to_revisions(page, relation, row):
    """Write a child row made outside the page editor (``row``, already saved, of the page's
    child relation ``relation``) into the page's latest and live revisions, so publishing one
    of them later keeps it."""
    latest = page.latest_revision
    _add_to_revision(latest, relation, row)
    if page.live_revision_id and page.live_revision_id != getattr(latest, "pk", None):
        _add_to_revision(page.live_revision, relation, row)


def project_from_idea(page, idea, *, title, description, cost, district=None):
    """Create the project from ``idea`` (a published contribution of ``page``) and return it."""
    if idea.page_id != page.pk or idea.status != ContributionStatus.PUBLISHED:
        raise ValueError("not a published idea of this round")
    with transaction.atomic():
        last = page.budget_projects.order_by("-sort_order").values_list("sort_order", flat=True)
        project = BudgetProject.objects.create(
            page_id=page.pk,
            title=title,
            description=description,
            cost=cost,
            district=district,
            feasibility=Feasibility.PENDING,
            public=True,
            idea=idea,
            sort_order=(last.first() or 0) + 1,
        )
        add_child_to_revisions(page, "budget_projects", project)
    return project
