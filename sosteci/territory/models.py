"""Administrative units (pays › district › région › département › sous-préfecture › localité)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.core.text import name_key


class Level(models.TextChoices):
    """The six levels of the tree, top to bottom; the order of declaration is the depth."""

    PAYS = "pays", _("Pays")
    DISTRICT = "district", _("District")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    SOUS_PREFECTURE = "sous_prefecture", _("Sous-préfecture")
    LOCALITE = "localite", _("Localité")

    @property
    def depth(self) -> int:
        return LEVEL_ORDER.index(self)

    @property
    def child(self) -> Level | None:
        depth = self.depth
        return LEVEL_ORDER[depth + 1] if depth + 1 < len(LEVEL_ORDER) else None

    @property
    def parent(self) -> Level | None:
        depth = self.depth
        return LEVEL_ORDER[depth - 1] if depth > 0 else None

    @property
    def ancestor_field(self) -> str | None:
        """Name of the AdminUnit column that holds the ancestor at this level (None for pays, localité)."""
        return ANCESTOR_FIELDS.get(self)


LEVEL_ORDER: list[Level] = list(Level)
LEVEL_PLURALS: dict[Level, Any] = {
    Level.PAYS: _("pays"),
    Level.DISTRICT: _("districts"),
    Level.REGION: _("régions"),
    Level.DEPARTEMENT: _("départements"),
    Level.SOUS_PREFECTURE: _("sous-préfectures"),
    Level.LOCALITE: _("localités"),
}
# Each unit stores its ancestor at each intermediate level, itself included, in these indexed columns
# (the equivalent of DHIS2's org-unit structure table): "everything under X" is one equality filter.
ANCESTOR_FIELDS: dict[Level, str] = {
    Level.DISTRICT: "district",
    Level.REGION: "region",
    Level.DEPARTEMENT: "departement",
    Level.SOUS_PREFECTURE: "sous_prefecture",
}


class PcodeSource(models.TextChoices):
    COD_AB = "cod-ab", _("OCHA COD-AB")
    ISO = "iso-3166-2", _("ISO 3166-2")
    LOCAL = "local", _("Code attribué par SOSTECI")


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def within(self, unit: AdminUnit) -> AdminUnitQuerySet:
        """The unit and everything under it, as one indexed query."""
        return self.filter(unit.subtree_q())

    def at_level(self, level: Level | str) -> AdminUnitQuerySet:
        return self.filter(level=level)

    def covered(self, on: object | None = None) -> AdminUnitQuerySet:
        day = on or timezone.localdate()
        return self.filter(covered_since__isnull=False, covered_since__lte=day)


class AdminUnit(TimeStampedModel):
    """One administrative unit with its place in the tree, centroid and SOSTECI coverage."""

    pcode = models.CharField(_("P-code"), max_length=24, unique=True)
    pcode_source = models.CharField(
        _("origine du code"), max_length=16, choices=PcodeSource.choices, default=PcodeSource.COD_AB
    )
    name = models.CharField(_("nom"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    alt_names = models.JSONField(_("autres graphies"), default=list, blank=True)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    district = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    region = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    departement = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    sous_prefecture = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    chef_lieu = models.CharField(_("chef-lieu"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("source de la population"), max_length=60, blank=True)
    network_2g = models.BooleanField(_("couverture 2G"), null=True, blank=True)
    network_3g = models.BooleanField(_("couverture 3G"), null=True, blank=True)
    network_4g = models.BooleanField(_("couverture 4G"), null=True, blank=True)
    external_code = models.CharField(_("code externe"), max_length=40, blank=True)
    location_note = models.CharField(_("réserve sur la position"), max_length=300, blank=True)
    covered_since = models.DateField(_("couvert par SOSTECI depuis"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    objects: ClassVar[AdminUnitQuerySet] = AdminUnitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("unité administrative")
        verbose_name_plural = _("unités administratives")
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "name_key"], name="territory_level_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="pays", parent__isnull=True) | (~Q(level="pays") & Q(parent__isnull=False)),
                name="territory_only_pays_is_root",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def attach_to(self, parent: AdminUnit | None) -> None:
        """Set the parent and copy its ancestor columns (the parent counts at its own level)."""
        self.parent = parent
        for level, field in ANCESTOR_FIELDS.items():
            if parent is None:
                value = None
            elif level == parent.level:
                value = parent.pk
            else:
                value = getattr(parent, f"{field}_id")
            setattr(self, f"{field}_id", value)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)
        field = self.level_enum.ancestor_field
        if field and getattr(self, f"{field}_id") != self.pk:
            # A unit is its own ancestor at its level, so "everything under X" includes X.
            setattr(self, f"{field}_id", self.pk)
            type(self).objects.filter(pk=self.pk).update(**{field: self.pk})

    @property
    def level_enum(self) -> Level:
        return Level(self.level)

    @property
    def depth(self) -> int:
        return self.level_enum.depth

    def subtree_q(self, prefix: str = "") -> Q:
        """A filter for this unit and all units under it; `prefix` reaches the unit from another model."""
        level = self.level_enum
        if level == Level.PAYS:
            return Q()
        if level == Level.LOCALITE:
            return Q(**{f"{prefix}pk" if prefix else "pk": self.pk})
        field = level.ancestor_field
        return Q(**{f"{prefix}{field}": self.pk})

    def located_q(self, locality_field: str = "locality") -> Q:
        """A filter for rows of another model that carry copies of their locality's ancestors in columns named
        like AdminUnit's (district, region, departement, sous_prefecture): no join to the territory."""
        level = self.level_enum
        if level == Level.PAYS:
            return Q()
        field = level.ancestor_field
        if field is None:  # a localité
            return Q(**{locality_field: self.pk})
        return Q(**{field: self.pk})

    def contains(self, other: AdminUnit) -> bool:
        """True when `other` is this unit or lies under it (no query)."""
        level = self.level_enum
        if level == Level.PAYS:
            return True
        if level == Level.LOCALITE:
            return other.pk == self.pk
        field = level.ancestor_field
        return getattr(other, f"{field}_id") == self.pk

    def ancestor_ids(self) -> list[int]:
        """Primary keys of the ancestors from the top (district) down, without the pays and the unit itself."""
        ids = []
        for field in ANCESTOR_FIELDS.values():
            value = getattr(self, f"{field}_id")
            if value and value != self.pk:
                ids.append(value)
        return ids

    @property
    def is_covered(self) -> bool:
        return self.covered_since is not None and self.covered_since <= timezone.localdate()


class AdminBoundary(models.Model):
    """The outline of a unit as a GeoJSON geometry (kept apart so lists never load it)."""

    unit = models.OneToOneField(AdminUnit, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField(_("géométrie GeoJSON"))
    digest = models.CharField(max_length=64, editable=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("limite administrative")
        verbose_name_plural = _("limites administratives")

    def __str__(self) -> str:
        return f"{self.unit}"


class TerritoryImport(TimeStampedModel):
    """An uploaded territory file, its dry-run report and, once applied, its outcome."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Vérifié (essai)")
        APPLIED = "applied", _("Appliqué")
        FAILED = "failed", _("Refusé")

    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(_("contenu"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "access.User",
        on_delete=models.PROTECT,
        related_name="territory_imports",
        verbose_name=_("déposé par"),
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.CHECKED)
    report = models.JSONField(_("rapport"), default=dict)
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import de territoire")
        verbose_name_plural = _("imports de territoire")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
