"""Admin screens of e-proposals: screening, paper signatures, referral, answer, and the report
of proposals awaiting an answer.

Every screen starts from :func:`proposals_for` (proposals below the pages the user may
moderate, ``permissions.moderatable_pages``), so a user of another site gets 404 by id.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import Page

from .. import fragments, identity
from ..conf import get_setting
from ..e_proposals import similar, status
from ..e_proposals.forms import (
    AnswerForm,
    PaperSignatureForm,
    ProposalDecisionForm,
    PublishForm,
    RefuseForm,
)
from ..e_proposals.views import scope
from ..exports import csv_lines, download, formula_safe
from ..log_actions import e_proposal_action
from ..models import EProposal, EProposalStatus, Signature
from ..permissions import get_in_scope_or_404, may_moderate_anywhere, moderatable_pages

S = EProposalStatus


def proposals_for(user):
    """The proposals ``user`` may screen and handle: below the pages they moderate."""
    return EProposal.objects.filter(page__in=moderatable_pages(user).values("pk"))


def _detail_url(proposal):
    return reverse("wagtail_medborgardialog_e_proposal", args=[proposal.pk])


def list_view(request):
    chosen = request.GET.get("status", "")
    proposals = proposals_for(request.user).select_related("page").order_by("-created_at", "-pk")
    if chosen in S.values:
        proposals = proposals.filter(status=chosen)
    else:
        chosen = ""
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/e_proposals/list.html",
        {
            "page_title": _("E-proposals"),
            "proposals": proposals[:500],
            "statuses": S.choices,
            "chosen": chosen,
        },
    )


def _context(request, proposal, **forms):
    page = proposal.page.specific
    networks = (
        Signature.objects.filter(proposal_id=proposal.pk)
        .exclude(network_hash="")
        .values("network_hash")
        .annotate(count=Count("pk"))
        .filter(count__gte=get_setting("E_PROPOSAL_BURST_LIMIT"))
        .order_by("-count")
    )
    context = {
        "page_title": proposal.title,
        "proposal": proposal,
        "index": page,
        "similar": similar.similar_proposals(
            page, proposal.title, proposal.proposal, exclude_pk=proposal.pk
        ),
        "bursts": [row["count"] for row in networks],
        "paper_count": proposal.paper_count,
        "S": S,
        "skips_signing": proposal.status == S.SCREENING and page.skips_signing(proposal),
    }
    defaults = {
        "publish_form": PublishForm(),
        "refuse_form": RefuseForm(page=page),
        "paper_form": PaperSignatureForm(level=page.identity_level),
        "refer_form": ProposalDecisionForm(),
        "answer_form": AnswerForm(),
    }
    defaults.update(forms)
    context.update(defaults)
    return context


def detail_view(request, proposal_id):
    proposal = get_in_scope_or_404(proposals_for(request.user).select_related("page"), proposal_id)
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/e_proposals/detail.html",
        _context(request, proposal),
    )


def _rerender(request, proposal, status_code=400, **forms):
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/e_proposals/detail.html",
        _context(request, proposal, **forms),
        status=status_code,
    )


def action_view(request, proposal_id, action):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    proposal = get_in_scope_or_404(proposals_for(request.user).select_related("page"), proposal_id)
    page = proposal.page.specific
    try:
        if action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                return _rerender(request, proposal, publish_form=form)
            status.publish(proposal, request.user)
            proposal.topics.set(form.cleaned_data["topics"])
            proposal.areas.set(form.cleaned_data["areas"])
            proposal.sdg_goals.set(form.cleaned_data["sdg_goals"])
            # The index lists them; relations set afterwards send no save signal.
            fragments.bump_page(proposal.page_id)
            if proposal.signing_skipped:
                messages.success(
                    request,
                    _(
                        "The proposal is in a national minority language: it went straight to "
                        "referral without signing, and the proposer is told."
                    ),
                )
            else:
                messages.success(request, _("The proposal is open for signatures."))
        elif action == "refuse":
            form = RefuseForm(request.POST, page=page)
            if not form.is_valid():
                return _rerender(request, proposal, refuse_form=form)
            status.refuse(
                proposal, request.user, form.cleaned_data["criterion"], form.cleaned_data["reason"]
            )
            messages.success(request, _("The proposal was refused; the proposer is told why."))
        elif action == "paper":
            form = PaperSignatureForm(request.POST, level=page.identity_level)
            if not form.is_valid():
                return _rerender(request, proposal, paper_form=form)
            return _register_paper(request, proposal, page, form)
        elif action == "end_window":
            status.end_window(proposal)
            messages.success(request, _("The window has ended; the proposal did not pass."))
        elif action == "refer":
            form = ProposalDecisionForm(request.POST)
            if not form.is_valid():
                return _rerender(request, proposal, refer_form=form)
            status.refer(proposal, request.user, form.cleaned_data)
            messages.success(request, _("The referral is recorded."))
        elif action == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return _rerender(request, proposal, answer_form=form)
            status.answer(
                proposal, request.user, form.cleaned_data["answer_kind"], form.cleaned_data
            )
            messages.success(
                request, _("The answer is recorded; the proposer and signers are told.")
            )
        elif action == "close":
            status.close(proposal, request.user)
            messages.success(request, _("The proposal is closed."))
        else:
            return redirect(_detail_url(proposal))
    except status.IllegalTransition as error:
        messages.error(request, str(error))
        proposal.refresh_from_db()
        return _rerender(request, proposal, status_code=409)
    return redirect(_detail_url(proposal))


def _register_paper(request, proposal, page, form):
    data = form.cleaned_data
    try:
        status.add_signature(
            proposal,
            identity.identity_hash(form.kind, data["identifier"], scope=scope(proposal)),
            level=page.identity_level,
            channel=identity.SignatureChannel.PAPER,
            confirmed=True,
            registered_by=request.user,
            signed_on=data["signed_on"],
        )
    except status.AlreadySigned:
        form.add_error(
            "identifier",
            _(
                "This person has already signed the proposal (online or on paper). "
                "It was not counted again."
            ),
        )
        return _rerender(request, proposal, status_code=409, paper_form=form)
    except status.SigningClosed:
        form.add_error(None, _("The proposal is closed for signatures. Nothing was registered."))
        return _rerender(request, proposal, status_code=409, paper_form=form)
    log(
        instance=proposal,
        action=e_proposal_action("paper_signature"),
        user=request.user,
        data={"signed_on": data["signed_on"].isoformat()},
    )
    messages.success(request, _("The paper signature is registered."))
    return redirect(_detail_url(proposal))


# --- awaiting an answer --------------------------------------------------------------------


def awaiting_answer(user):
    return (
        proposals_for(user)
        .awaiting_answer()
        .select_related("page", "referral")
        .order_by("answer_due", "pk")
    )


def report_view(request):
    today = timezone.localdate()
    rows = list(awaiting_answer(request.user))
    if request.GET.get("format") == "csv":
        return download(csv_lines(_report_rows(rows, today)), "csv", f"e-proposals-{today}.csv")
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/e_proposals/report.html",
        {
            "page_title": _("E-proposals awaiting an answer"),
            "rows": [(p, p.days_overdue(today)) for p in rows],
        },
    )


def _report_rows(proposals, today):
    yield [
        _("Proposal"),
        _("Index"),
        _("Status"),
        _("Signatures"),
        _("Threshold reached"),
        _("Referred to"),
        _("Case number"),
        _("Answer due"),
        _("Days overdue"),
    ]
    for proposal in proposals:
        yield [
            formula_safe(proposal.title),
            formula_safe(proposal.page.title),
            str(proposal.get_status_display()),
            proposal.signature_count,
            timezone.localtime(proposal.passed_at).date().isoformat() if proposal.passed_at else "",
            formula_safe(proposal.referral.deciding_body) if proposal.referral else "",
            formula_safe(proposal.referral.case_number) if proposal.referral else "",
            proposal.answer_due.isoformat() if proposal.answer_due else "",
            proposal.days_overdue(today),
        ]


def may_view(user):
    return may_moderate_anywhere(user)


urlpatterns = [
    path("medborgardialog/e-proposals/", list_view, name="wagtail_medborgardialog_e_proposals"),
    path(
        "medborgardialog/e-proposals/awaiting-answer/",
        report_view,
        name="wagtail_medborgardialog_e_proposals_report",
    ),
    path(
        "medborgardialog/e-proposals/<str:proposal_id>/",
        detail_view,
        name="wagtail_medborgardialog_e_proposal",
    ),
    path(
        "medborgardialog/e-proposals/<str:proposal_id>/<slug:action>/",
        action_view,
        name="wagtail_medborgardialog_e_proposal_action",
    ),
]


# --- deleting the index -----------------------------------------------------------------------


def _proposals_below(pages):
    """How many proposals hang on ``pages`` or their descendants."""
    paths = Q()
    for page in pages:
        paths |= Q(page__path__startswith=page.path)
    return EProposal.objects.filter(paths).count() if pages else 0


def _refuse(request, count):
    messages.error(
        request,
        ngettext(
            "This page cannot be deleted: %(count)s citizen's proposal belongs to it or to a "
            "page below it, and proposals are public records. Unpublish the page instead.",
            "This page cannot be deleted: %(count)s citizens' proposals belong to it or to a "
            "page below it, and proposals are public records. Unpublish the page instead.",
            count,
        )
        % {"count": count},
    )


def refuse_deleting_proposals(request, page):
    """``before_delete_page``: an index with proposals, or a page above one, is not deleted
    (the proposals' foreign key is PROTECT); the editor is told why instead of an error."""
    count = _proposals_below([page])
    if not count:
        return None
    _refuse(request, count)
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)


def refuse_bulk_deleting_proposals(request, action_type, objects, action_class_instance):
    """``before_bulk_action``: the same for deleting pages from a listing."""
    if action_type != "delete":
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    count = _proposals_below(pages)
    if not count:
        return None
    _refuse(request, count)
    return redirect(action_class_instance.next_url or "wagtailadmin_home")
