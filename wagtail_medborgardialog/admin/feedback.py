"""The admin report of answers to "Hjälpte informationen på sidan dig?", counted per page."""

from django.db.models import Count, F, Max, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from ..exports import formula_safe_preprocess
from ..models import PageFeedback

permission_policy = ModelPermissionPolicy(PageFeedback)


class PageFeedbackReportView(ReportView):
    """Pages with their yes and no counts, most answered first."""

    page_title = _("Page feedback")
    header_icon = "help"
    index_url_name = "wagtail_medborgardialog_page_feedback"
    index_results_url_name = "wagtail_medborgardialog_page_feedback_results"
    permission_policy = permission_policy
    permission_required = "view"
    list_export = ["title", "yes_count", "no_count", "comment_count", "last_answer"]
    custom_field_preprocess = formula_safe_preprocess(["title"])
    export_headings = {
        "title": _("Page"),
        "yes_count": _("Yes"),
        "no_count": _("No"),
        "comment_count": _("Comments"),
        "last_answer": _("Last answer"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("Page"),
            url_name="wagtailadmin_pages:edit",
        ),
        Column("yes_count", label=_("Yes")),
        Column("no_count", label=_("No")),
        Column("comment_count", label=_("Comments")),
        Column("last_answer", label=_("Last answer")),
    ]

    def get_queryset(self):
        return (
            Page.objects.filter(medborgardialog_feedback__isnull=False)
            .annotate(
                yes_count=Count(
                    "medborgardialog_feedback",
                    filter=Q(medborgardialog_feedback__answer=PageFeedback.Answer.YES),
                ),
                no_count=Count(
                    "medborgardialog_feedback",
                    filter=Q(medborgardialog_feedback__answer=PageFeedback.Answer.NO),
                ),
                comment_count=Count(
                    "medborgardialog_feedback",
                    filter=~Q(medborgardialog_feedback__comment=""),
                ),
                last_answer=Max("medborgardialog_feedback__submitted_on"),
            )
            .order_by((F("yes_count") + F("no_count")).desc(), "title")
        )


def may_view_report(user):
    return permission_policy.user_has_permission(user, "view")


urlpatterns = [
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
