"""Structures that act for children: state services, shelters, NGOs, companies, partners."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.registry.models import new_code
from sosteci.registry.validators import validate_phone
from sosteci.territory.models import AdminUnit, Level

CODE_PREFIX = "S"


class StructureKind(models.TextChoices):
    MINISTRY_SERVICE = "ministry_service", _("Service ministériel")
    SOCIAL_CENTRE = "social_centre", _("Centre social")
    SHELTER = "shelter", _("Centre d'accueil / de transit")
    GBV_PLATFORM = "gbv_platform", _("Plateforme VBG")
    SCHOOL = "school", _("École")
    VOCATIONAL_CENTRE = "vocational_centre", _("Centre de formation professionnelle")
    HEALTH_CENTRE = "health_centre", _("Centre de santé")
    POLICE = "police", _("Police (DLTEDJ)")
    JUSTICE = "justice", _("Justice")
    NGO = "ngo", _("ONG / association")
    COMPANY = "company", _("Entreprise")
    COOPERATIVE = "cooperative", _("Coopérative")
    DONOR = "donor", _("Partenaire technique et financier")
    INTERNATIONAL = "international", _("Organisation internationale")


class ServiceType(models.TextChoices):
    """The services a structure offers, a child is referred for and receives (same codes as the follow-up form)."""

    SCHOOL_REINTEGRATION = "school_reintegration", _("Réinsertion scolaire")
    SCHOOL_KIT = "school_kit", _("Kit scolaire")
    BIRTH_CERTIFICATE = "birth_certificate", _("Établissement de l'acte de naissance")
    VOCATIONAL_TRAINING = "vocational_training", _("Formation professionnelle")
    APPRENTICESHIP = "apprenticeship", _("Placement en apprentissage")
    PSYCHOSOCIAL = "psychosocial", _("Soutien psychosocial")
    MEDICAL = "medical", _("Soins médicaux")
    SHELTER = "shelter", _("Hébergement (centre d'accueil ou de transit)")
    FAMILY_TRACING = "family_tracing", _("Recherche et réunification familiale")
    REPATRIATION = "repatriation", _("Rapatriement")
    LEGAL_AID = "legal_aid", _("Assistance juridique")
    HOUSEHOLD_INCOME = "household_income", _("Activité génératrice de revenus pour le ménage")


SERVICE_ORDER = {code: index for index, code in enumerate(ServiceType.values)}


def ordered_services(codes: Iterable[str]) -> list[str]:
    """The codes without repeats, in the order of ServiceType (stable storage, stable comparisons)."""
    return sorted(set(codes), key=lambda code: SERVICE_ORDER.get(code, len(SERVICE_ORDER)))


def validate_services(value: Any) -> None:
    """A list of ServiceType codes."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Les services doivent être une liste de codes."), code="services")
    unknown = [code for code in value if code not in SERVICE_ORDER]
    if unknown:
        raise ValidationError(
            _("Service inconnu : %(codes)s. Codes admis : %(allowed)s.")
            % {"codes": ", ".join(unknown), "allowed": ", ".join(ServiceType.values)},
            code="services",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Un service est cité deux fois."), code="services")


def _service_text(service: str) -> str:
    """The JSON text of one code as stored inside the list, quotes included (see offering())."""
    return f'"{service}"'


class StructureQuerySet(models.QuerySet["Structure"]):
    def active(self) -> StructureQuerySet:
        return self.filter(is_active=True)

    def offering(self, service: str) -> StructureQuerySet:
        """Structures whose services include `service`.

        JSON containment (`services__contains=[...]`) exists on PostgreSQL but not on SQLite, so the list is
        searched as its JSON text: a code is looked for with its quotes (`"shelter"`), which only matches a whole
        element because codes are lower-case ASCII words without quotes. Works the same on both databases.
        """
        if service not in SERVICE_ORDER:
            return self.none()
        return self.filter(services__icontains=_service_text(service))

    def serving(self, unit: AdminUnit) -> StructureQuerySet:
        """Structures that serve `unit`: located at it or above it, or covering a zone at it or above it.

        "X contains unit" means X is the unit, one of its ancestors (kept in its ancestor columns) or the pays,
        so this is an IN over at most six ids, on the structure and on its coverage table.
        """
        ids = [unit.pk, *unit.ancestor_ids()]
        covering = Structure.coverage.through.objects.filter(
            Q(adminunit_id__in=ids) | Q(adminunit__level=Level.PAYS)
        ).values("structure_id")
        return self.filter(Q(admin_unit_id__in=ids) | Q(admin_unit__level=Level.PAYS) | Q(pk__in=covering))

    def authorised_on(self, day: date) -> StructureQuerySet:
        """Structures whose authorisation (when dated) runs on `day`."""
        return self.filter(
            Q(authorised_from__isnull=True) | Q(authorised_from__lte=day),
            Q(authorised_until__isnull=True) | Q(authorised_until__gte=day),
        )

    def with_places(self) -> StructureQuerySet:
        """Structures that can take a child: free places, or places not tracked."""
        return self.filter(Q(places_free__isnull=True) | Q(places_free__gt=0))


class Structure(TimeStampedModel):
    """A structure; users of a provider or partner role belong to one."""

    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=24, choices=StructureKind.choices)
    admin_unit = models.ForeignKey(
        "territory.AdminUnit",
        on_delete=models.PROTECT,
        related_name="structures",
        verbose_name=_("implantation"),
    )
    services = models.JSONField(_("services offerts"), default=list, blank=True, validators=[validate_services])
    coverage = models.ManyToManyField(
        "territory.AdminUnit",
        blank=True,
        related_name="served_by",
        verbose_name=_("zones desservies"),
        help_text=_("Vide : la structure dessert sa zone d'implantation."),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacité d'accueil"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    places_free = models.PositiveIntegerField(_("places libres"), null=True, blank=True)
    contact_name = models.CharField(_("personne à contacter"), max_length=160, blank=True)
    phone = models.CharField(_("téléphone"), max_length=16, blank=True, validators=[validate_phone])
    email = models.EmailField(_("courriel"), blank=True)
    authorisation_number = models.CharField(_("numéro d'agrément"), max_length=80, blank=True)
    authorised_from = models.DateField(_("agréée du"), null=True, blank=True)
    authorised_until = models.DateField(_("agréée jusqu'au"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects: ClassVar[StructureQuerySet] = StructureQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "admin_unit"], name="directory_structure_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code(CODE_PREFIX)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from sosteci.territory.geo import in_country

        errors: dict[str, list[Any]] = {}
        if (self.lat is None) != (self.lon is None):
            missing = "lon" if self.lon is None else "lat"
            errors[missing] = [_("Indiquez la latitude et la longitude, ou aucune des deux.")]
        elif self.lat is not None and self.lon is not None and not in_country(self.lat, self.lon):
            errors["lat"] = [
                _("Le point (%(lat)s, %(lon)s) est hors de la Côte d'Ivoire.") % {"lat": self.lat, "lon": self.lon}
            ]
        if self.capacity is not None and self.places_free is not None and self.places_free > self.capacity:
            errors["places_free"] = [
                _("Les places libres (%(free)s) dépassent la capacité d'accueil (%(capacity)s).")
                % {"free": self.places_free, "capacity": self.capacity}
            ]
        if self.authorised_from and self.authorised_until and self.authorised_until < self.authorised_from:
            errors["authorised_until"] = [_("La fin de l'agrément précède son début.")]
        if errors:
            raise ValidationError(errors)

    @property
    def service_labels(self) -> list[str]:
        labels = dict(ServiceType.choices)
        return [str(labels.get(code, code)) for code in self.services]

    def offers(self, service: str) -> bool:
        return service in self.services

    def has_place(self) -> bool:
        """True when a child can be taken: free places, or places not tracked."""
        return self.places_free is None or self.places_free > 0

    def is_authorised_on(self, day: date) -> bool:
        if self.authorised_from is not None and day < self.authorised_from:
            return False
        return self.authorised_until is None or day <= self.authorised_until

    def serves(self, unit: AdminUnit) -> bool:
        """True when `unit` lies within the structure's own unit or one of the zones it covers."""
        if self.admin_unit.contains(unit):
            return True
        return any(zone.contains(unit) for zone in self.coverage.all())


class StructureImport(TimeStampedModel):
    """An uploaded Excel file of structures: its dry-run report and, once applied, its outcome."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Vérifié (essai)")
        APPLIED = "applied", _("Appliqué")
        FAILED = "failed", _("Refusé")

    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(_("contenu"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, related_name="structure_imports", verbose_name=_("déposé par")
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.CHECKED)
    report = models.JSONField(_("rapport"), default=dict)
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import de structures")
        verbose_name_plural = _("imports de structures")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
