"""Public forms of e-proposals (propose, sign) and the admin forms (screen, paper signature,
referral, answer). Validation only; every change goes through ``status.py``."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .. import antispam, identity, sanitizer
from ..conf import get_setting
from ..contributions.forms import NEUTRAL_SPAM_MESSAGE
from ..decisions.forms import DecisionForm
from ..models import (
    AnswerKind,
    Area,
    EProposalCriterion,
    ProposalLanguage,
    SustainableDevelopmentGoal,
    Topic,
)

TITLE_MAX = 200


class DescribedFormMixin:
    """Help texts and errors tied to their inputs (aria-describedby, aria-invalid)."""

    privacy_fields = ("consent",)

    def describe_widgets(self):
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if self.is_bound and bound.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if name in self.privacy_fields:
                ids.append("mbd-privacy")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
        return self


class SpamGuardMixin:
    """The honeypot and the signed, one-time form timestamp, as for contributions."""

    def add_spam_fields(self):
        self.fields["website"] = forms.CharField(label=_("Leave this field empty"), required=False)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["form_ts"] = forms.CharField(widget=forms.HiddenInput, required=False)

    def check_spam(self, cleaned, ip_hash, email):
        if cleaned.get("website") or not antispam.timestamp_ok(cleaned.get("form_ts")):
            raise ValidationError(NEUTRAL_SPAM_MESSAGE, code="spam")
        if not antispam.within_rate_limits(ip_hash, email):
            raise ValidationError(
                _("You have sent a lot in a short time. Try again in an hour."), code="rate_limit"
            )

    def refresh_timestamp(self):
        data = self.data.copy()
        data["form_ts"] = antispam.make_timestamp()
        self.data = data
        return self.describe_widgets()


def default_language():
    """The form's language choice starts at the language the page is read in."""
    current = (translation.get_language() or "sv").split("-")[0]
    return current if current in ProposalLanguage.values else ProposalLanguage.SWEDISH


class ProposalForm(SpamGuardMixin, DescribedFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title of your proposal"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give your proposal a title.")},
    )
    proposal = forms.CharField(
        label=_("Your proposal"),
        help_text=_("What should the municipality do?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your proposal.")},
    )
    why = forms.CharField(
        label=_("Why"),
        help_text=_("What would the proposal change, and for whom?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of your proposal"),
        choices=ProposalLanguage.choices,
        initial=ProposalLanguage.SWEDISH,
        # Not required: a site's own form template without the choice stores Swedish.
        required=False,
        help_text=_(
            "You may write in Swedish, English or one of the national minority languages: "
            "Finnish, Meänkieli, a Sami language, Romani chib or Yiddish."
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics (optional)"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas (optional)"),
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Enter your name.")},
    )
    show_name = forms.BooleanField(
        label=_("Show my name with the proposal"),
        help_text=_("If you leave this unticked, the proposal is shown without a name."),
        required=False,
        initial=True,
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Never shown. We send the confirmation link and news about the proposal."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the format name@example.se."),
        },
    )
    consent = forms.BooleanField(
        label=_("I have read how my proposal and my personal data are handled"),
        error_messages={"required": _("Confirm that you have read how your proposal is handled.")},
    )
    # Set on the second step: the proposer has seen the similar proposals.
    seen_similar = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, ip_hash="", **kwargs):
        super().__init__(*args, **kwargs)
        self.ip_hash = ip_hash
        self.add_spam_fields()
        limit = get_setting("MAX_LENGTH")
        for name in ("proposal", "why"):
            self.fields[name].max_length = limit
            self.fields[name].validators.append(forms.CharField(max_length=limit).validators[0])
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    @classmethod
    def blank(cls):
        return cls(
            initial={
                "form_ts": antispam.make_timestamp(),
                "show_name": True,
                "language": default_language(),
            }
        ).describe_widgets()

    def clean_title(self):
        return self._text("title", _("Give your proposal a title."), line=True)

    def clean_proposal(self):
        return self._text("proposal", _("Write your proposal."))

    def clean_language(self):
        return self.cleaned_data["language"] or ProposalLanguage.SWEDISH

    def clean_why(self):
        return sanitizer.clean_text(self.cleaned_data["why"])

    def clean_name(self):
        return self._text("name", _("Enter your name."), line=True)

    def _text(self, name, message, line=False):
        value = (sanitizer.clean_line if line else sanitizer.clean_text)(self.cleaned_data[name])
        if not value:
            raise ValidationError(message, code="required")
        return value

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("seen_similar"):
            # The first step only shows the similar proposals; the timestamp is used once,
            # on the post that stores the proposal.
            return cleaned
        self.check_spam(cleaned, self.ip_hash, cleaned.get("email"))
        return cleaned


class SignatureChoicesMixin:
    def add_signer_fields(self, email_required):
        self.fields["display_name"] = forms.CharField(
            label=_("Name shown among the signers (optional)"),
            help_text=_("Leave empty to sign without any name being shown. You may use an alias."),
            max_length=100,
            required=False,
        )
        self.fields["wants_outcome"] = forms.BooleanField(
            label=_("E-mail me when the proposal has been answered"),
            required=False,
        )
        self.fields["email"] = forms.EmailField(
            label=_("E-mail address") if email_required else _("E-mail address (optional)"),
            help_text=_("Never shown.")
            if email_required
            else _("Only needed if you want to hear the answer. Never shown."),
            required=email_required,
            error_messages={
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address in the format name@example.se."),
            },
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["consent"] = forms.BooleanField(
            label=_("I have read how my signature and my personal data are handled"),
            error_messages={
                "required": _("Confirm that you have read how your signature is handled.")
            },
        )

    def clean_display_name(self):
        return sanitizer.clean_line(self.cleaned_data["display_name"])


class EmailSignatureForm(
    identity.DeclarationFormMixin,
    SignatureChoicesMixin,
    SpamGuardMixin,
    DescribedFormMixin,
    forms.Form,
):
    """The e-mail level: address, declarations; the signature counts once the link is followed."""

    def __init__(self, *args, ip_hash="", **kwargs):
        super().__init__(*args, **kwargs)
        self.ip_hash = ip_hash
        self.add_signer_fields(email_required=True)
        self.add_spam_fields()
        # Declarations last, right before sending.
        for name in ("declares_connection", "declares_age"):
            if name in self.fields:
                self.fields[name] = self.fields.pop(name)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.check_spam(cleaned, self.ip_hash, cleaned.get("email"))
        return cleaned


class EidSignatureForm(SignatureChoicesMixin, SpamGuardMixin, DescribedFormMixin, forms.Form):
    """The e-ID level: the choices made before identifying (name shown, outcome by e-mail)."""

    def __init__(self, *args, ip_hash="", **kwargs):
        super().__init__(*args, **kwargs)
        self.ip_hash = ip_hash
        self.add_signer_fields(email_required=False)
        self.add_spam_fields()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_outcome") and not cleaned.get("email"):
            self.add_error("email", _("Enter the e-mail address the answer should go to."))
        if not self.errors:
            self.check_spam(cleaned, self.ip_hash, cleaned.get("email"))
        return cleaned


# --- admin ---------------------------------------------------------------------------------


class PublishForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("Agenda 2030 goals"),
        queryset=SustainableDevelopmentGoal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RefuseForm(forms.Form):
    criterion = forms.ModelChoiceField(
        label=_("Screening criterion"),
        queryset=EProposalCriterion.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the criterion the proposal does not meet.")},
    )
    reason = forms.CharField(
        label=_("Reason, sent to the proposer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Explain the refusal to the proposer.")},
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = EProposalCriterion.objects.filter(
            page_id=page.pk
        ).order_by("sort_order", "pk")

    def clean_reason(self):
        reason = sanitizer.clean_text(self.cleaned_data["reason"])
        if not reason:
            raise ValidationError(_("Explain the refusal to the proposer."), code="required")
        return reason


class PaperSignatureForm(forms.Form):
    """A paper signature, by personnummer (e-ID level) or e-mail address (e-mail level)."""

    identifier = forms.CharField(label=_("Personal identity number"), max_length=254)
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, level, **kwargs):
        super().__init__(*args, **kwargs)
        self.level = level
        if level == identity.IdentityLevel.EMAIL:
            self.fields["identifier"].label = _("E-mail address")
        self.fields["signed_on"].initial = timezone.localdate()

    def clean_identifier(self):
        value = self.cleaned_data["identifier"]
        if self.level == identity.IdentityLevel.EID:
            self.kind = "pnr"
            return identity.normalise_personal_number(value)
        forms.EmailField().clean(value)
        self.kind = "email"
        return identity.normalise_email(value)

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day


class ProposalDecisionForm(forms.Form):
    """A referral or an answer: the decision fields of the decision register."""

    decided_text = DecisionForm.base_fields["decided_text"]
    deciding_body = DecisionForm.base_fields["deciding_body"]
    decision_date = DecisionForm.base_fields["decision_date"]
    case_number = DecisionForm.base_fields["case_number"]
    minutes_paragraph = DecisionForm.base_fields["minutes_paragraph"]
    minutes_url = DecisionForm.base_fields["minutes_url"]

    clean_decision_date = DecisionForm.clean_decision_date


class AnswerForm(ProposalDecisionForm):
    answer_kind = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
