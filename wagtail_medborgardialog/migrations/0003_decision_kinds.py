"""Decisions get a kind and the text of what was decided.

Existing decisions get the kind that fits their page: a decision about a community contract
adopted it (``adoption``); any other decision (a dialogue process, or a page since deleted)
was the decision on implementation the process gates asked for (``implementation``). The
text of what was decided stays empty for them: it was never recorded.
"""

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
        ("contenttypes", "0002_remove_content_type_name"),
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
    ]
