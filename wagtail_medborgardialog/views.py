"""Public views behind ParticipationMixin's routes: thin, they validate and call moderation."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from . import moderation
from .antispam import within_rate_limits
from .conf import get_setting
from .forms import NEUTRAL_SPAM_MESSAGE, ContributionForm, ReportForm, ResendForm
from .models import Contribution, ContributionStatus
from .models.contributions import InputWindow
from .privacy import client_ip, hash_ip, hash_network

TEMPLATES = "wagtail_medborgardialog/contributions/"
THANKS_STATES = {"check-email", "pending", "published", "reported"}


def _render(page, request, template, context=None, status=200):
    context = {**page.get_context(request), **(context or {})}
    return TemplateResponse(request, TEMPLATES + template, context, status=status)


def render_page(page, request, status, **overrides):
    response = page.render(request, context_overrides=overrides)
    response.status_code = status
    return response


def check_submission(page, request, form_class, *, anchor, form_key, refused_key, refused):
    """The first half every public submission shares: POST only, open for input, a valid form.

    Returns ``(form, ip_hash, None)`` for a valid form, else ``(None, None, response)``: a
    redirect for a GET, 403 when closed or not yet open (nothing stored; ``refused`` maps the
    window's state to the message), 400 or 429 with the form re-rendered on the page and the
    citizen's text kept.
    """
    if request.method != "POST":
        return None, None, HttpResponseRedirect(page.url + anchor)
    window = page.input_window()
    if not window.is_open:
        message = refused.get(window.state) or refused[InputWindow.CLOSED]
        return None, None, render_page(page, request, 403, **{refused_key: message})
    ip_hash = hash_ip(client_ip(request))
    form = form_class(request.POST, page=page, ip_hash=ip_hash)
    if not form.is_valid():
        form.refresh_timestamp()
        status = 429 if form.has_error("__all__", "rate_limit") else 400
        return None, None, render_page(page, request, status, **{form_key: form})
    return form, ip_hash, None


def duplicate_refusal(page, request, form, form_key):
    """The answer when a parallel request stored the same text first: as for any duplicate."""
    form.add_error(None, ValidationError(NEUTRAL_SPAM_MESSAGE, code="duplicate"))
    form.refresh_timestamp()
    return render_page(page, request, 400, **{form_key: form})


def submit_from(page, request, form, ip_hash, **fields):
    """Store the valid ``form``'s contribution through the state machine.

    Raises :class:`moderation.DuplicateContribution` when the same text won a race to the page.
    """
    data = form.cleaned_data
    values = {
        "text": data["text"],
        "email": data["email"],
        "display_name": data["display_name"],
        "organisation": data["organisation"],
        "notify_author": data["notify_author"],
        **fields,
    }
    return moderation.submit(
        page,
        ip_hash=ip_hash,
        language=translation.get_language() or "",
        request=request,
        **values,
    )


def thanks_redirect(page, contribution):
    """POST/redirect/GET to the thank-you page, saying what happens next."""
    contribution.refresh_from_db()
    state = {
        ContributionStatus.UNCONFIRMED: "check-email",
        ContributionStatus.PENDING: "pending",
        ContributionStatus.PUBLISHED: "published",
    }.get(contribution.status, "pending")
    return HttpResponseRedirect(
        page.url + page.reverse_subpage("contribution_thanks") + f"?status={state}"
    )


def submit_contribution(page, request):
    refused = {
        InputWindow.CLOSED: _("This page is closed for contributions. Nothing was saved."),
        InputWindow.NOT_YET_OPEN: _(
            "This page is not open for contributions yet. Nothing was saved."
        ),
    }
    form, ip_hash, refusal = check_submission(
        page,
        request,
        ContributionForm,
        anchor="#mbd-contributions",
        form_key="contribution_form",
        refused_key="contributions_refused",
        refused=refused,
    )
    if refusal:
        return refusal
    try:
        contribution = submit_from(page, request, form, ip_hash)
    except moderation.DuplicateContribution:
        return duplicate_refusal(page, request, form, "contribution_form")
    except moderation.InvalidTransition:  # the page closed while the form was checked
        return render_page(page, request, 403, contributions_refused=refused[InputWindow.CLOSED])
    return thanks_redirect(page, contribution)


def contribution_thanks(page, request):
    state = request.GET.get("status")
    if state not in THANKS_STATES:
        state = "pending"
    # A consultation takes responses (its own submit route), other pages contributions.
    kind = "response" if hasattr(page, "consultation_submit") else "contribution"
    return _render(page, request, "thanks.html", {"thanks_state": state, "thanks_kind": kind})


def confirm_contribution(page, request, token):
    try:
        pk = moderation.read_confirmation_token(token, max_age=get_setting("CONFIRMATION_MAX_AGE"))
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
            pk = moderation.read_confirmation_token(form.cleaned_data["token"])
        except signing.BadSignature:
            pk = None
        contribution = Contribution.objects.filter(
            pk=pk, page_id=page.pk, status=ContributionStatus.UNCONFIRMED
        ).first()
        # The same rate limit as new contributions stops this from becoming a mail cannon.
        if contribution and within_rate_limits(hash_ip(client_ip(request)), contribution.email):
            from django.db import transaction

            from . import notifications

            transaction.on_commit(
                lambda: notifications.send_confirmation.enqueue(
                    contribution.pk, moderation.confirmation_url(contribution, request)
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
