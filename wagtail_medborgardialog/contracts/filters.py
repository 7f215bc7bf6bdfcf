"""The public filters of a community contract's commitments (party, status, goal)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models.contract import CommitmentStatus
from ..models.people import Stakeholder
from ..sdg import goal_choices


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

    @property
    def form(self):
        form = super().form
        if self.is_bound and not getattr(form, "_mbd_errors_tied", False):
            # Tie each error to its field for screen readers (the template renders the ids).
            for name in form.errors:
                if name in form.fields:
                    widget = form.fields[name].widget
                    widget.attrs["aria-invalid"] = "true"
                    widget.attrs["aria-describedby"] = f"{form[name].id_for_label}-error"
            form._mbd_errors_tied = True
        return form

    def filter_status(self, queryset, name, value):
        # The current status is the latest follow-up's, annotated by with_current_state().
        return queryset.filter(current_status=value)

    def filter_goal(self, queryset, name, value):
        return queryset.filter(goal_links__goal=int(value))
