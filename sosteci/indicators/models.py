"""Stored counts: the bases counted once per sous-préfecture for a standard period, so that national and regional
figures add up a few thousand stored cells instead of scanning millions of visits (see storage.py), and the marks
that keep them current (marking.py, following.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredPeriod(models.Model):
    """When a base was last counted for a period, how long it took and how many cells it gave."""

    base = models.CharField(_("base"), max_length=16)
    period = models.CharField(_("période"), max_length=24)
    computed_at = models.DateTimeField(_("calculé le"))  # when the full count began
    # Every change marked before this moment is in the stored rows: the full count, or the follower's last complete
    # pass (following.py), whichever is later. What a dashboard's "chiffres du" shows.
    current_at = models.DateTimeField(_("à jour au"), null=True, blank=True)
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


class StoredUnit(models.Model):
    """A sous-préfecture counted again after the full count of a base and period (services.counts_refresh_units):
    its stored rows are as at `computed_at`, and a full count that began before that moment keeps them."""

    base = models.CharField(max_length=16)
    period = models.CharField(max_length=24)
    unit = models.ForeignKey("territory.AdminUnit", on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sous-préfecture recomptée")
        verbose_name_plural = _("sous-préfectures recomptées")
        constraints = [models.UniqueConstraint(fields=["base", "period", "unit"], name="indicators_stored_unit_unique")]

    def __str__(self) -> str:
        return f"{self.base} {self.period} {self.unit_id}"


class PendingRefresh(models.Model):
    """Rows the stored counts hold changed in a sous-préfecture (the country: anywhere) from a day on: written in
    the transaction of the change (marking.py), read and deleted by the follower once it has counted the
    sous-préfecture again for every stored period ending on or after that day (following.py).

    Appended, never updated: marking takes no lock that two writers in one sous-préfecture would wait on."""

    unit = models.ForeignKey("territory.AdminUnit", on_delete=models.CASCADE, related_name="+")
    since = models.DateField()
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recomptage en attente")
        verbose_name_plural = _("recomptages en attente")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.since}"
