"""The volunteer form (intresseanmälan): code if invited, contact details, answers, consent."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import identity
from ..models.panels import PanelInvitation, Recruitment
from ..sanitizer import clean_line
from .draw import hash_code


class VolunteerForm(forms.Form):
    code = forms.CharField(
        label=_("Your invitation code"),
        max_length=40,
        help_text=_("The code in the letter you received."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to confirm it. We use it only to contact you about the panel."),
    )
    phone = forms.CharField(label=_("Telephone (optional)"), max_length=40, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality processes my answers, also those about my views, "
            "to draw the panel as described above."
        ),
        error_messages={"required": _("Tick this to volunteer: we cannot draw you otherwise.")},
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        if page.recruitment != Recruitment.INVITED:
            del self.fields["code"]
        self.category_fields = []
        for i, (category, rows) in enumerate(page.categories()):
            name = f"category_{i}"
            self.fields[name] = forms.ChoiceField(
                label=category,
                choices=[(row.value, row.value) for row in rows],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )
            self.category_fields.append((name, category))
        # Keep the consent last, after the answers it is about.
        self.fields["consent"] = self.fields.pop("consent")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

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
                ids.append("mbd-panel-legal-basis")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
        return self

    def clean_name(self):
        return clean_line(self.cleaned_data["name"])

    def clean_phone(self):
        return clean_line(self.cleaned_data.get("phone", ""))

    def clean_code(self):
        code = self.cleaned_data["code"]
        invitation = PanelInvitation.objects.filter(
            page=self.page, code_hash=hash_code(code)
        ).first()
        if invitation is None:
            raise forms.ValidationError(_("This code is not valid for this panel."))
        if invitation.used_at is not None:
            raise forms.ValidationError(_("This code has already been used."))
        self.invitation = invitation
        return code

    def clean(self):
        data = super().clean()
        email = data.get("email")
        if email:
            self.identity_hash = identity.identity_hash(
                "email", identity.normalise_email(email), scope=f"panel:{self.page.pk}"
            )
        return data

    def answers(self):
        return {category: self.cleaned_data[name] for name, category in self.category_fields}

    def consent_time(self):
        return timezone.now()
