"""Fill the 17 Sustainable Development Goals from the shipped data file."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "sdg_goals.json"


def load_goals(apps, schema_editor):
    Goal = apps.get_model("wagtail_medborgardialog", "SustainableDevelopmentGoal")
    for goal in json.loads(DATA_FILE.read_text(encoding="utf-8")):
        Goal.objects.update_or_create(
            number=goal["number"],
            defaults={
                "name_sv": goal["name_sv"],
                "name_en": goal["name_en"],
                "colour": goal["colour"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_medborgardialog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_goals, migrations.RunPython.noop),
    ]
