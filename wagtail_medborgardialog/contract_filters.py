"""The public filters of a community contract's commitments (party, status, goal)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models.contract import CommitmentStatus
from .models.people import Stakeholder
from .sdg import goal_choices


class CommitmentFilterSet(django_filters.FilterSet):
    """Filters one contract's commitments; unknown values are reported, never raised."""

    party = django_filters.ModelChoiceFilter(
        field_name="responsible",
        queryset=Stakeholder.objects.none(),
        label=_("Party"),
        empty_label=_("All parties"),
    )
    status = django_filters.ChoiceFilter(
        choices=CommitmentStatus.choices,
        method="filter_status",
        label=_("Status"),
        empty_label=_("All statuses"),
    )
    goal = django_filters.ChoiceFilter(
        choices=goal_choices,
        method="filter_goal",
        label=_("Agenda 2030 goal"),
        empty_label=_("All goals"),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["party"].queryset = Stakeholder.objects.filter(
            commitments__page=page
        ).distinct()

    def filter_status(self, queryset, name, value):
        # The current status is the latest follow-up's, annotated by with_current_state().
        return queryset.filter(current_status=value)

    def filter_goal(self, queryset, name, value):
        return queryset.filter(goal_links__goal=int(value))
