"""Indexes that give the case list and the tasks in date order (cases nationally and per sous-préfecture,
referrals waiting for an answer), so that their pages read only the rows they show."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_backfill_case_territory_copies")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["opened_at", "id"], name="cases_case_opened_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["sous_prefecture", "opened_at", "id"], name="cases_case_sp_opened_idx"),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(fields=["status", "referred_at"], name="cases_referral_waiting_idx"),
        ),
    ]
