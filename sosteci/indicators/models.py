"""Stored counts: the bases counted once per sous-préfecture for a standard period, so that national and regional
figures add up a few thousand stored cells instead of scanning millions of visits (see storage.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredPeriod(models.Model):
    """When a base was last counted for a period, how long it took and how many cells it gave."""

    base = models.CharField(_("base"), max_length=16)
    period = models.CharField(_("période"), max_length=24)
    computed_at = models.DateTimeField(_("calculé le"))
    seconds = models.FloatField(_("durée (s)"))
    cells = models.PositiveIntegerField(_("cellules"))
    measures = models.JSONField(_("mesures comptées"), default=list)  # flag sets, e.g. ["", "identified,served"]

    class Meta:
        verbose_name = _("période comptée")
        verbose_name_plural = _("périodes comptées")
        constraints = [models.UniqueConstraint(fields=["base", "period"], name="indicators_stored_period_unique")]

    def __str__(self) -> str:
        return f"{self.base} {self.period}"


class StoredCount(models.Model):
    """Rows of a base in one sous-préfecture, period, sex, age band and category that hold a measure's flags.
    An empty disaggregation does not apply to the base (households have none)."""

    base = models.CharField(max_length=16)
    period = models.CharField(max_length=24)
    unit = models.ForeignKey("territory.AdminUnit", on_delete=models.CASCADE, related_name="+")
    sex = models.CharField(max_length=1, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    category = models.CharField(max_length=24, blank=True)
    # The measure: rows holding at least these flags (sorted, comma-separated; empty: every row of the base).
    flags = models.CharField(max_length=200, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("comptage stocké")
        verbose_name_plural = _("comptages stockés")
        indexes = [models.Index(fields=["base", "period", "unit"], name="indicators_stored_count_idx")]

    def __str__(self) -> str:
        return f"{self.base} {self.period} {self.unit_id}: {self.count}"
