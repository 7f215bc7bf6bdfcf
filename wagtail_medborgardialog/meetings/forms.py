"""The public registration form (intresseanmälan). Validation only; seats are decided in
registrations.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import antispam, sanitizer

NEUTRAL_SPAM_MESSAGE = _(
    "We could not accept your registration just now. Wait a moment and send it again."
)

LINE_FIELDS = ("name", "organisation", "role", "needs_food", "needs_access", "needs_interpretation")


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter your name.")}
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the link that confirms your registration here."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the format name@example.se."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisation or municipality (optional)"), max_length=200, required=False
    )
    role = forms.CharField(label=_("Role (optional)"), max_length=200, required=False)
    needs_food = forms.CharField(
        label=_("Food: allergies or special diet (optional)"), max_length=500, required=False
    )
    needs_access = forms.CharField(
        label=_("Access needs (optional)"),
        help_text=_("For example a wheelchair place or a hearing loop."),
        max_length=500,
        required=False,
    )
    needs_interpretation = forms.CharField(
        label=_("Interpretation (optional)"),
        help_text=_("Which language, or sign language."),
        max_length=500,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I have read how my registration is handled"),
        error_messages={
            "required": _("Confirm that you have read how your registration is handled.")
        },
    )
    # Honeypot: hidden from people, tempting for bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_ts = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"

    @classmethod
    def blank(cls):
        return cls(initial={"form_ts": antispam.make_timestamp()}).describe_widgets()

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
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
        return self

    def clean(self):
        data = super().clean()
        for name in LINE_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = sanitizer.clean_line(data[name])
        if "name" in data and not data["name"]:
            self.add_error("name", forms.ValidationError(_("Enter your name."), code="required"))
        if data.get("website") or not antispam.timestamp_ok(data.get("form_ts")):
            raise forms.ValidationError(NEUTRAL_SPAM_MESSAGE, code="spam")
        return data

    def details(self):
        """The registration's fields as stored."""
        data = self.cleaned_data
        return {name: data[name] for name in (*LINE_FIELDS, "email")} | {"consent": True}
