"""Admin forms of community contracts: Agenda 2030 goals as checkboxes, lifecycle checks."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from ..sdg import goal_choices


class GoalsField(forms.TypedMultipleChoiceField):
    """Agenda 2030 goals as a list of numbers, ticked in a checkbox list."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Agenda 2030 goals"))
        super().__init__(choices=goal_choices, coerce=int, required=False, **kwargs)


class GoalLinksFormMixin:
    """Edits a goal relation (one row per goal number, ``goal_links_name``) through ``goals``.

    A through model rather than a JSON list keeps "commitments for goal 11" a plain join that
    every database supports.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None or getattr(self.instance, "goal_link_rows", None):
            self.fields["goals"].initial = self.instance.goal_numbers()

    def save(self, commit=True):
        instance = super().save(commit=False)
        chosen = set(self.cleaned_data.get("goals") or [])
        kept = [link for link in instance.goal_link_rows.all() if link.goal in chosen]
        kept_numbers = {link.goal for link in kept}
        link_model = instance.goal_link_rows.model
        setattr(
            instance,
            instance.goal_links_name,
            kept + [link_model(goal=number) for number in sorted(chosen - kept_numbers)],
        )
        if commit:
            instance.save()
        return instance


class CommitmentForm(GoalLinksFormMixin, WagtailAdminModelForm):
    goals = GoalsField()


class CommunityContractForm(GoalLinksFormMixin, WagtailAdminPageForm):
    goals = GoalsField()

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("contract_commitments")
        if formset is not None:
            for form in formset.deleted_forms:
                commitment = form.instance
                if commitment.pk and commitment.updates.exists():
                    self.add_error(
                        None,
                        _(
                            "The commitment “%(text)s” has follow-up updates and cannot be "
                            "removed. Set its status to cancelled with a follow-up update instead."
                        )
                        % {"text": commitment.text[:80]},
                    )
        return cleaned_data


class ScopedChoicesMixin:
    """Offer only what the user may use: commitments on pages they may edit and, where a
    contribution is cited, contributions they moderate that the public can read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..permissions import (  # permissions -> models -> these forms
            citable_contributions,
            editable_commitments,
        )

        user = getattr(self, "for_user", None)
        if "commitment" in self.fields:
            self.fields["commitment"].queryset = editable_commitments(user).select_related("page")
        if "contribution" in self.fields:
            self.fields["contribution"].queryset = (
                citable_contributions(user).select_related("page").order_by("-published_at", "-pk")
            )


class CommitmentUpdateAdminForm(ScopedChoicesMixin, WagtailAdminModelForm):
    pass


class CommitmentSourceAdminForm(ScopedChoicesMixin, WagtailAdminModelForm):
    pass
