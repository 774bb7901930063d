"""Structures that act for children: state services, shelters, NGOs, companies, partners."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel


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


class Structure(TimeStampedModel):
    """A structure; users of a provider or partner role belong to one."""

    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=24, choices=StructureKind.choices)
    admin_unit = models.ForeignKey(
        "territory.AdminUnit",
        on_delete=models.PROTECT,
        related_name="structures",
        verbose_name=_("implantation"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "admin_unit"], name="directory_structure_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
