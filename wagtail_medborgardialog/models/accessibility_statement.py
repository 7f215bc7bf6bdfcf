"""The accessibility statement (tillgänglighetsredogörelse) a public body must publish.

Lag (2018:1937) om tillgänglighet till digital offentlig service requires one for every
website, with the parts DIGG's model statement names: how well the site conforms to the
requirements (WCAG 2.1 level AA through EN 301 549), the content that is not accessible and
why, how and when that was assessed, how to report a problem and how soon one gets an answer,
and how to complain to DIGG. A new statement is pre-filled with what the plugin's own tests
prove (``accessibility.py``); the site adds what it knows about the rest of its pages.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..accessibility import DIGG_COMPLAINT_URL, parts_tested_html
from .base import MedborgardialogPageMixin


class Conformance(models.TextChoices):
    """DIGG's three levels of compliance with the law's requirements."""

    FULL = "full", _("Fully compliant")
    PARTIAL = "partial", _("Partially compliant")
    NONE = "none", _("Not compliant")


class GapReason(models.TextChoices):
    """Why content is not accessible: the three headings of DIGG's model statement."""

    NON_COMPLIANCE = "non_compliance", _("Does not meet the requirements")
    DISPROPORTIONATE_BURDEN = "disproportionate_burden", _("Disproportionate burden")
    OUTSIDE_SCOPE = "outside_scope", _("Outside the scope of the law")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Self-assessment")
    THIRD_PARTY = "third_party", _("Assessment by a third party")


class AccessibilityStatementPageForm(WagtailAdminPageForm):
    """On publishing: the conformance level must agree with the gaps listed below it, and a
    third-party assessment must name the assessor. A draft may be unfinished."""

    def clean(self):
        cleaned_data = super().clean()
        if getattr(self, "is_deferred_validation", False):  # saving a draft
            return cleaned_data
        if cleaned_data.get("assessment_method") == AssessmentMethod.THIRD_PARTY and not (
            cleaned_data.get("assessor")
        ):
            self.add_error("assessor", _("Name who did the third-party assessment."))
        gaps = self.formsets.get("gaps")
        if gaps is None or not gaps.is_valid():
            return cleaned_data
        reasons = [
            form.cleaned_data.get("reason")
            for form in gaps.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        conformance = cleaned_data.get("conformance")
        if conformance == Conformance.FULL and GapReason.NON_COMPLIANCE in reasons:
            self.add_error(
                "conformance",
                _(
                    "A site with content that does not meet the requirements is not fully "
                    "compliant: choose partially compliant, or remove that content from the list."
                ),
            )
        elif conformance in (Conformance.PARTIAL, Conformance.NONE) and (
            GapReason.NON_COMPLIANCE not in reasons
        ):
            self.add_error(
                "conformance",
                _(
                    "List the content that does not meet the requirements, with the reason "
                    "“Does not meet the requirements”, under “Content that is not accessible”."
                ),
            )
        return cleaned_data


class AccessibilityStatementPage(MedborgardialogPageMixin, Page):
    """The site's accessibility statement (tillgänglighetsredogörelse)."""

    organisation = models.CharField(
        _("organisation"),
        max_length=255,
        help_text=_("The public body behind the website, e.g. “Exempelkommun”."),
    )
    website = models.CharField(
        _("website"),
        max_length=255,
        help_text=_("The website the statement covers, e.g. “www.exempelkommun.se”."),
    )
    conformance = models.CharField(
        _("conformance with the law"),
        max_length=20,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
        help_text=_(
            "Compared with the requirements of lag (2018:1937), which are WCAG 2.1 level AA. "
            "Fully compliant only if nothing is listed as not meeting the requirements."
        ),
    )
    tested_parts = RichTextField(
        _("the citizen dialogue pages"),
        blank=True,
        help_text=_(
            "Pre-filled with what the citizen dialogue plugin's own tests check. Keep it if you "
            "use the plugin's templates unchanged; edit it if you changed them."
        ),
    )
    site_parts = RichTextField(
        _("the rest of the website"),
        blank=True,
        help_text=_(
            "What you know about your own pages, templates, documents and services: how they "
            "were tested and what the result was."
        ),
    )
    assessment_method = models.CharField(
        _("how the website was assessed"),
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    assessor = models.CharField(
        _("assessed by"),
        max_length=255,
        blank=True,
        help_text=_("The company or agency that did a third-party assessment."),
    )
    # Nullable so that a draft can be saved before the assessment is done; publishing
    # requires both dates (the admin form's fields are required).
    assessed_on = models.DateField(
        _("date of the assessment"),
        null=True,
        help_text=_("When the website was last assessed."),
    )
    reviewed_on = models.DateField(
        _("statement last reviewed"),
        null=True,
        help_text=_("When this statement was last reviewed and updated."),
    )
    feedback_email = models.EmailField(
        _("e-mail for reporting problems"),
        help_text=_("Where visitors report inaccessible content or ask for it in another form."),
    )
    feedback_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    response_time = models.CharField(
        _("expected response time"),
        max_length=255,
        help_text=_("What visitors can expect, e.g. “We answer within two working days.”"),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("website")]),
        FieldPanel("conformance"),
        InlinePanel("gaps", heading=_("Content that is not accessible"), label=_("content")),
        MultiFieldPanel(
            [FieldPanel("tested_parts"), FieldPanel("site_parts")],
            heading=_("How the website has been tested"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("assessment_method"), FieldPanel("assessor")]),
                FieldRowPanel([FieldPanel("assessed_on"), FieldPanel("reviewed_on")]),
            ],
            heading=_("Assessment"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("feedback_email"), FieldPanel("feedback_phone")]),
                FieldPanel("response_time"),
            ],
            heading=_("Reporting problems"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("site_parts")]

    base_form_class = AccessibilityStatementPageForm
    subpage_types = []
    template = "wagtail_medborgardialog/accessibility/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def clean(self):
        super().clean()
        errors = {}
        for name in ("assessed_on", "reviewed_on"):
            value = getattr(self, name)
            if value is not None and value > timezone.localdate():
                errors[name] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    def prefill(self, parent=None):
        """A new statement starts with the plugin's tested parts and the site's names."""

        if not self.tested_parts:
            self.tested_parts = str(parts_tested_html())
        if not self.response_time:
            self.response_time = gettext("We answer within two working days.")
        site = parent.get_site() if parent is not None else None
        if site is not None:
            if not self.organisation and site.site_name:
                self.organisation = site.site_name
            if not self.website:
                self.website = site.hostname if site.port in (80, 443) else site.root_url

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        gaps = list(self.gaps.all())
        context["gap_groups"] = [
            (reason, label, [gap for gap in gaps if gap.reason == reason])
            for reason, label in GapReason.choices
        ]
        context["has_gaps"] = bool(gaps)
        context["digg_complaint_url"] = DIGG_COMPLAINT_URL
        return context


class AccessibilityGap(Orderable):
    """Content that is not accessible, why, and how to get it another way."""

    page = ParentalKey(AccessibilityStatementPage, on_delete=models.CASCADE, related_name="gaps")
    description = models.TextField(
        _("what is not accessible"),
        help_text=_("Described so a visitor recognises it, e.g. “Maps of the districts”."),
    )
    reason = models.CharField(
        _("reason"), max_length=30, choices=GapReason.choices, default=GapReason.NON_COMPLIANCE
    )
    criteria = models.CharField(
        _("WCAG criteria"),
        max_length=100,
        blank=True,
        help_text=_("The success criteria not met, e.g. “1.1.1, 1.4.3”."),
    )
    remedy = models.TextField(
        _("what we do about it"),
        blank=True,
        help_text=_("When it will be fixed, or how to get the content in another way."),
    )

    panels = [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("reason"), FieldPanel("criteria")]),
        FieldPanel("remedy"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("content that is not accessible")
        verbose_name_plural = _("content that is not accessible")
