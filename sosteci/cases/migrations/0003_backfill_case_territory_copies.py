"""Fill the copies of the locality's ancestors on existing cases."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

ANCESTORS = ("district", "region", "departement", "sous_prefecture")


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    AdminUnit = apps.get_model("territory", "AdminUnit")
    locality = AdminUnit.objects.filter(pk=OuterRef("locality_id"))
    Case.objects.update(**{name: Subquery(locality.values(f"{name}_id")[:1]) for name in ANCESTORS})


def clear(apps, schema_editor):
    apps.get_model("cases", "Case").objects.update(**{name: None for name in ANCESTORS})


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_territory_copies"), ("territory", "0001_initial")]
    operations = [migrations.RunPython(backfill, clear)]
