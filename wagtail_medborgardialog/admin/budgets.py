"""Admin views of a budget round: the ballots (counts, paper ballots registered by officials),
the frozen count and the round's open data.

A round is found among the pages the user may edit (``permissions.editable_pages``): another
site's round answers 404 by id. Registering paper ballots and freezing the count need the
BudgetPage model permissions ``register_paper_ballots`` and ``freeze_budget_result`` as well
(granted to the default groups by ``medborgardialog_setup``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import Button
from wagtail.models import Page

from .. import identity
from ..budgets import follow_up, services
from ..budgets import projects as idea_projects
from ..budgets.forms import BallotForm
from ..budgets.views import export as public_export
from ..models.budgets import (
    AbstractBudgetPage,
    Ballot,
    BallotChannel,
    BudgetIdentityLevel,
    BudgetProject,
    BudgetResult,
    ProjectCommitment,
)
from ..models.contributions import Contribution, ContributionStatus
from ..permissions import editable_pages

PAPER = "wagtail_medborgardialog.register_paper_ballots"
FREEZE = "wagtail_medborgardialog.freeze_budget_result"


def get_round(request, page_id):
    pages = Page.objects.filter(pk__in=editable_pages(request.user).values("pk"))
    page = get_object_or_404(pages, pk=page_id).specific
    if not isinstance(page, AbstractBudgetPage):
        raise Http404
    return page


class PaperBallotForm(BallotForm):
    """A paper ballot with the identity of the round's level: the voter's e-mail address at the
    e-mail level (the same identity hash as their online ballot), else the personnummer."""

    voter_email = forms.EmailField(
        label=gettext_lazy("The voter's e-mail address"),
        help_text=gettext_lazy(
            "The address the voter would vote with online: one person, one ballot, on paper or "
            "online. Used only to find a second ballot by the same person; not stored, and no "
            "e-mail is sent."
        ),
    )
    personal_number = forms.CharField(
        label=gettext_lazy("Personal identity number"),
        help_text=gettext_lazy("Used only to find a second ballot by the same person; not stored."),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, page=page, with_email=False, **kwargs)
        if page.identity_level == BudgetIdentityLevel.EMAIL:
            del self.fields["personal_number"]
        else:
            del self.fields["voter_email"]

    @property
    def identity_field(self):
        return "voter_email" if "voter_email" in self.fields else "personal_number"

    def clean_personal_number(self):
        try:
            return identity.normalise_personal_number(self.cleaned_data["personal_number"])
        except ValidationError as error:
            raise ValidationError(_("This is not a valid personal identity number.")) from error


def ballots_view(request, page_id):
    page = get_round(request, page_id)
    form = None
    if request.user.has_perm(PAPER):
        form = PaperBallotForm(request.POST or None, page=page)
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.record_verified_ballot(
                        page,
                        personal_number=data.get("personal_number"),
                        email=data.get("voter_email"),
                        district_id=data.get("district"),
                        project_ids=data["projects"],
                        channel=BallotChannel.PAPER,
                        registered_by=request.user,
                    )
                except services.AlreadyVoted:
                    form.add_error(
                        form.identity_field,
                        _("This person already has a ballot in this round; not counted again."),
                    )
                else:
                    messages.success(request, _("The paper ballot is registered."))
                    return redirect("wagtail_medborgardialog_budget_ballots", page.pk)
    elif request.method == "POST":
        raise PermissionDenied
    ballots = Ballot.objects.filter(page=page)
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/budget_ballots.html",
        {
            "page": page,
            "page_title": _("Ballots: %(title)s") % {"title": page.title},
            "counted": ballots.filter(confirmed_at__isnull=False).count(),
            "unconfirmed": ballots.filter(confirmed_at__isnull=True).count(),
            "paper": ballots.filter(channel=BallotChannel.PAPER).count(),
            "form": form,
            "result": BudgetResult.objects.filter(page=page).first(),
            "can_freeze": request.user.has_perm(FREEZE),
            "commitments": ProjectCommitment.objects.filter(project__page_id=page.pk).count(),
            "voting_closed": page.voting_closes_at is not None
            and not page.voting_open()
            and page.phase() not in ("ideas", "review"),
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


def freeze_view(request, page_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_round(request, page_id)
    if not request.user.has_perm(FREEZE):
        raise PermissionDenied
    try:
        result = services.freeze(page, request.user)
    except services.VotingClosed:
        messages.error(request, _("The count can be frozen only after voting has closed."))
    except services.AlreadyFrozen:
        messages.warning(request, _("The count is already frozen."))
    else:
        messages.success(
            request,
            _("The count is frozen: %(count)s ballots, SHA-256 %(hash)s.")
            % {"count": result.ballot_count, "hash": result.ballots_sha256},
        )
    return redirect("wagtail_medborgardialog_budget_ballots", page.pk)


def commitments_view(request, page_id):
    """Make the funded projects commitments of the round's follow-up contract (idempotent)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_round(request, page_id)
    if not request.user.has_perm(FREEZE):
        raise PermissionDenied
    try:
        links = follow_up.make_commitments(page)
    except follow_up.NotFrozen:
        messages.error(request, _("Freeze the count first."))
    except follow_up.NoContract:
        messages.error(
            request,
            _(
                "Choose a community contract page with at least one party as the round's "
                "follow-up contract first (the round's Round tab)."
            ),
        )
    else:
        messages.success(
            request,
            _("%(count)s funded projects became commitments in the follow-up contract.")
            % {"count": len(links)},
        )
    return redirect("wagtail_medborgardialog_budget_ballots", page.pk)


def export_view(request, page_id, fmt):
    """The round's anonymous open data for officials, once the count is frozen."""
    page = get_round(request, page_id)
    if not BudgetResult.objects.filter(page=page).exists():
        raise Http404
    return public_export(page, request, fmt, check_public=False)


class ProjectFromIdeaForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=idea_projects.TITLE_LENGTH)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )
    cost = forms.IntegerField(
        label=gettext_lazy("Cost (SEK)"),
        min_value=1,
        help_text=gettext_lazy(
            "An estimate is enough; it can be changed in the feasibility review."
        ),
    )
    district = forms.TypedChoiceField(
        label=gettext_lazy("District"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {d.pk: d for d in page.budget_districts.all()}
        if self.districts:
            self.fields["district"].choices = [("", _("The whole municipality"))] + [
                (pk, d.name) for pk, d in self.districts.items()
            ]
        else:
            del self.fields["district"]


def ideas_view(request, page_id):
    """The round's published ideas, each with the project it became or a link to make one."""
    page = get_round(request, page_id)
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/budget_ideas.html",
        {
            "page": page,
            "page_title": _("Ideas: %(title)s") % {"title": page.title},
            "ideas": idea_projects.ideas(page),
        },
    )


def project_from_idea_view(request, page_id, idea_id):
    page = get_round(request, page_id)
    idea = get_object_or_404(
        Contribution, pk=idea_id, page_id=page.pk, status=ContributionStatus.PUBLISHED
    )
    existing = BudgetProject.objects.filter(page_id=page.pk, idea=idea).first()
    initial = {
        "title": idea_projects.suggested_title(idea.text),
        "description": idea.text,
    }
    form = ProjectFromIdeaForm(request.POST or None, initial=initial, page=page)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = idea_projects.project_from_idea(
            page,
            idea,
            title=data["title"],
            description=data["description"],
            cost=data["cost"],
            district=form.districts.get(data.get("district")),
        )
        messages.success(
            request,
            _(
                'The project "%(title)s" is made from the idea. Give its feasibility verdict '
                "in the round's Projects tab."
            )
            % {"title": project.title},
        )
        return redirect("wagtail_medborgardialog_budget_ideas", page.pk)
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/budget_project_from_idea.html",
        {
            "page": page,
            "page_title": _("A project from an idea: %(title)s") % {"title": page.title},
            "idea": idea,
            "existing": existing,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def header_buttons(page, user, view_name=None, next_url=None):
    page_class = page.specific_class
    if page_class and issubclass(page_class, AbstractBudgetPage):
        if editable_pages(user).filter(pk=page.pk).exists():
            yield Button(
                _("Ballots and count"),
                reverse("wagtail_medborgardialog_budget_ballots", args=[page.pk]),
                icon_name="tasks",
                priority=41,
            )
            yield Button(
                _("Ideas to projects"),
                reverse("wagtail_medborgardialog_budget_ideas", args=[page.pk]),
                icon_name="edit",
                priority=42,
            )


urlpatterns = [
    path(
        "medborgardialog/budgets/<int:page_id>/ideas/",
        ideas_view,
        name="wagtail_medborgardialog_budget_ideas",
    ),
    path(
        "medborgardialog/budgets/<int:page_id>/ideas/<int:idea_id>/project/",
        project_from_idea_view,
        name="wagtail_medborgardialog_budget_project_from_idea",
    ),
    path(
        "medborgardialog/budgets/<int:page_id>/",
        ballots_view,
        name="wagtail_medborgardialog_budget_ballots",
    ),
    path(
        "medborgardialog/budgets/<int:page_id>/freeze/",
        freeze_view,
        name="wagtail_medborgardialog_budget_freeze",
    ),
    path(
        "medborgardialog/budgets/<int:page_id>/commitments/",
        commitments_view,
        name="wagtail_medborgardialog_budget_commitments",
    ),
    path(
        "medborgardialog/budgets/<int:page_id>/export/<str:fmt>/",
        export_view,
        name="wagtail_medborgardialog_budget_export",
    ),
]
