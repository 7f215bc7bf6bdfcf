"""The moderation right, separate from publishing; existing moderators keep it.

Also: audit log entries of contributions are relabelled "#<id>" (no text or name).

Until now whoever could publish a page moderated its contributions. Every group that has
"publish" on a page gets "moderate contributions" on that page, so nobody loses what they
could do; an administrator removes it where it does not belong (see CHANGELOG.md).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def grant_to_publishers(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupModerationPermission = apps.get_model(
        "wagtail_medborgardialog", "GroupModerationPermission"
    )
    pairs = set(
        GroupPagePermission.objects.filter(
            permission__content_type__app_label="wagtailcore",
            permission__codename="publish_page",
        ).values_list("group_id", "page_id")
    )
    GroupModerationPermission.objects.bulk_create(
        [GroupModerationPermission(group_id=group, page_id=page) for group, page in sorted(pairs)],
        ignore_conflicts=True,
    )


def neutral_log_labels(apps, schema_editor):
    """Audit log entries of contributions lose the text and name in their label ("#<id>"):
    Wagtail's "Site history" report lists labels across every site of the install."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    content_type = ContentType.objects.filter(
        app_label="wagtail_medborgardialog", model="contribution"
    ).first()
    if content_type is not None:
        ModelLogEntry.objects.filter(content_type=content_type).update(
            label=Concat(Value("#"), F("object_id"))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtail_medborgardialog", "0004_public_records"),
    ]

    operations = [
        migrations.CreateModel(
            name="GroupModerationPermission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mbd_moderation_permissions",
                        to="auth.group",
                        verbose_name="group",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mbd_moderation_permissions",
                        to=getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.page"),
                        verbose_name="page",
                    ),
                ),
            ],
            options={
                "verbose_name": "moderation permission",
                "verbose_name_plural": "moderation permissions",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("group", "page"), name="mbd_unique_moderation_right"
                    )
                ],
            },
        ),
        migrations.RunPython(grant_to_publishers, migrations.RunPython.noop),
        migrations.RunPython(neutral_log_labels, migrations.RunPython.noop),
    ]
