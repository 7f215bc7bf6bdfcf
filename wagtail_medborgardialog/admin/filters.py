"""Filters of the plugin's admin listings (Wagtail's universal listings)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page

from ..models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Stakeholder,
    StakeholderKind,
)

# ---------------------------------------------------------------------------
# Community contracts
# ---------------------------------------------------------------------------


class StakeholderFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=StakeholderKind.choices, label=_("Kind"))

    class Meta:
        model = Stakeholder
        fields = ["kind"]


class CommitmentUpdateFilterSet(WagtailFilterSet):
    contract = django_filters.ModelChoiceFilter(
        field_name="commitment__page",
        # Any page with commitments: the plugin's contract page or a site's own.
        queryset=Page.objects.filter(pk__in=Commitment.objects.values("page")).order_by("title"),
        label=_("Contract"),
    )
    new_status = django_filters.ChoiceFilter(
        choices=CommitmentStatus.choices, label=_("New status")
    )
    meeting = django_filters.BooleanFilter(
        field_name="meeting_on", lookup_expr="isnull", exclude=True, label=_("Follow-up meeting")
    )

    class Meta:
        model = CommitmentUpdate
        fields = ["contract", "new_status"]
