"""The public routes of an e-förslag index page: the list, proposing, a proposal and signing.

Every route is a sub-route of the index page (``models/e_proposals.py``), so a site needs no
``urls.py`` entry. Signers are never listed; only the count and the names they chose to show.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import antispam, identity, notifications
from ..conf import get_setting
from ..links import absolute_url
from ..log_actions import e_proposal_action
from ..models import Area, EProposal, EProposalStatus, Signature, SustainableDevelopmentGoal, Topic
from ..models.e_proposals import PUBLIC_STATUSES
from ..privacy.network import client_ip, hash_ip, hash_network
from . import similar, status
from .forms import EidSignatureForm, EmailSignatureForm, ProposalForm

TEMPLATE_DIR = "wagtail_medborgardialog/e_proposals"
PURPOSE_CONFIRM = "e-proposal-confirm"
PURPOSE_SIGN = "e-proposal-sign"
PURPOSE_WITHDRAW = "e-proposal-withdraw"
EID_SESSION_KEY = "mbd_e_proposal_signer"


def eid_purpose(proposal):
    return f"e-proposal-sign:{proposal.pk}"


def scope(proposal):
    """The identity scope: one signature per person per proposal."""
    return f"e-proposal:{proposal.pk}"


def proposal_url(page, proposal, absolute=False, request=None):
    suffix = page.reverse_subpage("e_proposal_detail", args=[proposal.pk])
    if absolute:
        return absolute_url(page, request, suffix)
    return (page.get_url(request) or "") + suffix


def sub_url(page, request, name, *args):
    return absolute_url(page, request, page.reverse_subpage(name, args=list(args)))


def render(page, request, name, context, status_code=200):
    """A template of the area, a site's own for its page type first."""
    context = {
        "page": page,
        "self": page,
        "request": request,
        "base_template": get_setting("BASE_TEMPLATE"),
        "medborgardialog_include_css": get_setting("INCLUDE_CSS"),
        "index_url": page.url,
        "retention_days": get_setting("E_PROPOSAL_RETENTION_DAYS"),
        **context,
    }
    model_dir = f"{page._meta.app_label}/{page._meta.model_name}"
    return TemplateResponse(
        request, [f"{model_dir}/{name}", f"{TEMPLATE_DIR}/{name}"], context, status=status_code
    )


# --- the list ------------------------------------------------------------------------------


def index_context(page, request):
    """The public list with its filters: status, topic, area, Agenda 2030 goal, and search."""
    proposals = (
        EProposal.objects.filter(page_id=page.pk, status__in=PUBLIC_STATUSES)
        .prefetch_related("topics", "areas", "sdg_goals")
        .order_by("-opened_at", "-pk")
    )
    chosen = {
        "status": request.GET.get("status", ""),
        "topic": request.GET.get("topic", ""),
        "area": request.GET.get("area", ""),
        "goal": request.GET.get("goal", ""),
        "q": request.GET.get("q", "").strip()[:200],
    }
    if chosen["status"] in PUBLIC_STATUSES:
        proposals = proposals.filter(status=chosen["status"])
    if chosen["topic"]:
        proposals = proposals.filter(topics__slug=chosen["topic"])
    if chosen["area"]:
        proposals = proposals.filter(areas__slug=chosen["area"])
    if chosen["goal"].isdigit():
        proposals = proposals.filter(sdg_goals__number=int(chosen["goal"]))
    if chosen["q"]:
        proposals = proposals.filter(
            Q(title__icontains=chosen["q"]) | Q(proposal__icontains=chosen["q"])
        )
    paginator = Paginator(proposals, get_setting("PAGINATE_BY"))
    try:
        listing = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(_("There is no such page of results.")) from error
    filtered = any(chosen.values())
    return {
        "proposals": listing.object_list,
        "proposals_page": listing,
        "paginator": paginator,
        "chosen": chosen,
        "filtered": filtered,
        "status_choices": [(s.value, s.label) for s in EProposalStatus if s in PUBLIC_STATUSES],
        "topics": Topic.objects.all(),
        "areas": Area.objects.all(),
        "goals": SustainableDevelopmentGoal.objects.all(),
        "index_url": page.url,
        "submit_url": (page.url or "") + page.reverse_subpage("e_proposal_submit"),
        "counts_stamp": status.counts_stamp(page.pk),
    }


# --- proposing -----------------------------------------------------------------------------


def submit(page, request):
    """Two steps: the form, then the similar earlier proposals; the second post stores it."""
    if request.method == "POST":
        form = ProposalForm(request.POST, ip_hash=hash_ip(client_ip(request)))
        if form.is_valid():
            data = form.cleaned_data
            if not data["seen_similar"]:
                found = similar.similar_proposals(page, data["title"], data["proposal"])
                data_copy = request.POST.copy()
                data_copy["seen_similar"] = "True"
                data_copy["form_ts"] = antispam.make_timestamp()
                form = ProposalForm(data_copy)
                return render(
                    page,
                    request,
                    "check.html",
                    {"form": form, "similar": found, "proposal_data": data},
                )
            proposal = _store(page, request, form)
            return render(page, request, "submitted.html", {"proposal": proposal})
        form.refresh_timestamp()
        return render(page, request, "submit.html", {"form": form}, status_code=400)
    return render(page, request, "submit.html", {"form": ProposalForm.blank()})


def _store(page, request, form):
    data = form.cleaned_data
    with transaction.atomic():
        proposal = EProposal.objects.create(
            page_id=page.pk,
            title=data["title"],
            proposal=data["proposal"],
            why=data["why"],
            proposer_name=data["name"],
            proposer_email=data["email"],
            show_name=data["show_name"],
            language=translation.get_language() or "",
            text_language=data["language"],
            ip_hash=form.ip_hash,
        )
        proposal.topics.set(data["topics"])
        proposal.areas.set(data["areas"])
        log(instance=proposal, action=e_proposal_action("submit"))
        token = identity.make_link_token(proposal, PURPOSE_CONFIRM)
        url = sub_url(page, request, "e_proposal_confirm", token)
        transaction.on_commit(
            lambda: notifications.send_e_proposal_confirmation.enqueue(proposal.pk, url)
        )
    return proposal


def confirm_proposal(page, request, token):
    """The proposer's link: GET shows a button, POST confirms (mail scanners only GET)."""
    try:
        proposal = identity.read_link_token(
            token,
            EProposal,
            PURPOSE_CONFIRM,
            max_age=identity.confirmation_max_age(),
            queryset=EProposal.objects.filter(page_id=page.pk),
        )
    except identity.InvalidLink:
        return render(page, request, "link_invalid.html", {}, status_code=404)
    if proposal.status != EProposalStatus.SUBMITTED:
        return render(page, request, "confirmed.html", {"proposal": proposal, "again": True})
    if request.method == "POST":
        try:
            status.confirm(proposal)
        except status.IllegalTransition:
            pass  # confirmed by a parallel post: the page says so either way
        return render(page, request, "confirmed.html", {"proposal": proposal})
    return render(page, request, "confirm.html", {"proposal": proposal, "kind": "proposal"})


# --- a proposal and signing ----------------------------------------------------------------


def get_public_proposal(page, proposal_id, related=("referral", "answer")):
    proposals = EProposal.objects.filter(
        page_id=page.pk, pk=proposal_id, status__in=PUBLIC_STATUSES
    )
    proposal = (proposals.select_related(*related) if related else proposals).first()
    if proposal is None:
        raise Http404(_("There is no such proposal."))
    return proposal


def signature_form_class(page):
    return EidSignatureForm if page.requires_eid() else EmailSignatureForm


def make_signature_form(page, request, data=None, form_ts=None):
    kwargs = {"ip_hash": hash_ip(client_ip(request))}
    if not page.requires_eid():
        kwargs.update(municipality_name=page.municipality_name, min_age=page.minimum_age)
    if data is None:
        return signature_form_class(page)(
            initial={"form_ts": form_ts or antispam.make_timestamp()}, **kwargs
        ).describe_widgets()
    return signature_form_class(page)(data, **kwargs)


SHOWN_NAMES = 100


def detail(page, request, proposal_id):
    # The referral and the answer show only in the cached body: read when it is rendered.
    proposal = get_public_proposal(page, proposal_id, related=())
    form = None
    status_code = 200
    if request.method == "POST":
        form = make_signature_form(page, request, request.POST)
        if not proposal.is_open():
            return _detail(page, request, proposal, None, status_code=409)
        if form.is_valid():
            if page.requires_eid():
                request.session[EID_SESSION_KEY] = {
                    "proposal": proposal.pk,
                    "display_name": form.cleaned_data["display_name"],
                    "wants_outcome": form.cleaned_data["wants_outcome"],
                    "email": form.cleaned_data["email"],
                }
                try:
                    return identity.begin_eid(
                        request,
                        purpose=eid_purpose(proposal),
                        return_url=proposal_url(page, proposal, request=request)
                        + "e-legitimation/retur/",
                    )
                except identity.EidFailed:  # no provider configured on this site
                    return render(
                        page, request, "eid_failed.html", {"proposal": proposal}, status_code=503
                    )
            return _sign_by_email(page, request, proposal, form)
        form.refresh_timestamp()
        status_code = 400
    return _detail(page, request, proposal, form, status_code)


def _detail(page, request, proposal, form, status_code=200):
    form_bound, form_ts = form is not None and form.is_bound, ""
    if form is None and proposal.is_open():
        # Built only when the cached sign form is missing (the template's fragment); the
        # visitor's timestamp is rendered outside it.
        form_ts = antispam.make_timestamp()
        form = SimpleLazyObject(lambda: make_signature_form(page, request, form_ts=form_ts))

    def shown_names():
        # Called by the template only when its cached part is missing (fragments.py).
        return list(
            Signature.objects.filter(proposal_id=proposal.pk)
            .exclude(confirmed_at=None)
            .exclude(display_name="")
            .order_by("confirmed_at", "pk")
            .values_list("display_name", flat=True)[:SHOWN_NAMES]
        )

    context = {
        "proposal": proposal,
        "form": form,
        "form_bound": form_bound,
        "form_ts": form_ts,
        "signing_open": proposal.is_open(),
        "window_ended": proposal.window_has_ended(),
        "shown_names": shown_names,
        "requires_eid": page.requires_eid(),
        "eid_provider": identity.get_eid_provider() if page.requires_eid() else None,
        "index_url": page.url,
        "retention_days": get_setting("E_PROPOSAL_RETENTION_DAYS"),
    }
    return render(page, request, "proposal.html", context, status_code=status_code)


def _sign_by_email(page, request, proposal, form):
    data = form.cleaned_data
    email = identity.normalise_email(data["email"])
    fields = {
        "display_name": data["display_name"],
        "wants_outcome": data["wants_outcome"],
        "email": email,
        "network_hash": hash_network(client_ip(request)),
    }
    try:
        signature = status.add_signature(
            proposal,
            identity.identity_hash("email", email, scope=scope(proposal)),
            level=identity.IdentityLevel.EMAIL,
            channel=identity.SignatureChannel.ONLINE,
            confirmed=False,
            **fields,
        )
    except status.SigningClosed:
        return _detail(page, request, proposal, None, status_code=409)
    except status.AlreadySigned:
        # Said the same way as a new signature: the page does not tell who has signed.
        existing = Signature.objects.filter(
            proposal_id=proposal.pk,
            identity_hash=identity.identity_hash("email", email, scope=scope(proposal)),
            confirmed_at=None,
        ).first()
        if existing is not None:
            _send_signature_link(page, request, existing)
        return render(page, request, "sign_check_email.html", {"proposal": proposal})
    _send_signature_link(page, request, signature)
    return render(page, request, "sign_check_email.html", {"proposal": proposal})


def _send_signature_link(page, request, signature):
    confirm = sub_url(
        page,
        request,
        "e_proposal_signature_confirm",
        identity.make_link_token(signature, PURPOSE_SIGN),
    )
    withdraw = sub_url(
        page, request, "e_proposal_withdraw", identity.make_link_token(signature, PURPOSE_WITHDRAW)
    )
    transaction.on_commit(
        lambda: notifications.send_signature_confirmation.enqueue(signature.pk, confirm, withdraw)
    )


def eid_begin(page, request, proposal_id):
    """Not a page of its own: signing at the e-ID level starts from the sign form."""
    proposal = get_public_proposal(page, proposal_id)
    return HttpResponseRedirect(proposal_url(page, proposal, request=request))


def eid_return(page, request, proposal_id):
    """Back from the e-identification provider: the verified person signs."""
    proposal = get_public_proposal(page, proposal_id)
    if not page.requires_eid():
        raise Http404
    choices = request.session.get(EID_SESSION_KEY) or {}
    try:
        person = identity.finish_eid(request, purpose=eid_purpose(proposal))
    except identity.EidFailed:
        return render(page, request, "eid_failed.html", {"proposal": proposal}, status_code=400)
    if choices.get("proposal") != proposal.pk:
        choices = {}
    request.session.pop(EID_SESSION_KEY, None)
    if (
        page.minimum_age
        and identity.age_on(person.birth_date, timezone.localdate()) < page.minimum_age
    ):
        return render(
            page,
            request,
            "too_young.html",
            {"proposal": proposal, "min_age": page.minimum_age},
            status_code=403,
        )
    try:
        signature = status.add_signature(
            proposal,
            identity.identity_hash("pnr", person.personal_number, scope=scope(proposal)),
            level=identity.IdentityLevel.EID,
            channel=identity.SignatureChannel.ONLINE,
            confirmed=True,
            display_name=choices.get("display_name", ""),
            wants_outcome=bool(choices.get("wants_outcome") and choices.get("email")),
            email=identity.normalise_email(choices.get("email", ""))
            if choices.get("wants_outcome")
            else "",
            network_hash=hash_network(client_ip(request)),
        )
    except status.SigningClosed:
        return _detail(page, request, proposal, None, status_code=409)
    except status.AlreadySigned:
        return render(page, request, "signed.html", {"proposal": proposal, "again": True})
    withdraw = sub_url(
        page, request, "e_proposal_withdraw", identity.make_link_token(signature, PURPOSE_WITHDRAW)
    )
    return render(page, request, "signed.html", {"proposal": proposal, "withdraw_url": withdraw})


def confirm_signature(page, request, token):
    try:
        signature = identity.read_link_token(
            token,
            Signature,
            PURPOSE_SIGN,
            max_age=identity.confirmation_max_age(),
            queryset=Signature.objects.filter(proposal__page_id=page.pk).select_related("proposal"),
        )
    except identity.InvalidLink:
        return render(page, request, "link_invalid.html", {}, status_code=404)
    proposal = signature.proposal
    if request.method != "POST":
        if signature.confirmed_at:
            return render(page, request, "signed.html", {"proposal": proposal, "again": True})
        return render(page, request, "confirm.html", {"proposal": proposal, "kind": "signature"})
    try:
        status.confirm_signature(signature)
    except status.SigningClosed:
        return render(page, request, "closed.html", {"proposal": proposal}, status_code=409)
    proposal.refresh_from_db()
    return render(page, request, "signed.html", {"proposal": proposal})


def withdraw(page, request, token):
    try:
        signature = identity.read_link_token(
            token,
            Signature,
            PURPOSE_WITHDRAW,
            queryset=Signature.objects.filter(proposal__page_id=page.pk).select_related("proposal"),
        )
    except identity.InvalidLink:
        return render(page, request, "link_invalid.html", {"withdrawn": True}, status_code=404)
    proposal = signature.proposal
    if not proposal.is_open():
        return render(page, request, "closed.html", {"proposal": proposal}, status_code=409)
    if request.method == "POST":
        try:
            status.withdraw_signature(signature)
        except status.SigningClosed:
            return render(page, request, "closed.html", {"proposal": proposal}, status_code=409)
        return render(page, request, "withdrawn.html", {"proposal": proposal})
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(page, request, "confirm.html", {"proposal": proposal, "kind": "withdraw"})
