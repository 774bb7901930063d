"""Cases carry copies of their locality's ancestors (district, région, département, sous-préfecture)."""

import django.db.models.deletion
from django.db import migrations, models


def _copy(**kwargs):
    return models.ForeignKey(
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="territory.adminunit",
        **kwargs,
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("territory", "0001_initial")]

    operations = [
        migrations.AddField(model_name="case", name="departement", field=_copy()),
        migrations.AddField(model_name="case", name="district", field=_copy()),
        migrations.AddField(model_name="case", name="region", field=_copy()),
        migrations.AddField(model_name="case", name="sous_prefecture", field=_copy(db_index=False)),
    ]
