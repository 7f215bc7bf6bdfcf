"""The page feedback question "Hjälpte informationen på sidan dig?".

Stores only the page, the answer, an optional short comment and the day: no personal data,
no IP address, and no cookie of its own.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from ..sanitizer import clean_text, contains_personal_number

COMMENT_MAX_LENGTH = 500


class PageFeedback(models.Model):
    """One answer to the page feedback question."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    page = models.ForeignKey(
        # Follows a swapped base page model (Wagtail 8); Wagtail 7.4 has no such setting.
        getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page"),
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="medborgardialog_feedback",
    )
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # A day, not a timestamp: enough for statistics, too coarse to single out a visitor.
    submitted_on = models.DateField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self):
        return f"{self.page_id}: {self.get_answer_display()}"


def clean_comment(text):
    """Plain text only, through the plugin's one sanitiser."""
    return clean_text(text)


class PageFeedbackForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Did the information on the page help you?"),
        choices=PageFeedback.Answer.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        help_text=_("Do not write personal details. We cannot answer you here."),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        # Ids of their own, so the form never clashes with another form on the same page.
        kwargs.setdefault("auto_id", "mbd-feedback-%s")
        super().__init__(*args, **kwargs)

    def clean_comment(self):
        comment = clean_comment(self.cleaned_data.get("comment", ""))
        if contains_personal_number(comment):
            # The feedback is anonymous by design; a personal identity number would break that.
            raise forms.ValidationError(
                _("Remove the personal identity number: this feedback is anonymous.")
            )
        return comment


class PageFeedbackMixin:
    """Adds the feedback question to a page type: a POST route and the form in the context.

    Concrete pages list ``RoutablePageMixin`` first in their bases, which collects the route.
    """

    page_feedback_thanks_param = "tack"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("page_feedback_form", PageFeedbackForm())
        context["page_feedback_thanks"] = request.GET.get(self.page_feedback_thanks_param) == "1"
        return context

    @path("hjalpte-informationen/", name="page_feedback")
    def page_feedback(self, request):
        if request.method != "POST":
            # Without JavaScript the form lives on the page itself; send strays there.
            return redirect(self.get_url(request))
        form = PageFeedbackForm(request.POST)
        if not form.is_valid():
            # The page again, with the errors next to the fields and the comment kept.
            response = self.render(request, context_overrides={"page_feedback_form": form})
            response.status_code = 400
            return response
        PageFeedback.objects.create(
            page=self,
            answer=form.cleaned_data["answer"],
            comment=form.cleaned_data["comment"],
        )
        url = self.get_url(request)
        return redirect(f"{url}?{self.page_feedback_thanks_param}=1#mbd-page-feedback")
