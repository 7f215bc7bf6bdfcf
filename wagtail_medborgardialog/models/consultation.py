"""Consultations (samråd, perspektivinsamling, remiss): questions, invited bodies and answers.

A response is a :class:`~.contributions.Contribution` (so it is confirmed, moderated, sanitised
and audited like any other input) with one :class:`ConsultationAnswer` row per answered
question, and one row per selected option for multiple choice, so counting stays a plain
``GROUP BY`` on every database.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .._moved import forwarder
from .base import AbstractMedborgardialogPage
from .participation import InputWindow, ParticipationMixin
from .taxonomy import ParticipationLevel


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 1–5")


SCALE_MIN, SCALE_MAX = 1, 5


class AbstractConsultationPage(ParticipationMixin, AbstractMedborgardialogPage):
    """A consultation ("Samråd" / "Perspektivinsamling") with its own questions: fields,
    rules, routes and panels.

    A concrete page declares its ``questions`` (an :class:`AbstractConsultationQuestion`,
    whose answers are an :class:`AbstractConsultationAnswer` with related name ``answers``)
    and its ``invited_stakeholders`` (an :class:`AbstractInvitedStakeholder`).
    """

    contribution_noun = "response"
    contribution_form_anchor = "#mbd-consultation-form"

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What the consultation is about and whom it is for."),
    )
    background_documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        verbose_name=_("background documents"),
        blank=True,
    )
    participation_level = models.CharField(
        _("participation level"),
        max_length=20,
        choices=ParticipationLevel.choices,
        default=ParticipationLevel.CONSULTATION,
        blank=True,
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Kommunstyrelsen, Tekniska nämnden."),
    )
    hide_results_until_closed = models.BooleanField(
        _("hide answers until the consultation closes"),
        default=True,
        help_text=_("While open, only the number of responses is shown."),
    )
    feedback = RichTextField(
        _("feedback to participants"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ul", "ol", "document-link"],
        help_text=_("What happened with the responses (återkoppling), after the close."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("background_documents"),
        FieldRowPanel([FieldPanel("participation_level"), FieldPanel("deciding_body")]),
        FieldPanel("feedback"),
    ]
    question_panels = [
        InlinePanel("questions", label=_("Question"), heading=_("Questions"), min_num=1),
    ]
    consultation_panels = [
        InlinePanel(
            "invited_stakeholders",
            label=_("Invited body"),
            heading=_("Invited bodies (remissinstanser)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("moderation_mode"),
                FieldPanel("hide_results_until_closed"),
            ],
            heading=_("Responses"),
        ),
    ]
    settings_panels = Page.settings_panels

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        *ParticipationMixin.participation_search_fields,
    ]
    api_fields = [
        APIField("intro"),
        APIField("participation_level"),
        APIField("deciding_body"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("feedback"),
        APIField("questions"),
    ]

    # Wagtail names a template after each concrete page type; a site's page falls back to
    # the plugin's when it has none of its own.
    default_template = "wagtail_medborgardialog/consultation/consultation_page.html"

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Tabs built from the subclass's own panel lists (see AbstractDialogueProcessPage).
        if "edit_handler" not in cls.__dict__:
            cls.edit_handler = TabbedInterface(
                [
                    ObjectList(cls.content_panels, heading=_("Content")),
                    ObjectList(cls.question_panels, heading=_("Questions")),
                    ObjectList(cls.consultation_panels, heading=_("Consultation")),
                    ObjectList(cls.promote_panels, heading=_("Promote")),
                    ObjectList(cls.settings_panels, heading=_("Settings")),
                ]
            )

    def get_template(self, request, *args, **kwargs):
        return [super().get_template(request, *args, **kwargs), self.default_template]

    # --- the concrete child models of this page type ------------------------------------
    @classmethod
    def get_question_model(cls):
        return cls._meta.get_field("questions").related_model

    @classmethod
    def get_answer_model(cls):
        return cls.get_question_model()._meta.get_field("answers").related_model

    @classmethod
    def get_invited_stakeholder_model(cls):
        return cls._meta.get_field("invited_stakeholders").related_model

    @classmethod
    def answers_accessor(cls):
        """The name of a contribution's answers of this page type (``contribution.<name>``)."""
        field = cls.get_answer_model()._meta.get_field("contribution")
        return field.remote_field.get_accessor_name()

    # --- state -------------------------------------------------------------------------
    def is_closed(self, now=None):
        return bool(self.closes_at and (now or timezone.now()) >= self.closes_at)

    def results_public(self, now=None):
        return self.is_closed(now) or not self.hide_results_until_closed

    def published_contribution_count(self):
        # From the derived tallies: counting every response grew with them (models/tallies.py).
        from ..consultations import stats  # stats imports the models

        return stats.published_response_count(self)

    def public_contribution_count(self):
        return 0 if self.hides_contributions() else self.published_contribution_count()

    def hides_contributions(self, now=None):
        # Answers stay hidden on every public channel, not only on the results page.
        return not self.results_public(now)

    @classmethod
    def pages_hiding_contributions(cls, now=None):
        now = now or timezone.now()
        return cls.objects.filter(hide_results_until_closed=True).exclude(closes_at__lte=now)

    @property
    def participation_explanation(self):
        return ParticipationLevel.explanation(self.participation_level)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The consultation closes before it opens.")})

    # --- the contribution hooks -------------------------------------------------------
    def get_contribution_form_class(self):
        """A consultation takes responses to its questions only, never a bare contribution."""
        # consultations.forms imports the models package, which imports this module.
        from ..consultations.forms import ConsultationResponseForm  # the form imports this module

        return ConsultationResponseForm

    def process_contribution(self, form, request, **extra):
        """The response, on behalf of an invited body if one was chosen, with its answers."""
        # consultations.views imports the models package, which imports this module.
        from ..consultations.views import save_answers  # the views import the models

        stakeholder = form.cleaned_data.get("stakeholder")
        with transaction.atomic():
            contribution = super().process_contribution(
                form,
                request,
                organisation=form.cleaned_data["organisation"]
                or (stakeholder.name if stakeholder else ""),
                stakeholder=stakeholder,
                area=form.cleaned_data.get("area"),
                **extra,
            )
            save_answers(contribution, form.answers())
        return contribution

    def get_contribution_template(self, name):
        if name == "form.html":
            return [
                f"{self._meta.app_label}/{self._meta.model_name}/form.html",
                "wagtail_medborgardialog/consultation/form.html",
            ]
        return super().get_contribution_template(name)

    def get_results_template(self):
        return [
            f"{self._meta.app_label}/{self._meta.model_name}/results.html",
            "wagtail_medborgardialog/consultation/results.html",
        ]

    # --- a citizens' panel's consultation (panels/consultations.py) ----------------------
    def panel_gate(self):
        """The gate that makes only a citizens' panel's members answer, or None."""
        if not hasattr(self, "_panel_gate"):
            from ..panels.consultations import gate_of  # the module imports the models

            self._panel_gate = gate_of(self) if self.pk else None
        return self._panel_gate

    def _contribution_form(self, form, is_open):
        # A consultation for a panel shows the public no form: the members' links do.
        if form is None and self.panel_gate() is not None:
            return None
        return super()._contribution_form(form, is_open)

    def contribution_refusals(self):
        return {
            InputWindow.CLOSED: _("This consultation is closed. Nothing was saved."),
            InputWindow.NOT_YET_OPEN: _(
                "This consultation is not open for responses yet. Nothing was saved."
            ),
        }

    # --- rendering ---------------------------------------------------------------------
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        hidden = self.hides_contributions(now)
        gate = self.panel_gate()
        if gate is not None:
            from ..panels.consultations import panel_page  # the module imports the models

            context["panel_gate"] = gate
            context["gate_panel"] = panel_page(gate)
        context.update(
            questions=list(self.questions.all()),
            consultation_open=context["contributions_open"],
            consultation_closed=self.is_closed(now),
            # Counted once: the contributions context counted the published ones already,
            # unless they are hidden (then it counted nothing and the number is asked for).
            response_count=self.published_contribution_count()
            if hidden
            else context["contributions_count"],
            results_public=not hidden,
        )
        return context

    # --- routes ------------------------------------------------------------------------
    @path("svar/", name="consultation_submit")
    @path("synpunkter/", name="contribution_submit")
    def contribution_submit(self, request):
        # The shared route under the consultation's own address as well (svar/ = responses).
        if self.panel_gate() is not None:
            from ..consultations.panel_views import public_refusal  # the views import models

            return public_refusal(self, request)
        return super().contribution_submit(request)

    @re_path(r"^panelsvar/(?P<token>[\w-]+)/$", name="consultation_panel_answer")
    def consultation_panel_answer(self, request, token):
        # A citizens' panel member's personal link: the form, and the one answer.
        from ..consultations.panel_views import panel_answer  # the views import the models

        return panel_answer(self, request, token)

    @path("resultat/", name="consultation_results")
    def consultation_results(self, request):
        # consultations.views imports the models package, which imports this module.
        from ..consultations.views import results  # the views import the models

        return results(self, request)

    def get_cached_paths(self):
        # A front-end cache keeps the results page too: purge it with the page on publish
        # and on every moderation that changes what the public sees.
        return [*super().get_cached_paths(), "resultat/"]


class ConsultationPage(AbstractConsultationPage):
    """The plugin's consultation page."""

    subpage_types = []
    template = "wagtail_medborgardialog/consultation/consultation_page.html"
    # The results are tallies kept by moderation, which bumps the page's generation.
    page_cache_routes = frozenset({"index_route", "consultation_results"})

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        permissions = [
            ("export_personal_data", _("Can export responders' e-mail addresses")),
        ]


# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder(
    "models.consultation",
    "models.consultation_questions",
    names={"ConsultationAnswer", "ConsultationQuestion", "InvitedStakeholder"},
)
