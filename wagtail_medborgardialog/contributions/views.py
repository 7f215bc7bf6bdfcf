"""Public views behind ParticipationMixin's routes: thin, they validate and call moderation."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .. import notifications
from ..antispam import within_rate_limits
from ..conf import get_setting
from ..models import Contribution, ContributionStatus
from ..models.participation import InputWindow
from ..privacy.network import client_ip, hash_ip, hash_network
from . import moderation
from .forms import NEUTRAL_SPAM_MESSAGE, ReportForm, ResendForm
from .tokens import confirmation_url, read_confirmation_token

THANKS_STATES = {"check-email", "pending", "published", "reported"}


def _status_context(page, request):
    """What a status page (thank-you, confirm, report) needs from its page: the page itself
    and the site's chrome. Not the page's own context (steps, the page of contributions and
    their count, child pages): these pages show none of it, and the thank-you page is half of
    every citizen's round trip."""
    return {
        "page": page,
        "self": page,
        "request": request,
        "base_template": get_setting("BASE_TEMPLATE"),
        "medborgardialog_include_css": get_setting("INCLUDE_CSS"),
    }


def _render(page, request, name, context=None, status=200):
    context = {**_status_context(page, request), **(context or {})}
    template = page.get_contribution_template(name)
    return TemplateResponse(request, template, context, status=status)


def render_page(page, request, status, form=None, **overrides):
    """The page itself with ``status``: ``form`` (bound, with its errors) shown again, or
    ``overrides`` (a refusal message) added to its context."""
    response = page.render(request, contribution_form=form, context_overrides=overrides)
    response.status_code = status
    return response


def check_submission(page, request):
    """The first half of every public submission: POST only, open for input, a valid form.

    Returns ``(form, None)`` for a valid form of the page's form class, else
    ``(None, response)``: a redirect for a GET, 403 when closed or not yet open (nothing
    stored; the page's ``contribution_refusals()`` say why), 400 or 429 with the form
    re-rendered on the page and the citizen's text kept.
    """
    if request.method != "POST":
        return None, HttpResponseRedirect(page.url + page.contribution_form_anchor)
    window = page.input_window()
    if not window.is_open:
        return None, refusal(page, request, window.state)
    ip_hash = hash_ip(client_ip(request))
    form = page.get_contribution_form_class()(request.POST, page=page, ip_hash=ip_hash)
    if not form.is_valid():
        form.refresh_timestamp()
        status = 429 if form.has_error("__all__", "rate_limit") else 400
        return None, render_page(page, request, status, form=form)
    return form, None


def refusal(page, request, state=InputWindow.CLOSED):
    refused = page.contribution_refusals()
    message = refused.get(state) or refused[InputWindow.CLOSED]
    return render_page(page, request, 403, form=False, contributions_refused=message)


def duplicate_refusal(page, request, form):
    """The answer when a parallel request stored the same text first: as for any duplicate."""
    form.add_error(None, ValidationError(NEUTRAL_SPAM_MESSAGE, code="duplicate"))
    form.refresh_timestamp()
    return render_page(page, request, 400, form=form)


def thanks_redirect(page, contribution):
    """POST/redirect/GET to the thank-you page, saying what happens next.

    The status is the one the state machine just gave the row in this request (it sets it on
    the instance as it moves it), so the row is not read again."""
    state = {
        ContributionStatus.UNCONFIRMED: "check-email",
        ContributionStatus.PENDING: "pending",
        ContributionStatus.PUBLISHED: "published",
    }.get(contribution.status, "pending")
    return HttpResponseRedirect(
        page.url + page.reverse_subpage("contribution_thanks") + f"?status={state}"
    )


def submit_contribution(page, request):
    """Every page type's submit route: the page's form class, then its pipeline."""
    form, rejected = check_submission(page, request)
    if rejected:
        return rejected
    try:
        contribution = page.process_contribution(form, request)
    except moderation.DuplicateContribution:
        return duplicate_refusal(page, request, form)
    except moderation.InvalidTransition:  # the page closed while the form was checked
        return refusal(page, request)
    return thanks_redirect(page, contribution)


def contribution_thanks(page, request):
    state = request.GET.get("status")
    if state not in THANKS_STATES:
        state = "pending"
    kind = page.contribution_noun
    return _render(page, request, "thanks.html", {"thanks_state": state, "thanks_kind": kind})


def confirm_contribution(page, request, token):
    try:
        pk = read_confirmation_token(token, max_age=get_setting("CONFIRMATION_MAX_AGE"))
    except signing.SignatureExpired:
        return _render(
            page,
            request,
            "confirm_expired.html",
            {"resend_form": ResendForm(initial={"token": token})},
            status=410,
        )
    except signing.BadSignature:
        return _render(page, request, "confirm_invalid.html", status=404)
    contribution = Contribution.objects.filter(pk=pk, page_id=page.pk).first()
    if contribution is None:
        return _render(page, request, "confirm_invalid.html", status=404)
    if request.method == "POST":
        # A double click is harmless: whichever request comes second sees it confirmed.
        moderation.confirm(contribution)
        contribution.refresh_from_db()
        return _render(page, request, "confirmed.html", {"contribution": contribution})
    if contribution.status != ContributionStatus.UNCONFIRMED:
        return _render(page, request, "confirmed.html", {"contribution": contribution})
    # Confirming takes a button press (POST): mail scanners that open every link in a message
    # must not confirm on the author's behalf.
    return _render(page, request, "confirm.html", {"contribution": contribution})


def resend_confirmation(page, request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ResendForm(request.POST)
    sent = False
    if form.is_valid():
        try:
            pk = read_confirmation_token(form.cleaned_data["token"])
        except signing.BadSignature:
            pk = None
        contribution = Contribution.objects.filter(
            pk=pk, page_id=page.pk, status=ContributionStatus.UNCONFIRMED
        ).first()
        # The same rate limit as new contributions stops this from becoming a mail cannon.
        if contribution and within_rate_limits(hash_ip(client_ip(request)), contribution.email):
            transaction.on_commit(
                lambda: notifications.send_confirmation.enqueue(
                    contribution.pk, confirmation_url(contribution, request)
                )
            )
            sent = True
    # The answer is the same either way, so it reveals nothing about the token.
    return _render(page, request, "confirm_resent.html", {"resent": sent})


def report_contribution(page, request, pk):
    contribution = get_object_or_404(page.public_contributions(), pk=pk)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            ip = client_ip(request)
            ip_hash = hash_ip(ip)
            # Honeypot hits and floods get the same answer but are not stored.
            if not form.cleaned_data.get("website") and within_rate_limits(ip_hash, ""):
                try:
                    moderation.report(
                        contribution,
                        reason=form.cleaned_data["reason"],
                        ip_hash=ip_hash,
                        network_hash=hash_network(ip),
                    )
                except moderation.InvalidTransition:
                    pass
            return HttpResponseRedirect(
                page.url + page.reverse_subpage("contribution_thanks") + "?status=reported"
            )
        status = 400
    else:
        form = ReportForm()
        status = 200
    return _render(
        page, request, "report.html", {"contribution": contribution, "report_form": form}, status
    )
