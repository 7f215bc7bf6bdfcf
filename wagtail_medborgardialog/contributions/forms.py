"""Public forms: a contribution, a report. Validation only; storing goes through moderation."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .. import antispam, sanitizer
from ..conf import get_setting

NEUTRAL_SPAM_MESSAGE = _(
    "We could not accept your contribution just now. Wait a moment and send it again."
)

PERSONAL_NUMBER_MESSAGE = _(
    "Your text seems to contain a personal identity number. Contributions are published, "
    "so remove it, or tick “Send anyway” below if you want to send the text as it is; a "
    "moderator then reads it before anything is published."
)


class ContributionForm(forms.Form):
    # A form whose author is known by a personal link (a panel member's) checks neither: one
    # answer per link is kept by the database.
    checks_duplicates = True
    checks_rate_limits = True

    text = forms.CharField(
        label=_("Your contribution"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your contribution.")},
    )
    display_name = forms.CharField(
        label=_("Name shown with your contribution (optional)"),
        help_text=_("Leave empty to be shown as “Anonymous”. You may use an alias."),
        max_length=100,
        required=False,
    )
    organisation = forms.CharField(
        label=_("On behalf of an organisation (optional)"),
        help_text=_("Fill in only if you write for an association, company or authority."),
        max_length=200,
        required=False,
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Never shown publicly. We use it to confirm your contribution."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the format name@example.se."),
        },
    )
    notify_author = forms.BooleanField(
        label=_("E-mail me when my contribution is published or answered"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I have read how my contribution is published and handled"),
        error_messages={
            "required": _("Confirm that you have read how your contribution is handled.")
        },
    )
    send_personal_number = forms.BooleanField(
        label=_("Send anyway: I know the text contains a personal identity number"),
        required=False,
    )
    # Honeypot: hidden from people, tempting for bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_ts = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, page=None, ip_hash="", **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.ip_hash = ip_hash
        max_length = get_setting("MAX_LENGTH")
        self.fields["text"].max_length = max_length
        self.fields["text"].validators.append(MaxLengthValidator(max_length))
        self.fields["text"].error_messages["max_length"] = _(
            "Shorten your contribution to at most %(limit_value)d characters "
            "(it has %(show_value)d)."
        )
        # No maxlength attribute: a browser would silently cut a pasted long text mid-word;
        # the length error above says what is wrong and keeps the whole text.
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def describe_widgets(self):
        """Tie help texts and errors to their inputs (aria-describedby, aria-invalid)."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if self.is_bound and bound.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if name == "consent":
                ids.append("mbd-privacy")
            if name == "send_personal_number":
                ids.extend(f"{self[f].auto_id}-error" for f in self.personal_number_errors())
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
        return self

    @classmethod
    def for_page(cls, page):
        return cls(page=page, initial={"form_ts": antispam.make_timestamp()}).describe_widgets()

    def clean_text(self):
        text = sanitizer.clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write your contribution."), code="required")
        return text

    # --- personal identity numbers ----------------------------------------------------
    def personal_number_fields(self):
        """The free-text fields checked for a personal identity number before sending."""
        return ["text"]

    def check_personal_numbers(self):
        """Stop a text with a personnummer unless the author ticked "Send anyway".

        The author chooses: edit the text, or send it as it is; it is then stored flagged and
        always waits for a moderator (moderation.submit flags it again on the stored text).
        """
        self._personal_numbers_checked = True
        if self.cleaned_data.get("send_personal_number"):
            return
        for name in self.personal_number_fields():
            value = self.cleaned_data.get(name)
            if isinstance(value, str) and sanitizer.contains_personal_number(value):
                self.add_error(
                    name, forms.ValidationError(PERSONAL_NUMBER_MESSAGE, code="personal_number")
                )

    def personal_number_errors(self):
        """Names of the fields with a personal identity number error."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        return [
            name
            for name in self.personal_number_fields()
            if self.has_error(name, "personal_number")
        ]

    @property
    def offers_send_anyway(self):
        """Show the "Send anyway" box only once a number was found (or the box was ticked)."""
        return bool(self.personal_number_errors()) or (
            self.is_bound and bool(self.data.get(self.add_prefix("send_personal_number")))
        )

    def clean_display_name(self):
        return sanitizer.clean_line(self.cleaned_data["display_name"])

    def clean_organisation(self):
        return sanitizer.clean_line(self.cleaned_data["organisation"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website") or not antispam.timestamp_ok(cleaned.get("form_ts")):
            raise forms.ValidationError(NEUTRAL_SPAM_MESSAGE, code="spam")
        if not getattr(self, "_personal_numbers_checked", False):
            self.check_personal_numbers()
        if self.errors:
            return cleaned
        if (
            self.checks_duplicates
            and self.page is not None
            and antispam.is_duplicate(self.page, cleaned["text"])
        ):
            raise forms.ValidationError(NEUTRAL_SPAM_MESSAGE, code="duplicate")
        if self.checks_rate_limits and not antispam.within_rate_limits(
            self.ip_hash, cleaned["email"]
        ):
            raise forms.ValidationError(
                _("You have sent many contributions in a short time. Try again in an hour."),
                code="rate_limit",
            )
        return cleaned

    def refresh_timestamp(self):
        """Re-rendered forms get a fresh timestamp so a corrected form is not 'too old'."""
        data = self.data.copy()
        data["form_ts"] = antispam.make_timestamp()
        self.data = data
        return self.describe_widgets()


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should this contribution be checked? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The honeypot is off screen: keyboard users must not tab into an invisible field.
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def full_clean(self):
        super().full_clean()
        # Tie an error to its field for screen readers, as on the contribution form.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}-error"}
                )

    def clean_reason(self):
        return sanitizer.clean_text(self.cleaned_data["reason"])


class ResendForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
