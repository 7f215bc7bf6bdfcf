"""The dialogue process page's admin form."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from ..decisions.gates import require_decision
from ..models.decisions import IMPLEMENTATION_KINDS
from .status import (
    StepStatus,
    decision_gate_message,
    derive_status,
    publication_error,
    step_needs_decision,
)


class DialogueProcessPageForm(WagtailAdminPageForm):
    """Checks the publication rules against the submitted steps, not the stored ones."""

    def clean(self):
        cleaned_data = super().clean()
        self.check_decision_gate()
        if getattr(self, "is_deferred_validation", False):
            # Saving a draft: unfinished work is allowed.
            return cleaned_data
        steps = self.formsets.get("steps")
        statuses = []
        if steps is not None and steps.is_valid():
            statuses = [
                form.cleaned_data.get("status", StepStatus.NOT_STARTED)
                for form in steps.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        status = derive_status(
            cleaned_data.get("start_date"), cleaned_data.get("end_date"), statuses
        )
        error = publication_error(status, cleaned_data.get("feedback"))
        if error:
            self.add_error("feedback", error)
        return cleaned_data

    def check_decision_gate(self):
        """Put the decision gate's error on each step form that needs a decision on record."""
        steps = self.formsets.get("steps")
        if steps is None or not steps.is_valid():
            return
        gated = [
            form
            for form in steps.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and step_needs_decision(
                form.cleaned_data.get("skr_step"), form.cleaned_data.get("status")
            )
        ]
        if not gated:
            return
        try:
            require_decision(self.instance, "status", decision_gate_message(), IMPLEMENTATION_KINDS)
        except ValidationError as missing:
            for form in gated:
                form.add_error("status", missing.message_dict["status"])

    def _post_clean(self):
        # The model's own check would look at the stored steps; this form checked the new ones.
        self.instance._publication_checked_by_form = True
        try:
            super()._post_clean()
        finally:
            self.instance._publication_checked_by_form = False
