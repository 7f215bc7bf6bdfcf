"""Redacting part of a contribution's text: a page of its own, linked from the moderation view.

Who may redact is who may moderate the contribution (``permissions``); anyone else
gets 404, also by id. The removed words are shown again only to users with the personal data
permission (docs/privacy.md).
"""

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.models import ModelLogEntry

from .. import permissions, sanitizer
from .._moved import forwarder
from ..contributions import moderation
from ..models import Contribution, ContributionStatus
from .privacy import user_has_privacy_perm

PRIVACY_PERMISSION = "handle_subject_request"


class RedactForm(forms.Form):
    remove = forms.CharField(
        label=_("Text to remove"),
        help_text=_(
            "Copy the words exactly as they stand in the text. Every place they occur is "
            "replaced with “[removed]”."
        ),
        max_length=1000,
        error_messages={"required": _("Enter the text to remove.")},
    )

    def __init__(self, *args, text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.text = text
        self.fields["remove"].widget.attrs["aria-describedby"] = "id_remove-help-text"

    def clean_remove(self):
        remove = self.cleaned_data["remove"].strip()
        if not remove or remove not in self.text:
            raise forms.ValidationError(
                _("That text is not in the contribution. Copy it exactly as it stands."),
                code="not_found",
            )
        return remove


def _moderatable(request, pk):
    # Not yours to moderate: the same answer as a contribution that does not exist.
    scoped = permissions.moderatable_contributions(request.user).select_related("page")
    return permissions.get_contribution_or_404(request.user, pk, scoped)


def earlier_redactions(contribution, show_removed):
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id=str(contribution.pk),
        action=moderation.action_name("redact"),
    ).select_related("user")
    return [
        {
            "timestamp": entry.timestamp,
            "user": entry.user_display_name,
            "removed": (entry.data or {}).get("removed", []) if show_removed else None,
        }
        for entry in entries.order_by("-timestamp")
    ]


@require_http_methods(["GET", "POST"])
def redact_view(request, pk):
    contribution = _moderatable(request, pk)
    redactable = contribution.status != ContributionStatus.UNCONFIRMED
    found = sanitizer.find_personal_numbers(contribution.text)
    form = RedactForm(
        request.POST or None,
        text=contribution.text,
        initial={"remove": found[0] if found else ""},
    )
    moderate_url = reverse(
        "wagtailsnippets_wagtail_medborgardialog_contribution:edit", args=[contribution.pk]
    )
    if request.method == "POST" and redactable and form.is_valid():
        try:
            moderation.redact(contribution, request.user, remove=form.cleaned_data["remove"])
        except moderation.NothingToRedact:
            form.add_error("remove", gettext("That text is not in the contribution."))
        except moderation.InvalidTransition:
            messages.error(request, gettext("That action does not apply to this contribution now."))
            return redirect(moderate_url)
        else:
            messages.success(request, gettext("The text has been removed from the contribution."))
            return redirect(moderate_url)
    show_removed = user_has_privacy_perm(request.user, PRIVACY_PERMISSION)
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/admin/redact.html",
        {
            "contribution": contribution,
            "form": form,
            "redactable": redactable,
            "personal_numbers": found,
            "redactions": earlier_redactions(contribution, show_removed),
            "show_removed": show_removed,
            "moderate_url": moderate_url,
            "page_title": gettext("Remove part of the text"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def redact_url(contribution):
    return reverse("mbd_redact_contribution", args=[contribution.pk])


urlpatterns = [
    path(
        "medborgardialog/contributions/redact/<int:pk>/",
        redact_view,
        name="mbd_redact_contribution",
    ),
]

# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder("admin.redaction", "log_actions", names={"ReasonLogFormatter"})
