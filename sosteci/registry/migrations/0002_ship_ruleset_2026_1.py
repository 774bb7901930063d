"""Ship the first rule set (2026.1) as the active one, from sosteci/classification/rulesets."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

VERSION = "2026.1"
FILE = Path(__file__).resolve().parents[2] / "classification" / "rulesets" / f"ruleset-{VERSION}.json"


def ship(apps, schema_editor):
    RuleSetVersion = apps.get_model("registry", "RuleSetVersion")
    data = json.loads(FILE.read_text(encoding="utf-8"))
    RuleSetVersion.objects.get_or_create(
        version=VERSION,
        defaults={
            "title": data["title"],
            "status": "active",
            "data": data,
            "activated_at": timezone.now(),
            "note": "Première version livrée avec le logiciel.",
        },
    )


def unship(apps, schema_editor):
    apps.get_model("registry", "RuleSetVersion").objects.filter(version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
