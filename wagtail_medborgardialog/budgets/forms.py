"""The ballot form: a district (when the round has districts), the projects, and, at the e-mail
identity level, the e-mail address and the declarations."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import identity
from ..models.budgets import BallotKind, BudgetIdentityLevel


class BallotForm(identity.DeclarationFormMixin, forms.Form):
    district = forms.TypedChoiceField(
        label=_("Your district"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("You vote on the projects for the whole municipality and for your district."),
    )
    projects = forms.TypedMultipleChoiceField(
        label=_("Projects"),
        coerce=int,
        required=True,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one project.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link there; your vote counts once you confirm it."),
    )

    def __init__(self, *args, page, with_email=True, **kwargs):
        self.page = page
        super().__init__(
            *args,
            municipality_name=page.municipality,
            min_age=page.min_age if with_email else None,
            **kwargs,
        )
        if not with_email or page.identity_level != BudgetIdentityLevel.EMAIL:
            for name in ("email", "declares_connection", "declares_age"):
                self.fields.pop(name, None)
        self.project_rows = page.ballot_projects
        self.districts = list(page.budget_districts.all())
        if self.districts:
            self.fields["district"].choices = [("", _("Only the whole municipality"))] + [
                (d.pk, d.name) for d in self.districts
            ]
        else:
            del self.fields["district"]
        self.fields["projects"].choices = [(p.pk, p.title) for p in self.project_rows]

    def chosen_district(self):
        value = self.data.get("district") if self.is_bound else None
        try:
            return int(value) if value else None
        except ValueError:
            return None

    def chosen_ids(self):
        if not self.is_bound:
            return set()
        ids = set()
        for value in self.data.getlist("projects"):
            try:
                ids.add(int(value))
            except ValueError:
                continue
        return ids

    def totals(self, every_part=False):
        """Running totals of what is ticked, per part (for the knapsack ballot), computed from
        the submitted data even when it is invalid: [{key, name, budget, chosen, remaining,
        over, shown}]. The whole municipality and the chosen district are shown; with
        ``every_part`` the other districts come too (hidden), for the script that follows the
        district choice."""
        chosen = self.chosen_ids()
        district = self.chosen_district()
        parts = [(None, _("The whole municipality"), self.page.citywide_budget())]
        parts += [
            (d.pk, d.name, d.budget) for d in self.districts if every_part or d.pk == district
        ]
        rows = []
        for key, name, budget in parts:
            cost = sum(p.cost for p in self.project_rows if p.pk in chosen and p.district_id == key)
            rows.append(
                {
                    "key": key,
                    "name": name,
                    "budget": budget,
                    "chosen": cost,
                    "remaining": max(budget - cost, 0),
                    "excess": max(cost - budget, 0),
                    "over": cost > budget,
                    "shown": key is None or key == district,
                }
            )
        return rows

    def chosen_count(self):
        return len(self.chosen_ids() & {p.pk for p in self.project_rows})

    def clean(self):
        data = super().clean()
        chosen = data.get("projects") or []
        district = data.get("district")
        by_pk = {p.pk: p for p in self.project_rows}
        outside = [
            by_pk[pk].title
            for pk in chosen
            if by_pk[pk].district_id is not None and by_pk[pk].district_id != district
        ]
        if outside:
            self.add_error(
                "projects",
                _("These projects are in another district than yours: %(titles)s.")
                % {"titles": ", ".join(outside)},
            )
        if self.page.max_projects and len(chosen) > self.page.max_projects:
            self.add_error(
                "projects",
                ngettext(
                    "Choose at most %(count)d project.",
                    "Choose at most %(count)d projects.",
                    self.page.max_projects,
                )
                % {"count": self.page.max_projects},
            )
        if self.page.ballot_kind == BallotKind.KNAPSACK:
            for total in self.totals():
                if total["over"]:
                    self.add_error(
                        "projects",
                        _(
                            "Your projects for %(part)s cost %(chosen)s SEK, more than the "
                            "budget of %(budget)s SEK."
                        )
                        % {
                            "part": total["name"],
                            "chosen": total["chosen"],
                            "budget": total["budget"],
                        },
                    )
        return data
