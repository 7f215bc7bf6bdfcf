"""Filters of the plugin's admin listings (Wagtail's universal listings)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page

from .. import permissions
from ..models import (
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


def _contract_pages(request):
    if request is None:
        return Page.objects.none()
    return permissions.contract_pages_for(request.user).order_by("title")


class CommitmentUpdateFilterSet(WagtailFilterSet):
    contract = django_filters.ModelChoiceFilter(
        field_name="commitment__page",
        # Pages with commitments the user may edit (the plugin's contract page or a site's
        # own): another site's contracts are neither offered nor named.
        queryset=_contract_pages,
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
