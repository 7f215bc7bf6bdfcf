"""The shared identity module: one person per scope, personal links, declarations, e-ID."""

import datetime
import time

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wagtail_medborgardialog import identity
from wagtail_medborgardialog.checks import eid_provider_errors
from wagtail_medborgardialog.models import Contribution

TEST_PROVIDER = "wagtail_medborgardialog.identity.TestEidProvider"


@pytest.mark.parametrize(
    "given",
    ["19121212-1212", "191212121212", "121212+1212", " 19121212 1212 "],
)
def test_personal_number_spellings_normalise_to_twelve_digits(given):
    assert identity.normalise_personal_number(given) == "191212121212"


def test_ten_digits_get_the_century_of_someone_at_most_a_hundred():
    today = datetime.date(2026, 12, 2)
    assert identity.normalise_personal_number("0101012383", today=today)[:4] == "2001"
    assert identity.normalise_personal_number("2701012383", today=today)[:4] == "1927"
    assert identity.normalise_personal_number("121212-1212", today=today)[:4] == "2012"
    # "+" marks someone over 100.
    assert identity.normalise_personal_number("230101+2387", today=today)[:4] == "1923"


@pytest.mark.parametrize("bad", ["", "19121212-1213", "19121312-1212", "abc", "1912121212"])
def test_invalid_personal_numbers_are_refused(bad):
    with pytest.raises(ValidationError):
        identity.normalise_personal_number(bad)


def test_coordination_number_birth_date_and_age():
    number = identity.normalise_personal_number("19121272-1219")  # samordningsnummer, day 12
    assert identity.birth_date(number) == datetime.date(1912, 12, 12)
    born = datetime.date(2010, 12, 3)
    assert identity.age_on(born, datetime.date(2026, 12, 2)) == 15
    assert identity.age_on(born, datetime.date(2026, 12, 3)) == 16


def test_identity_hash_is_stable_per_scope_and_unlinkable_across_scopes(settings):
    email = identity.normalise_email("  Anna.Berg@Example.SE ")
    assert email == "anna.berg@example.se"
    first = identity.identity_hash("email", email, scope="e-proposal:1")
    assert first == identity.identity_hash("email", "anna.berg@example.se", scope="e-proposal:1")
    assert len(first) == 64
    assert first != identity.identity_hash("email", email, scope="e-proposal:2")
    assert first != identity.identity_hash("pnr", email, scope="e-proposal:1")
    # The key is the site's own: another key, another hash.
    settings.WAGTAIL_MEDBORGARDIALOG_IDENTITY_KEY = "another key"
    assert first != identity.identity_hash("email", email, scope="e-proposal:1")


def test_identity_hash_survives_secret_key_rotation_when_it_has_its_own_key(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_IDENTITY_KEY = "identity key"
    before = identity.identity_hash("pnr", "191212121212", scope="budget:7")
    settings.SECRET_KEY = "a rotated secret key " * 3
    assert identity.identity_hash("pnr", "191212121212", scope="budget:7") == before


@pytest.mark.django_db
def test_link_tokens_read_back_only_for_their_model_and_purpose(process):
    contribution = Contribution.objects.create(page=process, text="Hej", email="a@example.se")
    token = identity.make_link_token(contribution, "cancel")
    assert all(ch.isalnum() or ch in "-_" for ch in token)
    assert identity.read_link_token(token, Contribution, "cancel") == contribution
    with pytest.raises(identity.InvalidLink):
        identity.read_link_token(token, Contribution, "confirm")
    with pytest.raises(identity.InvalidLink):
        identity.read_link_token(token[:-3] + "abc", Contribution, "cancel")
    with pytest.raises(identity.InvalidLink):
        identity.read_link_token("not-a-token", Contribution, "cancel")
    contribution.delete()
    with pytest.raises(identity.InvalidLink):
        identity.read_link_token(token, Contribution, "cancel")


@pytest.mark.django_db
def test_link_tokens_expire(process, monkeypatch):
    contribution = Contribution.objects.create(page=process, text="Hej", email="a@example.se")
    token = identity.make_link_token(contribution, "confirm")
    assert identity.read_link_token(token, Contribution, "confirm", max_age=60) == contribution
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    with pytest.raises(identity.InvalidLink):
        identity.read_link_token(token, Contribution, "confirm", max_age=60)


class SignForm(identity.DeclarationFormMixin, forms.Form):
    email = forms.EmailField()


def test_declarations_are_required_and_name_the_place():
    form = SignForm({"email": "a@example.se"}, municipality_name="Exempelkommun", min_age=16)
    assert not form.is_valid()
    assert "Exempelkommun" in str(form.fields["declares_connection"].label)
    assert "16" in str(form.fields["declares_age"].label)
    assert set(form.errors) == {"declares_connection", "declares_age"}
    ok = SignForm(
        {"email": "a@example.se", "declares_connection": "on", "declares_age": "on"},
        municipality_name="Exempelkommun",
        min_age=16,
    )
    assert ok.is_valid()
    assert "declares_age" not in SignForm(municipality_name="X").fields


def _request(method="get", data=None):
    factory = RequestFactory()
    request = getattr(factory, method)("/", data or {})
    request.session = SessionStore()
    return request


def test_eid_needs_a_configured_provider(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = None
    assert identity.get_eid_provider() is None
    with pytest.raises(identity.EidFailed):
        identity.begin_eid(_request(), purpose="sign:1", return_url="/back/")


@pytest.mark.django_db
def test_test_provider_round_trip_and_purpose_binding(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = TEST_PROVIDER
    request = _request()
    response = identity.begin_eid(request, purpose="sign:1", return_url="/back/")
    response.render()
    html = response.content.decode()
    assert 'action="/back/"' in html and 'name="personal_number"' in html
    back = _request("post", {"personal_number": "121212+1212", "name": "Tolvan Tolvansson"})
    back.session = request.session
    with pytest.raises(identity.EidFailed):
        identity.finish_eid(back, purpose="sign:2")
    person = identity.finish_eid(back, purpose="sign:1")
    assert person.personal_number == "191212121212"
    assert person.name == "Tolvan Tolvansson"
    assert person.birth_date == datetime.date(1912, 12, 12)
    # Used once: the same return cannot be replayed.
    with pytest.raises(identity.EidFailed):
        identity.finish_eid(back, purpose="sign:1")


def test_test_provider_refuses_a_wrong_number(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = TEST_PROVIDER
    request = _request()
    identity.begin_eid(request, purpose="p", return_url="/back/")
    back = _request("post", {"personal_number": "19121212-1213"})
    back.session = request.session
    with pytest.raises(identity.EidFailed):
        identity.finish_eid(back, purpose="p")


def test_system_check_refuses_the_test_provider_without_debug():
    assert eid_provider_errors(TEST_PROVIDER, debug=True) == []
    assert eid_provider_errors("site.eid.BankID", debug=False) == []
    (error,) = eid_provider_errors(TEST_PROVIDER, debug=False)
    assert error.id == "wagtail_medborgardialog.E003"
