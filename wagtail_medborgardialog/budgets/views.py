"""The public routes of a budget round: the ballot, its confirmation, e-identification, the
result and the open data. Each is a sub-route of the page (models/budgets.py)."""

import json
from fractions import Fraction

from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import identity
from ..exports import csv_lines, formula_safe
from ..links import absolute_url
from ..models.base import AbstractMedborgardialogPage
from ..models.budgets import Ballot, BudgetIdentityLevel, BudgetPhase, BudgetResult
from ..models.decisions import IMPLEMENTATION_KINDS, decision_on_record
from ..notifications import send_ballot_confirmation
from . import follow_up, pabulib, services
from .forms import BallotForm

TEMPLATES = "wagtail_medborgardialog/budgets/"
SESSION_BALLOT = "medborgardialog_budget_ballot"


def _template(page, name):
    return [f"{page._meta.app_label}/{page._meta.model_name}/{name}", TEMPLATES + name]


def _render(page, request, name, context=None, status=200):
    base = page.get_context(request, contribution_form=False)
    return TemplateResponse(
        request, _template(page, name), {**base, **(context or {})}, status=status
    )


def _ballot(page, request, form, eid, status=200, **extra):
    context = {
        "form": form,
        "eid": eid,
        "chosen": form.chosen_ids(),
        "chosen_count": form.chosen_count(),
        "totals": form.totals(every_part=True),
    }
    return _render(page, request, "vote.html", {**context, **extra}, status=status)


def _closed(page, request):
    return _render(page, request, "vote_closed.html", {"phase": page.phase()}, status=403)


def vote(page, request):
    """The ballot: GET shows it, "Räkna om" re-renders with the totals, a vote stores it."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not page.voting_open():
        return _closed(page, request)
    eid = page.identity_level == BudgetIdentityLevel.EID
    if request.method == "GET":
        form = BallotForm(page=page, with_email=not eid)
        return _ballot(page, request, form, eid)
    form = BallotForm(request.POST, page=page, with_email=not eid)
    if "recalculate" in request.POST:
        # Only the totals: no errors for a ballot the voter is still filling in.
        form.is_valid()
        form._errors = ErrorDict()
        return _ballot(page, request, form, eid, recalculated=True)
    if not form.is_valid():
        return _ballot(page, request, form, eid, status=400)
    data = form.cleaned_data
    if eid:
        request.session[SESSION_BALLOT] = {
            "page": page.pk,
            "district": data.get("district"),
            "projects": sorted(data["projects"]),
        }
        return identity.begin_eid(
            request,
            purpose=services.scope(page),
            return_url=page.url + page.reverse_subpage("budget_vote_eid"),
        )
    try:
        ballot = services.submit_email_ballot(
            page,
            email=data["email"],
            district_id=data.get("district"),
            project_ids=data["projects"],
        )
    except services.VotingClosed:
        return _closed(page, request)
    token = identity.make_link_token(ballot, services.CONFIRM_PURPOSE)
    confirm_url = absolute_url(page) + page.reverse_subpage(
        "budget_vote_confirm", args=[token]
    ).lstrip("/")
    transaction.on_commit(lambda: send_ballot_confirmation.enqueue(ballot.pk, confirm_url))
    return redirect(page.url + page.reverse_subpage("budget_vote_thanks") + "?status=email")


def vote_eid(page, request):
    """Back from the e-identification provider: record the ballot kept in the session."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    pending = request.session.get(SESSION_BALLOT)
    if not pending or pending.get("page") != page.pk:
        return _render(page, request, "vote_failed.html", status=400)
    try:
        person = identity.finish_eid(request, purpose=services.scope(page))
    except identity.EidFailed:
        return _render(page, request, "vote_failed.html", status=400)
    if page.min_age and identity.age_on(person.birth_date, timezone.localdate()) < page.min_age:
        return _render(page, request, "vote_failed.html", {"too_young": True}, status=403)
    try:
        services.record_verified_ballot(
            page,
            personal_number=person.personal_number,
            district_id=pending.get("district"),
            project_ids=pending["projects"],
        )
    except services.VotingClosed:
        return _closed(page, request)
    request.session.pop(SESSION_BALLOT, None)
    return redirect(page.url + page.reverse_subpage("budget_vote_thanks") + "?status=counted")


def vote_thanks(page, request):
    status = "counted" if request.GET.get("status") == "counted" else "email"
    return _render(page, request, "vote_thanks.html", {"thanks_state": status})


def confirm_vote(page, request, token):
    """GET shows a button (link scanners do not vote), POST counts the ballot."""
    try:
        ballot = identity.read_link_token(
            token,
            Ballot,
            services.CONFIRM_PURPOSE,
            max_age=identity.confirmation_max_age(),
            queryset=Ballot.objects.filter(page_id=page.pk),
        )
    except identity.InvalidLink:
        return _render(page, request, "vote_confirm_invalid.html", status=404)
    if not page.voting_open():
        return _closed(page, request)
    if request.method == "POST":
        services.confirm_ballot(page, ballot)
        return redirect(page.url + page.reverse_subpage("budget_vote_thanks") + "?status=counted")
    projects = []
    if ballot.pending:
        projects = [p for p in page.ballot_projects if p.pk in set(ballot.pending["projects"])]
    return _render(
        page,
        request,
        "vote_confirm.html",
        {"ballot": ballot, "pending_projects": projects, "already_counted": not ballot.pending},
    )


# --- the result -----------------------------------------------------------------------------


def result_is_public(page, frozen):
    return (
        frozen is not None
        and page.phase() in (BudgetPhase.RESULT, BudgetPhase.IMPLEMENTATION)
        and decision_on_record(page, kinds=IMPLEMENTATION_KINDS) is not None
    )


def _sek(value):
    return round(float(Fraction(value["exact"]))) if value else None


def result_rows(page, frozen):
    """Per part, one row per project with both outcomes side by side (no queries per row)."""
    projects = {p.pk: p for p in page.ballot_projects}
    parts = []
    for part in frozen.outcome["parts"]:
        greedy = {e["project"]: e for e in part["greedy"]["explanations"]}
        rows = []
        for explanation in part["equal_shares"]["explanations"]:
            project = projects.get(explanation["project"])
            if project is None:
                continue
            other = greedy.get(explanation["project"], {})
            rows.append(
                {
                    "project": project,
                    "votes": explanation["votes"],
                    "mes": explanation,
                    "greedy": other,
                    "max_payment": _sek(explanation["max_payment"]),
                    "payments": [
                        {"amount": _sek(p["amount"]), "voters": p["voters"]}
                        for p in explanation["payments"]
                    ],
                    "supporters_money": _sek(explanation["supporters_money"]),
                    "remaining_budget": _sek(other.get("remaining_budget")),
                }
            )
        rows.sort(key=lambda r: (not r["mes"]["funded"], r["mes"]["round"] or 0, -r["votes"]))
        parts.append(
            {
                "name": part["name"] or _("The whole municipality"),
                "budget": part["budget"],
                "voters": part["voters"],
                "share": round(float(Fraction(part["equal_shares"]["share"] or 0))),
                "mes_spent": round(float(Fraction(part["equal_shares"]["spent"]))),
                "greedy_spent": round(float(Fraction(part["greedy"]["spent"]))),
                "rows": rows,
            }
        )
    return parts


class _Once:
    """A value computed when a template first asks for it (templates call callables), then
    kept: inside a cached fragment it is computed only when the fragment is rendered."""

    def __init__(self, compute):
        self.compute = compute
        self.value = None

    def __call__(self):
        if self.value is None:
            self.value = self.compute()
        return self.value


def result(page, request):
    # The outcome (a large JSON document) is read only when the cached tables are rendered.
    frozen = BudgetResult.objects.filter(page=page).defer("outcome").first()
    # result_is_public(), with the decision read once: the page shows it too.
    decision = None
    if frozen is not None and page.phase() in (BudgetPhase.RESULT, BudgetPhase.IMPLEMENTATION):
        decision = decision_on_record(page, kinds=IMPLEMENTATION_KINDS)
    public = decision is not None
    # Only what the result shows: not the round page's project list or contributions.
    context = AbstractMedborgardialogPage.get_context(page, request)
    context.update(result_public=public, frozen=frozen)
    if public:

        def follow_up_rows():
            follows = follow_up.follow_ups(page)
            return [
                {"project": project, "follow": follows[project.pk]}
                for project in page.ballot_projects
                if project.pk in follows
            ]

        # The tables are a cached fragment (result.html): computed only when it is rendered.
        context.update(
            parts=_Once(lambda: result_rows(page, frozen)),
            without_mes=_Once(
                lambda: services.percent(frozen.outcome["without_funded"]["equal_shares"])
            ),
            without_greedy=_Once(
                lambda: services.percent(frozen.outcome["without_funded"]["greedy"])
            ),
            decision=decision,
            follow_up_rows=_Once(follow_up_rows),
        )
    return TemplateResponse(request, _template(page, "result.html"), context)


# --- open data ------------------------------------------------------------------------------


def export_rows(page):
    """(projects, ballots): anonymous rows; a ballot is a running number, its district and
    its projects, in the order of the canonical hash (no identity hash, no dates)."""
    projects = list(page.ballot_projects)
    ballots = sorted(
        services.counted_ballots(page),
        key=lambda b: ("-" if b[0] is None else str(b[0]), sorted(b[1])),
    )
    return projects, ballots


def export(page, request, export_format, check_public=True):
    """The round's open data once the result is public: .pb, CSV or JSON."""
    frozen = BudgetResult.objects.filter(page=page).first()
    if export_format not in ("pb", "csv", "json") or frozen is None:
        raise Http404
    if check_public and not result_is_public(page, frozen):
        raise Http404
    projects, ballots = export_rows(page)
    funded = set()
    for part in frozen.outcome["parts"]:
        rule = frozen.outcome["rule"]
        funded.update(part[rule]["funded"])
    filename = f"medborgarbudget-{page.pk}.{export_format}"
    if export_format == "pb":
        pb = pabulib.PbFile(
            meta={
                "description": page.title,
                "country": "Sweden",
                "unit": page.municipality,
                "instance": str(page.voting_closes_at.year if page.voting_closes_at else ""),
                "budget": page.total_budget,
                "vote_type": "approval",
                "rule": "equalshares" if frozen.outcome["rule"] == "equal_shares" else "greedy",
                "currency": "SEK",
                "ballots_sha256": frozen.ballots_sha256,
            },
            projects=[
                {
                    "project_id": p.pk,
                    "cost": p.cost,
                    "name": p.title,
                    "district": p.district.name if p.district else "",
                    "selected": int(p.pk in funded),
                }
                for p in projects
            ],
            votes=[
                {"voter_id": i, "vote": sorted(chosen), "district": "" if d is None else d}
                for i, (d, chosen) in enumerate(ballots, start=1)
            ],
        )
        response = HttpResponse(pabulib.dumps(pb), content_type="text/plain; charset=utf-8")
    elif export_format == "csv":
        rows = [["ballot", "district", "project_id", "project", "cost"]]
        by_pk = {p.pk: p for p in projects}
        for i, (d, chosen) in enumerate(ballots, start=1):
            for pk in sorted(chosen):
                project = by_pk.get(pk)
                rows.append(
                    [
                        i,
                        d or "",
                        pk,
                        formula_safe(project.title) if project else "",
                        project.cost if project else "",
                    ]
                )
        response = HttpResponse("".join(csv_lines(rows)), content_type="text/csv; charset=utf-8")
    else:
        data = {
            "round": page.title,
            "budget": page.total_budget,
            "ballots_sha256": frozen.ballots_sha256,
            "projects": [
                {"id": p.pk, "title": p.title, "cost": p.cost, "district": p.district_id}
                for p in projects
            ],
            "ballots": [{"district": d, "projects": sorted(chosen)} for d, chosen in ballots],
            "outcome": frozen.outcome,
        }
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
