# Give each existing structure its short human code ("S-7K3Q9M2X"), before the code becomes unique.

import secrets

from django.db import migrations

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # as sosteci.registry.models.CODE_ALPHABET


def _code() -> str:
    return "S-" + "".join(secrets.choice(ALPHABET) for _ in range(8))


def give_codes(apps, schema_editor):
    Structure = apps.get_model("directory", "Structure")
    taken = set(Structure.objects.exclude(code="").values_list("code", flat=True))
    for structure in Structure.objects.filter(code="").order_by("pk"):
        code = _code()
        while code in taken:
            code = _code()
        taken.add(code)
        Structure.objects.filter(pk=structure.pk).update(code=code)


def clear_codes(apps, schema_editor):
    apps.get_model("directory", "Structure").objects.update(code="")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_structure_details"),
    ]

    operations = [
        migrations.RunPython(give_codes, clear_codes),
    ]
