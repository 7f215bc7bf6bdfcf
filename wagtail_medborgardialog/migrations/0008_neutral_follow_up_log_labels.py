"""Audit log entries of follow-up updates and citations are relabelled "#<id>".

Wagtail's "Site history" report lists entry labels to anyone with a permission on the model,
across every site of the install; the label held the commitment's text.
"""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat


def neutral_log_labels(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    content_types = ContentType.objects.filter(
        app_label="wagtail_medborgardialog", model__in=["commitmentupdate", "commitmentsource"]
    )
    ModelLogEntry.objects.filter(content_type__in=content_types).update(
        label=Concat(Value("#"), F("object_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtail_medborgardialog", "0007_contracts_area"),
    ]

    operations = [migrations.RunPython(neutral_log_labels, migrations.RunPython.noop)]
