"""Classification of dialogue processes: topics, areas, the Agenda 2030 goals and SKR's
participation ladder."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..sdg import name_in_active_language


class ParticipationLevel(models.TextChoices):
    """The steps of SKR's participation ladder (delaktighetstrappan)."""

    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Consultation")
    DIALOGUE = "dialogue", _("Dialogue")
    INFLUENCE = "influence", _("Influence")
    CODETERMINATION = "codetermination", _("Co-determination")

    @classmethod
    def explanation(cls, value):
        """A plain-language sentence telling a citizen what the level means for them."""
        return PARTICIPATION_EXPLANATIONS.get(value, "")


PARTICIPATION_EXPLANATIONS = {
    ParticipationLevel.INFORMATION: _(
        "The municipality tells you about the issue. You can follow it, but not change it."
    ),
    ParticipationLevel.CONSULTATION: _(
        "The municipality asks what you think. Your views are collected and weighed in "
        "before a decision is made."
    ),
    ParticipationLevel.DIALOGUE: _(
        "You and the municipality talk together and listen to each other's arguments, "
        "to understand the issue better before a decision is made."
    ),
    ParticipationLevel.INFLUENCE: _(
        "You take part in shaping the proposals over a longer time. The politicians make "
        "the final decision."
    ),
    ParticipationLevel.CODETERMINATION: _(
        "You and the municipality decide together, within limits set in advance."
    ),
}


class Term(models.Model):
    """A name editors manage and citizens filter by; the slug appears in filter links."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("Used in filter links, e.g. parker-och-natur or norrby."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(Term):
    """A subject a process is about, e.g. "Parks and nature"; managed by editors."""

    class Meta(Term.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Area(Term):
    """A part of the municipality (stadsdel, district) a process concerns."""

    class Meta(Term.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals (Globala målen); shipped data.

    A row per goal so processes filter and join on goals; its names and colour are copied from
    ``data/sdg_goals.json`` (migration 0002), the source ``sdg.GOALS`` reads too.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_sv = models.CharField(_("Swedish name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    colour = models.CharField(_("colour"), max_length=7, help_text=_("The goal's official colour."))

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def name(self):
        """The official name in the active language, by the one rule in ``sdg``."""
        return name_in_active_language(self.name_sv, self.name_en)
