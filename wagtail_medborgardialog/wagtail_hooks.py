"""Registrations with Wagtail's admin: menus, panels, viewsets, task types."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin.feedback import PageFeedbackReportView
from .admin.feedback import permission_policy as page_feedback_permission_policy
from .models import Area, ContactPerson, DialogueProcessPage, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    list_display = ["name", "title", "email", "phone"]
    search_fields = ["name", "title"]


register_snippet(TopicViewSet)
register_snippet(AreaViewSet)
register_snippet(ContactPersonViewSet)


@hooks.register("register_admin_urls")
def register_page_feedback_report_urls():
    return [
        path(
            "medborgardialog/page-feedback/",
            PageFeedbackReportView.as_view(),
            name="wagtail_medborgardialog_page_feedback",
        ),
        path(
            "medborgardialog/page-feedback/results/",
            PageFeedbackReportView.as_view(results_only=True),
            name="wagtail_medborgardialog_page_feedback_results",
        ),
    ]


class PageFeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return page_feedback_permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_page_feedback_report_menu_item():
    return PageFeedbackMenuItem(
        _("Page feedback"),
        reverse("wagtail_medborgardialog_page_feedback"),
        icon_name="help",
        order=900,
    )


class DialogueProcessListingViewSet(PageListingViewSet):
    """Every dialogue process in one flat list, wherever it sits in the page tree."""

    model = DialogueProcessPage
    icon = "list-ol"
    menu_label = _("Citizen dialogues")
    add_to_admin_menu = True
    name = "medborgardialoger"


@hooks.register("register_admin_viewset")
def register_dialogue_process_listing():
    return DialogueProcessListingViewSet()
