"""A network page's public side: its members and meeting series, and the intresseanmälan to
join it (double opt-in by e-mail; the organiser reviews it in the admin)."""

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import antispam, identity, sanitizer
from ..conf import get_setting
from ..models.meetings import Meeting
from ..models.networks import InterestStatus, NetworkInterest
from ..privacy.network import client_ip, hash_ip
from .forms import NEUTRAL_SPAM_MESSAGE
from .views import _context, meeting_url

CONFIRM = "network-interest-confirm"

OPTIONAL = {
    "organisation": forms.CharField(label=_("Organisation"), max_length=200),
    "role": forms.CharField(label=_("Role"), max_length=200),
    "municipality": forms.CharField(label=_("Municipality"), max_length=200),
    "phone": forms.CharField(label=_("Phone"), max_length=50),
    "message": forms.CharField(
        label=_("Message (optional)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    ),
}


class InterestForm(forms.Form):
    """Name and e-mail, and the fields the editor chose (organisation, role, municipality,
    phone, message)."""

    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter your name.")}
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the link that confirms your intresseanmälan here."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the format name@example.se."),
        },
    )
    consent = forms.BooleanField(
        label=_("I have read how my intresseanmälan is handled"),
        error_messages={
            "required": _("Confirm that you have read how your intresseanmälan is handled.")
        },
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_ts = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, asked=(), **kwargs):
        super().__init__(*args, **kwargs)
        consent = self.fields.pop("consent")
        honeypot, stamp = self.fields.pop("website"), self.fields.pop("form_ts")
        for name in asked:
            field = OPTIONAL[name]
            self.fields[name] = type(field)(**_field_kwargs(field))
        self.fields["website"], self.fields["form_ts"] = honeypot, stamp
        self.fields["consent"] = consent
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def describe_widgets(self):
        for name, field in self.fields.items():
            bound, ids = self[name], []
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
        for name, value in list(data.items()):
            if isinstance(value, str) and name not in ("form_ts", "email"):
                data[name] = (
                    sanitizer.clean_text(value)
                    if name == "message"
                    else sanitizer.clean_line(value)
                )
        if data.get("website") or not antispam.timestamp_ok(data.get("form_ts")):
            raise forms.ValidationError(NEUTRAL_SPAM_MESSAGE, code="spam")
        return data


def _field_kwargs(field):
    kwargs = {"label": field.label, "required": field.required, "widget": type(field.widget)}
    if getattr(field, "max_length", None):
        kwargs["max_length"] = field.max_length
    if isinstance(field.widget, forms.Textarea):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
    return kwargs


def network_context(page, request, form=None):
    meetings = list(Meeting.objects.filter(page_id=page.pk).order_by("starts_at", "pk"))
    now = timezone.now()
    for meeting in meetings:
        meeting.public_url = meeting_url(meeting, request) if page.pk else ""
    is_open = page.interest_is_open()
    if form is None and is_open:
        form = InterestForm(
            asked=page.asked_fields(), initial={"form_ts": antispam.make_timestamp()}
        ).describe_widgets()
    return {
        "members": list(page.network_members.all()) if page.pk else [],
        "coming_meetings": [m for m in meetings if m.ends_at >= now],
        "past_meetings": [m for m in meetings if m.ends_at < now],
        "interest_open": is_open,
        "interest_form": form if is_open else None,
        "interest_sent": request.GET.get("sent") == "1",
        "interest_retention_days": get_setting("NETWORK_INTEREST_RETENTION_DAYS"),
    }


def submit_interest(request, page):
    from .. import notifications

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not page.interest_is_open():
        response = page.render(request)
        response.status_code = 403
        return response
    form = InterestForm(request.POST, asked=page.asked_fields())
    status = 400
    if form.is_valid() and not antispam.within_rate_limits(
        hash_ip(client_ip(request)), form.cleaned_data["email"]
    ):
        form.add_error(None, forms.ValidationError(NEUTRAL_SPAM_MESSAGE, code="rate_limit"))
        status = 429
    if form.errors:
        data = request.POST.copy()
        data["form_ts"] = antispam.make_timestamp()
        form.data = data
        response = page.render(request, interest_form=form.describe_widgets())
        response.status_code = status
        return response
    data = form.cleaned_data
    email = data["email"]
    key = identity.identity_hash(
        "email", identity.normalise_email(email), scope=f"network:{page.pk}"
    )
    fields = {name: data[name] for name in ("name", "email", *page.asked_fields())}
    with transaction.atomic():
        interest = NetworkInterest.objects.filter(page_id=page.pk, identity_hash=key).first()
        if interest is None:
            try:
                with transaction.atomic():
                    interest = NetworkInterest.objects.create(
                        page_id=page.pk,
                        identity_hash=key,
                        language=page.content_language(),
                        **fields,
                    )
            except IntegrityError:  # the same person in a parallel request
                interest = NetworkInterest.objects.get(page_id=page.pk, identity_hash=key)
        elif interest.status == InterestStatus.UNCONFIRMED:
            NetworkInterest.objects.filter(pk=interest.pk).update(**fields)
        transaction.on_commit(
            lambda: notifications.send_network_interest_confirmation.enqueue(interest.pk)
        )
    return HttpResponseRedirect(page.url + "?sent=1#mbd-interest")


def confirm_url(interest):
    from ..links import absolute_url

    page = interest.page
    token = identity.make_link_token(interest, CONFIRM)
    suffix = page.specific_class.get_resolver().reverse("network_interest_confirm", token)
    return absolute_url(page, suffix=suffix)


def confirm_interest(request, page, token):
    try:
        interest = identity.read_link_token(
            token, NetworkInterest, CONFIRM, max_age=identity.confirmation_max_age()
        )
    except identity.InvalidLink:
        return TemplateResponse(
            request,
            "wagtail_medborgardialog/meetings/link_invalid.html",
            _context(page, request),
            status=404,
        )
    if interest.page_id != page.pk:
        return TemplateResponse(
            request,
            "wagtail_medborgardialog/meetings/link_invalid.html",
            _context(page, request),
            status=404,
        )
    if request.method == "POST":
        NetworkInterest.objects.filter(pk=interest.pk, status=InterestStatus.UNCONFIRMED).update(
            status=InterestStatus.RECEIVED, confirmed_at=timezone.now()
        )
        interest.refresh_from_db()
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/meetings/interest_confirm.html",
        _context(page, request, interest=interest),
    )
