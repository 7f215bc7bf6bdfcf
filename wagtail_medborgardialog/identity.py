"""Who a participant is, as far as one-person-one-X needs it.

Signatures, ballots, registrations and panel volunteers all need the same three things:
"the same person" across requests (a keyed hash of a normalised identifier, unique in the
database per thing one may do once), personal links that confirm or cancel something (double
opt-in), and, where a municipality asks for it, e-identification behind a small interface.
The plugin never stores a personnummer: it hashes it with a scope, so hashes of the same person
in two proposals cannot be joined.
"""

import base64
import datetime
import hashlib
import hmac
import importlib
import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conf import get_setting
from .sanitizer import _luhn_ok


class IdentityLevel(models.TextChoices):
    """How sure a municipality wants to be that a participant is one person."""

    EMAIL = "email", _("E-mail address confirmed by a link, with a declaration")
    EID = "eid", _("Swedish e-identification (BankID, Freja eID)")


class SignatureChannel(models.TextChoices):
    """How a signature, ballot or registration reached the municipality."""

    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper, registered by an official")


class InvalidLink(Exception):
    """A personal link that is forged, expired, for another purpose or for a removed item."""


class EidFailed(Exception):
    """The e-identification did not give a verified person (cancelled, failed, tampered)."""


# --- normalising identifiers -------------------------------------------------------------


def normalise_email(value):
    """One spelling per mailbox: trimmed, NFC, lower-case (providers treat case as equal)."""
    return unicodedata.normalize("NFC", str(value or "").strip()).casefold()


_PNR_INPUT = re.compile(r"^((?:19|20)?\d{2})(\d{2})(\d{2})[-+]?(\d{4})$")


def normalise_personal_number(value, today=None):
    """A personnummer or samordningsnummer as 12 digits; ValidationError if it is not one.

    Accepts the usual spellings (``19121212-1212``, ``121212-1212``, ``121212+1212`` for people
    over 100, with or without the dash). A ten-digit number gets the century that makes the
    person at most 100 years old, or over 100 with ``+``.
    """
    text = re.sub(r"\s", "", str(value or ""))
    match = _PNR_INPUT.match(text)
    error = ValidationError(
        _("Enter a Swedish personal identity number, for example 19121212-1212."),
        code="personal_number",
    )
    if not match:
        raise error
    year, month, day, rest = match.groups()
    day_n = int(day) - 60 if int(day) > 60 else int(day)  # samordningsnummer
    if not _luhn_ok(year[-2:] + month + day + rest):
        raise error
    if len(year) == 2:
        today = today or timezone.localdate()
        century = today.year // 100 * 100
        full = century + int(year)
        if full > today.year:
            full -= 100
        if "+" in text:
            full -= 100
        year = str(full)
    try:
        datetime.date(int(year), int(month), day_n)
    except ValueError:
        raise error from None
    return f"{year}{month}{day}{rest}"


def birth_date(personal_number):
    """The birth date in a normalised (12-digit) personal number."""
    day = int(personal_number[6:8])
    if day > 60:
        day -= 60
    return datetime.date(int(personal_number[:4]), int(personal_number[4:6]), day)


def age_on(born, day):
    """Completed years on ``day`` for someone born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- the identity hash -------------------------------------------------------------------


def _identity_key():
    key = get_setting("IDENTITY_KEY") or settings.SECRET_KEY
    return hmac.new(key.encode(), b"medborgardialog-identity", hashlib.sha256).digest()


def identity_hash(kind, value, *, scope):
    """A keyed hash naming one person for one thing they may do once.

    ``kind`` says what ``value`` is ("email", "pnr"); the caller normalises ``value``
    (normalise_email, normalise_personal_number). The same person and ``scope`` give the same
    64 hex characters; another scope gives an unlinkable hash. Store it under a unique
    constraint with the object it belongs to: the database, not the view, keeps it to one.
    """
    if not value:
        raise ValueError("identity_hash needs a value")
    message = f"{scope}\x1f{kind}\x1f{value}".encode()
    return hmac.new(_identity_key(), message, hashlib.sha256).hexdigest()


# --- personal links (double opt-in, cancel, withdraw) ------------------------------------

_LINK_SALT = "wagtail_medborgardialog.identity-link"


def _label(model):
    return model._meta.label_lower


def make_link_token(instance, purpose):
    """A signed token for ``instance`` and ``purpose``, in URL-safe characters only.

    Wagtail's sub-routes take ``[\\w-]``, so the signed value travels base64url-encoded
    without padding.
    """
    signed = signing.dumps([_label(type(instance)), instance.pk, purpose], salt=_LINK_SALT)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_link_token(token, model, purpose, max_age=None, queryset=None):
    """The ``model`` instance ``token`` was made for with ``purpose``; raises InvalidLink."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        label, pk, token_purpose = signing.loads(signed, salt=_LINK_SALT, max_age=max_age)
    except (ValueError, TypeError, UnicodeDecodeError, signing.BadSignature) as error:
        raise InvalidLink(str(error)) from error
    if label != _label(model) or token_purpose != purpose:
        raise InvalidLink("token for another purpose")
    try:
        return (queryset if queryset is not None else model._default_manager).get(pk=pk)
    except model.DoesNotExist as error:
        raise InvalidLink("gone") from error


def confirmation_max_age():
    """Seconds a confirmation link stays valid (the CONFIRMATION_MAX_AGE setting)."""
    return get_setting("CONFIRMATION_MAX_AGE")


# --- declarations (the e-mail level) -----------------------------------------------------


class DeclarationFormMixin:
    """Adds the declarations an e-mail-level participant makes.

    ``municipality_name``: shown in "I live, work or study in ..."; ``min_age``: when given,
    a second declaration of age. Both are required when present: the declaration is what the
    municipality's rules ask for when it does not use e-identification.
    """

    def __init__(self, *args, municipality_name="", min_age=None, **kwargs):
        super().__init__(*args, **kwargs)
        where = municipality_name or _("the municipality")
        self.fields["declares_connection"] = forms.BooleanField(
            label=_("I live, work or study in %(place)s.") % {"place": where},
            required=True,
            error_messages={"required": _("Tick this to confirm that you may take part.")},
        )
        if min_age:
            self.fields["declares_age"] = forms.BooleanField(
                label=_("I am at least %(age)s years old.") % {"age": min_age},
                required=True,
                error_messages={"required": _("Tick this to confirm your age.")},
            )


# --- e-identification --------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedPerson:
    """What an e-identification provider vouches for."""

    personal_number: str  # 12 digits
    name: str
    provider: str

    @property
    def birth_date(self):
        return birth_date(self.personal_number)


class EidProvider:
    """The interface a site implements for its e-identification service.

    ``start`` sends the person to the provider (a redirect, or a page of its own) and makes
    sure they come back to ``return_url``; ``complete`` runs in the view at ``return_url``
    (GET or POST, as the provider returns) and returns the VerifiedPerson or raises
    EidFailed. A real provider (BankID through an identity broker, Freja eID) lives in the
    site's code and is named by the EID_PROVIDER setting.
    """

    name = ""
    label = ""

    def start(self, request, *, return_url):
        raise NotImplementedError

    def complete(self, request):
        raise NotImplementedError


class TestEidProvider(EidProvider):
    """A stand-in for tests and the demo: the person types a personnummer and a name.

    It verifies nothing. A system check refuses it with DEBUG off.
    """

    name = "test"
    label = _("Test e-identification (no real check)")

    def start(self, request, *, return_url):
        return TemplateResponse(
            request,
            "wagtail_medborgardialog/identity/test_eid.html",
            {
                "return_url": return_url,
                "provider": self,
                "base_template": get_setting("BASE_TEMPLATE"),
                "medborgardialog_include_css": get_setting("INCLUDE_CSS"),
            },
        )

    def complete(self, request):
        try:
            number = normalise_personal_number(request.POST.get("personal_number", ""))
        except ValidationError as error:
            raise EidFailed("not a personal number") from error
        name = unicodedata.normalize("NFC", request.POST.get("name", "").strip())[:200]
        return VerifiedPerson(personal_number=number, name=name, provider=self.name)


def get_eid_provider():
    """The site's provider (the EID_PROVIDER setting, a dotted path), or None."""
    path = get_setting("EID_PROVIDER")
    if not path:
        return None
    module_name, _dot, attribute = path.rpartition(".")
    try:
        provider_class = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise ImproperlyConfigured(f"EID_PROVIDER {path!r} cannot be imported") from error
    return provider_class()


_SESSION_KEY = "medborgardialog_eid_purpose"


def begin_eid(request, *, purpose, return_url):
    """Start e-identification for ``purpose``; the view at ``return_url`` calls finish_eid."""
    provider = get_eid_provider()
    if provider is None:
        raise EidFailed("no e-identification provider is configured")
    request.session[_SESSION_KEY] = purpose
    return provider.start(request, return_url=return_url)


def finish_eid(request, *, purpose):
    """The verified person for ``purpose``; raises EidFailed (also when not begun here)."""
    provider = get_eid_provider()
    if provider is None or request.session.get(_SESSION_KEY) != purpose:
        raise EidFailed("e-identification was not started for this")
    person = provider.complete(request)
    request.session.pop(_SESSION_KEY, None)
    return person
