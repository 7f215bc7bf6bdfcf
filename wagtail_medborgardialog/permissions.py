"""Who may moderate contributions, and so see them in the admin: the one place that decides.

The right is "moderate contributions" on a page and every page below it, given to a group
(:class:`~wagtail_medborgardialog.models.GroupModerationPermission`, edited on the group's
page under Settings → Groups). It is separate from Wagtail's publish permission: the process
leader moderates, the politicians who publish decisions do not.

Every admin view that shows a contribution starts from :func:`moderatable_contributions`
and answers 404 for anything outside it, so a user of one site never reaches another's.
The contract screens do the same from :func:`commitment_updates_for` and
:func:`commitment_sources_for` (commitments on pages the user may edit).
Superusers may moderate everything.
"""

from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import (
    Commitment,
    CommitmentSource,
    CommitmentUpdate,
    Contribution,
    Decision,
    GroupModerationPermission,
)
from .models.contributions import ancestor_paths

_CACHE_ATTR = "_mbd_moderation_paths"


def _is_staff_candidate(user):
    return user is not None and user.is_authenticated and user.is_active


def _root_paths(user):
    """Tree paths of the pages the user's groups may moderate from (cached on the user)."""
    paths = getattr(user, _CACHE_ATTR, None)
    if paths is None:
        paths = sorted(
            set(
                GroupModerationPermission.objects.filter(group__user=user).values_list(
                    "page__path", flat=True
                )
            )
        )
        setattr(user, _CACHE_ATTR, paths)
    return paths


def _below(paths, field="path"):
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def can_moderate(user, page):
    """Whether ``user`` may moderate contributions on ``page`` (a page or a contribution)."""
    page = getattr(page, "page", page)
    if not _is_staff_candidate(user):
        return False
    if user.is_superuser:
        return True
    return any(page.path.startswith(path) for path in _root_paths(user))


def moderatable_pages(user):
    """The pages on which ``user`` may moderate contributions."""
    if not _is_staff_candidate(user):
        return Page.objects.none()
    if user.is_superuser:
        return Page.objects.all()
    paths = _root_paths(user)
    if not paths:
        return Page.objects.none()
    return Page.objects.filter(_below(paths))


def may_moderate_anywhere(user):
    """Whether ``user`` moderates at least one page: shows the queue and the dashboard panel."""
    if not _is_staff_candidate(user):
        return False
    return user.is_superuser or bool(_root_paths(user))


def moderators_of(page):
    """Active users who may moderate contributions on ``page`` (superusers included)."""
    groups = GroupModerationPermission.objects.filter(
        page__path__in=ancestor_paths(page.path)
    ).values("group_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__in=groups))
        .distinct()
        .order_by("pk")
    )


def moderators():
    """Active users who may moderate somewhere."""
    groups = GroupModerationPermission.objects.values("group_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__in=groups))
        .distinct()
    )


def moderatable_contributions(user):
    """Every contribution ``user`` may see and act on in the admin, whatever its status."""
    if not _is_staff_candidate(user):
        return Contribution.objects.none()
    if user.is_superuser:
        return Contribution.objects.all()
    paths = _root_paths(user)
    if not paths:
        return Contribution.objects.none()
    return Contribution.objects.filter(_below(paths, "page__path"))


def get_in_scope_or_404(queryset, pk):
    """Row ``pk`` of ``queryset`` (a user's scoped rows); 404 when it is not there, also for
    a malformed id (the admin's routes take any string)."""
    try:
        pk = int(str(pk))
    except ValueError as error:
        raise Http404 from error
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as error:
        raise Http404 from error


def get_contribution_or_404(user, pk, queryset=None):
    """The contribution ``pk`` if ``user`` may moderate it; 404 otherwise."""
    queryset = moderatable_contributions(user) if queryset is None else queryset
    return get_in_scope_or_404(queryset, pk)


def citable_contributions(user):
    """Contributions a user may cite on a commitment: theirs to moderate and public."""
    visible = Contribution.objects.public().values("pk")
    return moderatable_contributions(user).filter(pk__in=visible)


def editable_pages(user):
    """Pages ``user`` may edit (Wagtail's own page permission)."""
    if not _is_staff_candidate(user):
        return Page.objects.none()
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def editable_commitments(user):
    """Commitments on contract pages ``user`` may edit."""
    if not _is_staff_candidate(user):
        return Commitment.objects.none()
    if user.is_superuser:
        return Commitment.objects.all()
    return Commitment.objects.filter(page__in=editable_pages(user).values("pk"))


def contract_pages_for(user):
    """Pages holding commitments that ``user`` may edit: the contracts of their site."""
    return Page.objects.filter(pk__in=editable_commitments(user).values("page_id"))


def commitment_updates_for(user):
    """Follow-up updates ``user`` may see and act on in the admin: those of commitments on
    pages they may edit. Another site's updates are outside it, so they answer 404."""
    return CommitmentUpdate.objects.filter(commitment__in=editable_commitments(user).values("pk"))


def commitment_sources_for(user):
    """Cited contributions ``user`` may see and act on in the admin: those of commitments on
    pages they may edit (the cited contribution is public, see ``citable_contributions``)."""
    return CommitmentSource.objects.filter(commitment__in=editable_commitments(user).values("pk"))


# --- decisions ---------------------------------------------------------------------------


def publishable_pages(user):
    """The pages ``user`` may publish: the pages a decision may be recorded about."""
    if user.is_superuser:
        return Page.objects.all()
    return PagePermissionPolicy().instances_user_has_permission_for(user, "publish")


def visible_decisions(user):
    """The decisions ``user`` may see: about pages in the trees they have any page
    permission on (their site's tree)."""
    if user.is_superuser:
        return Decision.objects.all()
    # The roots of the user's page permissions, not every page below them.
    paths = set(
        GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)
    )
    if not paths:
        return Decision.objects.none()
    return Decision.objects.filter(_below(sorted(paths), "page__path"))


def editable_decisions(user):
    """The decisions ``user`` may correct: about pages they may publish."""
    if user.is_superuser:
        return Decision.objects.all()
    return Decision.objects.filter(page__in=publishable_pages(user))


# --- meetings --------------------------------------------------------------------------------
# A meeting is edited by those who may edit its page. Its registrations are personal data:
# seen and exported only by those who may moderate the page (the page-tree right of
# GroupModerationPermission), and only with the model permission view_registration, which
# the admin's viewset checks. Another site's rows are outside both, so they answer 404.


def meetings_for(user):
    """Meetings on pages ``user`` may edit."""
    from .models import Meeting

    if not _is_staff_candidate(user):
        return Meeting.objects.none()
    if user.is_superuser:
        return Meeting.objects.all()
    return Meeting.objects.filter(page__in=editable_pages(user).values("pk"))


def registrations_for(user):
    """Registrations ``user`` may see: of meetings on pages they may moderate."""
    from .models import Registration

    if not _is_staff_candidate(user):
        return Registration.objects.none()
    if user.is_superuser:
        return Registration.objects.all()
    paths = _root_paths(user)
    if not paths:
        return Registration.objects.none()
    return Registration.objects.filter(_below(paths, "meeting__page__path"))


def network_interests_for(user):
    """Intresseanmälningar to networks ``user`` may review: on pages they may moderate."""
    from .models import NetworkInterest

    if not _is_staff_candidate(user):
        return NetworkInterest.objects.none()
    if user.is_superuser:
        return NetworkInterest.objects.all()
    paths = _root_paths(user)
    if not paths:
        return NetworkInterest.objects.none()
    return NetworkInterest.objects.filter(_below(paths, "page__path"))
