"""The consultation response form: the contribution form plus one field per question."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .. import sanitizer
from ..conf import get_setting
from ..contributions.forms import ContributionForm
from ..models import Area, Stakeholder
from ..models.consultation import SCALE_MAX, SCALE_MIN, QuestionKind

ANSWER_REQUIRED = _("Answer this question.")
CHOICE_NOT_OFFERED = _("Choose one of the options offered.")


def scale_error():
    return _("Choose a value from %(low)d to %(high)d.") % {"low": SCALE_MIN, "high": SCALE_MAX}


def question_field(question):
    """The form field for one consultation question, by its kind."""
    common = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
    }
    errors = {"required": ANSWER_REQUIRED, "invalid_choice": CHOICE_NOT_OFFERED}
    options = [(option, option) for option in question.option_list]
    if question.kind == QuestionKind.SINGLE:
        field = forms.ChoiceField(
            choices=options, widget=forms.RadioSelect, error_messages=errors, **common
        )
    elif question.kind == QuestionKind.MULTIPLE:
        field = forms.MultipleChoiceField(
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            error_messages={**errors, "invalid_choice": CHOICE_NOT_OFFERED},
            **common,
        )
    elif question.kind == QuestionKind.SCALE:
        labels = {SCALE_MIN: question.scale_min_label, SCALE_MAX: question.scale_max_label}
        choices = [
            (str(value), f"{value} – {labels[value]}" if labels.get(value) else str(value))
            for value in range(SCALE_MIN, SCALE_MAX + 1)
        ]
        field = forms.TypedChoiceField(
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={**errors, "invalid_choice": scale_error()},
            **common,
        )
    else:
        max_length = get_setting("MAX_LENGTH")
        # A validator, not max_length: CharField(max_length=...) would add the maxlength
        # attribute, and a browser silently cuts a pasted long text at it; the server's
        # length error keeps the text whole.
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 5}),
            validators=[MaxLengthValidator(max_length)],
            error_messages={
                **errors,
                "max_length": _(
                    "Shorten your answer to at most %(limit_value)d characters "
                    "(it has %(show_value)d)."
                ),
            },
            **common,
        )
    field.question = question
    return field


class ConsultationResponseForm(ContributionForm):
    """A response to a consultation: the contribution form plus one field per question."""

    stakeholder = forms.ModelChoiceField(
        queryset=None,
        label=_("Responding on behalf of an invited body (optional)"),
        help_text=_("Choose only if you respond for one of the invited organisations."),
        required=False,
        empty_label=_("No, I respond personally"),
    )
    area = forms.ModelChoiceField(
        queryset=None,
        label=_("Where do you live or work? (optional)"),
        required=False,
        empty_label=_("Do not say"),
    )

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, page=page, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].label = _("Anything else you want to say? (optional)")
        invited = page.invited_stakeholders.values("stakeholder_id") if page is not None else []
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(pk__in=invited).order_by(
            "name"
        )
        if not self.fields["stakeholder"].queryset.exists():
            del self.fields["stakeholder"]
        self.fields["area"].queryset = Area.objects.order_by("name")
        if not self.fields["area"].queryset.exists():
            del self.fields["area"]
        self.questions = list(page.questions.all()) if page is not None else []
        for question in self.questions:
            self.fields[question.field_name] = question_field(question)

    def question_fields(self):
        return [self[question.field_name] for question in self.questions]

    def describe_widgets(self):
        super().describe_widgets()
        return self

    def clean_text(self):
        return sanitizer.clean_text(self.cleaned_data["text"])

    def answers(self):
        """(question, value) pairs for the answered questions, in order; text cleaned."""
        pairs = []
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if question.kind == QuestionKind.TEXT:
                value = sanitizer.clean_text(value)
            if value in (None, "", []):
                continue
            pairs.append((question, value))
        return pairs

    def compose_text(self):
        """The response as one plain text: what moderators read and duplicates are checked on."""
        parts = []
        for question, value in self.answers():
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            parts.append(f"{question.text}\n{shown}")
        if self.cleaned_data.get("text"):
            parts.append(self.cleaned_data["text"])
        return "\n\n".join(parts)

    def personal_number_fields(self):
        names = [q.field_name for q in self.questions if q.kind == QuestionKind.TEXT]
        return [*names, "text"]

    def clean(self):
        # Checked on the answers as written, before they are composed into one text.
        self.check_personal_numbers()
        if not self.errors:
            text = self.compose_text()
            if not text:
                raise forms.ValidationError(
                    _("Answer at least one question before sending."), code="empty"
                )
            self.cleaned_data["text"] = text
        return super().clean()


class PanelMemberResponseForm(ConsultationResponseForm):
    """A panel member's answer through their personal link: the questions, a free text, the
    area and the consent. No name, e-mail or organisation: the link says who may answer, and
    the public sees the answer without a name."""

    checks_duplicates = False
    checks_rate_limits = False
    LEFT_OUT = ("email", "display_name", "organisation", "notify_author", "stakeholder")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LEFT_OUT:
            self.fields.pop(name, None)
        self.fields["consent"].label = _("I have read how my answer is stored and handled")
