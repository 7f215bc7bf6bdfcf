"""The forms a deciding body fills in when it approves or sends a page back."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.decisions import DecisionKind


class DecisionForm(forms.Form):
    """The decision asked for when a member of the deciding body approves.

    The modal template narrows ``kind`` to the kinds that make sense for the page
    (:func:`decision_kinds_for`); ``on_action`` refuses any other."""

    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    decided_text = forms.CharField(
        label=_("What was decided"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The decision in the words of the minutes, e.g. the adopted proposal."),
    )
    deciding_body = forms.CharField(
        label=_("Deciding body"),
        max_length=255,
        help_text=_("For example Kommunstyrelsen or a committee (nämnd)."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"),
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    case_number = forms.CharField(
        label=_("Case number"), max_length=64, help_text=_("The diarienummer, e.g. KS 2026/123.")
    )
    minutes_paragraph = forms.CharField(
        label=_("Minutes paragraph"), max_length=32, help_text=_("The paragraph (§), e.g. 45.")
    )
    minutes_url = forms.URLField(
        label=_("Link to the minutes"), required=False, assume_scheme="https"
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False)

    def clean_decision_date(self):
        decided = self.cleaned_data["decision_date"]
        if decided > timezone.localdate():
            raise ValidationError(_("A decision cannot be dated in the future."))
        return decided


class RejectionForm(forms.Form):
    """A rejection must say what to change."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea)
