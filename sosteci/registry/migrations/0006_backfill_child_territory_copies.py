"""Fill the copies of the locality's ancestors on existing children."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

ANCESTORS = ("district", "region", "departement", "sous_prefecture")


def backfill(apps, schema_editor):
    Child = apps.get_model("registry", "Child")
    AdminUnit = apps.get_model("territory", "AdminUnit")
    locality = AdminUnit.objects.filter(pk=OuterRef("locality_id"))
    Child.objects.update(**{name: Subquery(locality.values(f"{name}_id")[:1]) for name in ANCESTORS})


def clear(apps, schema_editor):
    apps.get_model("registry", "Child").objects.update(**{name: None for name in ANCESTORS})


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_child_territory_copies_and_search_indexes"), ("territory", "0001_initial")]
    operations = [migrations.RunPython(backfill, clear)]
