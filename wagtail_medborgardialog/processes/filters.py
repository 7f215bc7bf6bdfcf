"""Public filters. Every value is checked against a fixed list or the database: an unknown
value becomes a form error shown to the visitor, never a server error."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import fragments
from ..models import (
    Area,
    DialogueProcessPage,
    ParticipationLevel,
    ProcessStatus,
    SkrStep,
    SustainableDevelopmentGoal,
    Topic,
)

SEARCH_MAX_LENGTH = 200


class SiteChoiceFilter(django_filters.ChoiceFilter):
    """A topic, area or goal chosen by its slug or number.

    The choices come from the cache (``fragments.site_value``, renewed whenever such a row
    changes) instead of a query per field on every view of an index; an unknown value is a
    form error, as before.
    """

    def __init__(self, *, model, to_field_name, field_name, **kwargs):
        # Not ``self.model``: the filter set sets that to the model it filters.
        self.choice_model, self.to_field_name = model, to_field_name
        super().__init__(
            choices=self.site_choices, field_name=f"{field_name}__{to_field_name}", **kwargs
        )

    def site_choices(self):
        def compute():
            return [
                (str(getattr(o, self.to_field_name)), str(o))
                for o in self.choice_model.objects.all()
            ]

        return fragments.site_value(f"choices:{self.choice_model._meta.label_lower}", compute)


class DialogueProcessFilterSet(django_filters.FilterSet):
    """Filters for the dialogue index; expects a queryset annotated by ``annotate_status``."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ProcessStatus.choices,
        field_name="derived_status",
        empty_label=_("All"),
    )
    step = django_filters.ChoiceFilter(
        label=_("Current step"),
        choices=[(str(value), label) for value, label in SkrStep.choices],
        field_name="current_skr_step",
        empty_label=_("All"),
    )
    topic = SiteChoiceFilter(
        label=_("Topic"),
        model=Topic,
        to_field_name="slug",
        field_name="topics",
        empty_label=_("All"),
    )
    area = SiteChoiceFilter(
        label=_("Area"),
        model=Area,
        to_field_name="slug",
        field_name="areas",
        empty_label=_("All"),
    )
    goal = SiteChoiceFilter(
        label=_("Agenda 2030 goal"),
        model=SustainableDevelopmentGoal,
        to_field_name="number",
        field_name="sdg_goals",
        empty_label=_("All"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Participation level"),
        choices=ParticipationLevel.choices,
        field_name="participation_level",
        empty_label=_("All"),
    )

    class Meta:
        model = DialogueProcessPage
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(question__icontains=value) | Q(purpose__icontains=value)
        )


def describe_errors(form):
    """Tie each field's error message to its input for screen readers."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form[name].id_for_label}-error"
