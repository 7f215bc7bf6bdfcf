"""Decisions get a kind and the text of what was decided; workflows get four eyes.

Existing decisions get the kind that fits their page: a decision about a community contract
adopted it (``adoption``); any other decision (a dialogue process, or a page since deleted)
was the decision on implementation the process gates asked for (``implementation``). The
text of what was decided stays empty for them: it was never recorded.

Four eyes is a per-site setting, off by default, applied by a group approval task type of
the plugin's own (``GroupReviewTask``); ``medborgardialog_setup`` turns the plugin's two
review tasks into that type.
"""

import django.db.models.deletion
from django.db import migrations, models

CONTRACT_MODELS = ("communitycontractpage",)


def give_existing_decisions_a_kind(apps, schema_editor):
    Decision = apps.get_model("wagtail_medborgardialog", "Decision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    contract_types = ContentType.objects.filter(
        app_label="wagtail_medborgardialog", model__in=CONTRACT_MODELS
    )
    Decision.objects.filter(page__content_type__in=contract_types).update(kind="adoption")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtail_medborgardialog", "0002_sustainable_development_goals"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="kind",
            field=models.CharField(
                choices=[
                    ("assignment", "Assignment"),
                    ("implementation", "Decision on implementation"),
                    ("adoption", "Adoption"),
                    ("revision", "Revision"),
                    ("referral", "Referral for consultation"),
                    ("response", "Response"),
                ],
                default="implementation",
                max_length=32,
                verbose_name="kind of decision",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="decision",
            name="decided_text",
            field=models.TextField(
                default="",
                help_text="The decision in the words of the minutes, e.g. the adopted proposal.",
                verbose_name="what was decided",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_existing_decisions_a_kind, migrations.RunPython.noop),
        migrations.AddField(
            model_name="medborgardialogsettings",
            name="four_eyes",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The person who sent a page to a workflow may not approve its steps "
                    "themselves; someone else in the step's group must. Applies to the "
                    "citizen dialogue's workflow tasks."
                ),
                verbose_name="four eyes in workflows",
            ),
        ),
        migrations.CreateModel(
            name="GroupReviewTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        help_text=(
                            "Pages/snippets at this step in a workflow will be moderated or "
                            "approved by these groups of users"
                        ),
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
            ],
            options={
                "verbose_name": "Group approval (citizen dialogue)",
                "verbose_name_plural": "Group approvals (citizen dialogue)",
            },
            bases=("wagtailcore.task",),
        ),
    ]
