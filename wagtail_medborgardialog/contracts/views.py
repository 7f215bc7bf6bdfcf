"""Public views of a community contract: the page, its calendar feed and its open data."""

import functools

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .. import charts, fragments
from ..consultations.stats import contract_progress
from ..links import absolute_url
from ..models.commitments import Commitment, CommitmentSource, CommitmentUpdate
from ..models.contract import CommitmentStatus
from ..models.contributions import Contribution
from .feeds import CalendarEvent, render_calendar
from .filters import CommitmentFilterSet


def contract_commitments(page):
    """The contract's commitments with their current state, goals and history in order."""
    return (
        Commitment.objects.filter(page=page)
        .with_current_state()
        .select_related("responsible", "source_page")
        .prefetch_related(
            "goal_links",
            Prefetch("updates", queryset=CommitmentUpdate.objects.order_by("date", "pk")),
            # Only what the public may see: a later unpublished contribution drops out.
            Prefetch(
                "sources",
                queryset=CommitmentSource.objects.filter(
                    contribution__in=Contribution.objects.public()
                )
                .select_related("contribution__page")
                .order_by("contribution__published_at", "pk"),
                to_attr="visible_sources",
            ),
        )
        .order_by("sort_order", "pk")
    )


def group_by_party(parties, commitments):
    """[(party or None, [commitments])] in the parties' order; a group per party, even empty."""
    groups = {party.stakeholder_id: (party, []) for party in parties}
    others = []
    for commitment in commitments:
        group = groups.get(commitment.responsible_id)
        (group[1] if group else others).append(commitment)
    result = list(groups.values())
    if others:
        result.append((None, others))
    return result


FILTER_NAMES = tuple(CommitmentFilterSet.base_filters)


def cited_pages(page):
    """The ids of the pages whose contributions the contract's commitments cite, kept in the
    cache under the contract's and the site's generations (a citation added or removed is a row
    of the plugin, which makes the site generation new)."""
    return fragments.page_value(
        "contract-cited-pages",
        page,
        lambda: sorted(
            set(
                CommitmentSource.objects.filter(commitment__page=page).values_list(
                    "contribution__page_id", flat=True
                )
            )
        ),
    )


def contract_fragment_vary(page, request):
    """What the cached part of the contract page depends on besides the page and the
    generations ``fragments`` keys it on: the filter, the address, and the generations of the
    pages whose contributions it cites (a cited contribution unpublished or redacted there
    drops out or changes here at once)."""
    return (
        request.path,
        bool(request.GET),
        *(request.GET.get(name, "") for name in FILTER_NAMES),
        *fragments.page_generations(cited_pages(page)),
    )


def contract_context(page, request):
    """What the contract page shows: parties, filtered commitments by party, progress.

    Every value is computed when first used: the page's template shows them inside a cached
    fragment, so a view served from the cache runs none of their queries."""
    is_filtered = any(request.GET.get(name) for name in FILTER_NAMES)

    @functools.cache
    def parties():
        return list(page.contract_parties.select_related("stakeholder"))

    @functools.cache
    def all_commitments():
        return list(contract_commitments(page))

    @functools.cache
    def filterset():
        # Filtering a list already read: one query for the commitments, not two.
        return CommitmentFilterSet(
            request.GET or None, queryset=contract_commitments(page), page=page
        )

    @functools.cache
    def shown():
        if not is_filtered:
            return all_commitments()
        ids = set(filterset().qs.values_list("pk", flat=True))
        return [c for c in all_commitments() if c.pk in ids]

    @functools.cache
    def progress():
        return contract_progress(all_commitments())

    return {
        "parties": SimpleLazyObject(parties),
        "filter": SimpleLazyObject(filterset),
        "is_filtered": is_filtered,
        "groups": SimpleLazyObject(lambda: group_by_party(parties(), shown())),
        "shown": SimpleLazyObject(shown),
        "shown_count": SimpleLazyObject(lambda: len(shown())),
        "progress": SimpleLazyObject(progress),
        "status_chart": SimpleLazyObject(lambda: charts.status_bar_chart(progress())),
        "progress_chart": SimpleLazyObject(lambda: charts.progress_meter(progress().mean_progress)),
        "contract_goals": SimpleLazyObject(page.goals),
        "contract_fragment_vary": contract_fragment_vary(page, request),
    }


def contract_calendar(page, request):
    """Due dates of the commitments and dates of follow-up meetings as iCalendar."""
    host = request.get_host().split(":")[0]
    page_url = absolute_url(page, request)
    events = []
    meetings = set()
    for commitment in contract_commitments(page):
        if commitment.due_date and commitment.state[0] != CommitmentStatus.CANCELLED:
            events.append(
                CalendarEvent(
                    uid=f"commitment-{commitment.pk}@{host}",
                    day=commitment.due_date,
                    summary=_("Due: %(commitment)s") % {"commitment": commitment},
                    description=_("Responsible party: %(party)s")
                    % {"party": commitment.responsible},
                    url=page_url,
                )
            )
        meetings.update(u.meeting_on for u in commitment.updates.all() if u.meeting_on)
    for day in sorted(meetings):
        events.append(
            CalendarEvent(
                uid=f"follow-up-{page.pk}-{day:%Y%m%d}@{host}",
                day=day,
                summary=_("Follow-up meeting: %(contract)s") % {"contract": page.title},
                url=page_url,
            )
        )
    events.sort(key=lambda event: (event.day, event.uid))
    response = HttpResponse(
        render_calendar(page.title, events), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{page.slug}.ics"'
    return response


def contract_as_data(page, request):
    """The contract as plain data: what the public page shows, nothing more."""
    commitments = list(contract_commitments(page))
    progress = contract_progress(commitments)
    return {
        "contract": {
            "title": page.title,
            "url": absolute_url(page, request),
            "status": page.contract_status,
            "decision": {
                "deciding_body": page.deciding_body,
                "date": page.decision_date,
                "case_number": page.case_number,
            }
            if page.has_decision
            else None,
            "goals": page.goal_numbers(),
            "last_published_at": page.last_published_at,
        },
        "parties": [
            {
                "name": party.stakeholder.name,
                "kind": party.stakeholder.kind,
                "signatory_name": party.signatory_name,
                "signatory_role": party.signatory_role,
                "signed_on": party.signed_on,
            }
            for party in page.contract_parties.select_related("stakeholder")
        ],
        "commitments": [
            {
                "id": commitment.pk,
                "text": commitment.text,
                "responsible": commitment.responsible.name,
                "due_date": commitment.due_date,
                "status": commitment.state[0],
                "progress": commitment.state[1],
                "goals": commitment.goal_numbers(),
                "updates": [
                    {
                        "date": update.date,
                        "reported_by": update.reported_by,
                        "change": update.change,
                        "status": update.new_status,
                        "progress": update.new_progress,
                        "meeting_on": update.meeting_on,
                    }
                    for update in commitment.updates.all()
                ],
                "cited_contributions": [
                    {
                        "id": source.contribution.pk,
                        "text": source.contribution.text,
                        "by": str(source.contribution.public_name),
                        "organisation": source.contribution.organisation,
                        "published_at": source.contribution.published_at,
                        "url": absolute_url(
                            source.contribution.page,
                            request,
                            f"#synpunkt-{source.contribution.pk}",
                        ),
                    }
                    for source in commitment.visible_sources
                ],
            }
            for commitment in commitments
        ],
        "summary": {
            "total": progress.total,
            "by_status": {row.status: row.count for row in progress.by_status},
            "mean_progress": progress.mean_progress,
        },
    }


def contract_data(page, request):
    response = JsonResponse(
        contract_as_data(page, request),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    # Open data: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
