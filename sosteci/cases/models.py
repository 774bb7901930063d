"""Alerts, cases (the care of one child), referrals to structures, services delivered."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.directory.models import ServiceType
from sosteci.registry.models import ANCESTORS, Sex, new_code


class Alert(TimeStampedModel):
    """A report that a child may be at work or trafficked, from the green line, a relay, the police…"""

    class Source(models.TextChoices):
        GREEN_LINE = "green_line", _("Ligne verte")
        COMMUNITY_RELAY = "community_relay", _("Relais communautaire")
        POLICE = "police", _("Police ou gendarmerie")
        BORDER_POST = "border_post", _("Poste frontière")
        RECEPTION_CENTRE = "reception_centre", _("Centre d'accueil")
        SCHOOL = "school", _("École")
        ANONYMOUS = "anonymous", _("Anonyme")

    class Urgency(models.TextChoices):
        HIGH = "high", _("Haute : enfant en danger immédiat")
        MEDIUM = "medium", _("Moyenne")
        LOW = "low", _("Basse")

    class Situation(models.TextChoices):
        CHILD_LABOUR = "child_labour", _("Travail des enfants")
        HAZARDOUS_WORK = "hazardous_work", _("Travail dangereux")
        TRAFFICKING = "trafficking", _("Traite")
        FORCED_LABOUR = "forced_labour", _("Travail forcé")
        SEXUAL_EXPLOITATION = "sexual_exploitation", _("Exploitation sexuelle")
        OTHER = "other", _("Autre")

    class Status(models.TextChoices):
        NEW = "new", _("À trier")
        CASE_OPENED = "case_opened", _("Dossier ouvert")
        LINKED = "linked", _("Rattachée à un dossier existant")
        DISMISSED = "dismissed", _("Classée sans suite")

    # Situations of trafficking or worst forms: triaged within the short limit, visible to few.
    SENSITIVE = frozenset({Situation.TRAFFICKING, Situation.FORCED_LABOUR, Situation.SEXUAL_EXPLOITATION})

    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    urgency = models.CharField(_("urgence"), max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM)
    situation = models.CharField(_("situation soupçonnée"), max_length=24, choices=Situation.choices)
    locality = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="alerts", verbose_name=_("localité")
    )
    place_detail = models.CharField(_("lieu précis"), max_length=255, blank=True)
    observed_at = models.DateTimeField(_("date des faits"), null=True, blank=True)
    description = models.TextField(_("description"))
    children_count = models.PositiveSmallIntegerField(_("nombre d'enfants concernés"), default=1)
    child = models.ForeignKey(
        "registry.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("enfant enregistré"),
    )
    child_name = models.CharField(_("nom de l'enfant"), max_length=200, blank=True)
    child_age = models.PositiveSmallIntegerField(_("âge approximatif"), null=True, blank=True)
    child_sex = models.CharField(_("sexe de l'enfant"), max_length=1, choices=Sex.choices, blank=True)
    reporter_name = models.CharField(_("personne qui signale"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("téléphone de la personne qui signale"), max_length=20, blank=True)
    received_at = models.DateTimeField(_("reçue le"))
    triage_due_at = models.DateTimeField(_("à trier avant le"), db_index=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    triaged_at = models.DateTimeField(_("triée le"), null=True, blank=True)
    triaged_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    triage_note = models.TextField(_("note de tri"), blank=True)
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, null=True, blank=True, related_name="alerts", verbose_name=_("dossier")
    )
    created_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submission = models.ForeignKey(
        "collect.Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "triage_due_at"], name="cases_alert_triage_idx")]

    def __str__(self) -> str:
        return f"{self.code} — {self.get_situation_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code("A")
        super().save(*args, **kwargs)

    @property
    def is_sensitive(self) -> bool:
        return self.situation in self.SENSITIVE

    @property
    def in_time(self) -> bool | None:
        """Triaged before its limit (None while not triaged)."""
        return None if self.triaged_at is None else self.triaged_at <= self.triage_due_at


class Case(TimeStampedModel):
    """The care of one child, from identification until the child is out of work (workflow.py has the steps)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposé")
        OPEN = "open", _("Ouvert")
        ASSESSED = "assessed", _("Évalué")
        PLAN = "plan", _("Plan de prise en charge")
        SERVICES = "services", _("Services en cours")
        FOLLOW_UP = "follow_up", _("Suivi")
        CLOSING = "closing", _("Clôture demandée")
        CLOSED = "closed", _("Clos")
        DISMISSED = "dismissed", _("Non retenu")

    class Origin(models.TextChoices):
        VISIT = "visit", _("Visite classée")
        ALERT = "alert", _("Alerte")
        MANUAL = "manual", _("Saisie manuelle")

    class ClosureReason(models.TextChoices):
        OUT_OF_LABOUR = "out_of_labour", _("Sorti du travail des enfants (deux suivis consécutifs)")
        REINTEGRATED = "reintegrated", _("Réinséré")
        REPATRIATED = "repatriated", _("Rapatrié")
        TRANSFERRED = "transferred", _("Transféré")
        OTHER = "other", _("Autre")

    ACTIVE = frozenset({Status.OPEN, Status.ASSESSED, Status.PLAN, Status.SERVICES, Status.FOLLOW_UP, Status.CLOSING})

    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    child = models.ForeignKey(
        "registry.Child", on_delete=models.PROTECT, related_name="cases", verbose_name=_("enfant")
    )
    # The child's locality when the case was opened: the case's place for jurisdictions.
    locality = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="cases", verbose_name=_("localité")
    )
    # The locality's ancestors, copied on save and on territory moves (receivers.py): a supervisor's list reads one
    # indexed column in date order instead of joining every case of the sous-préfecture to the territory and
    # sorting them (see bench/README.md, "Cases").
    district = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    region = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    departement = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    sous_prefecture = models.ForeignKey(
        "territory.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        db_index=False,  # cases_case_sp_opened_idx starts with it
    )
    status = models.CharField(_("étape"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    origin = models.CharField(_("origine"), max_length=8, choices=Origin.choices)
    category = models.CharField(_("catégorie à l'ouverture"), max_length=24, blank=True)
    is_sensitive = models.BooleanField(
        _("traite ou pire forme"),
        default=False,
        help_text=_("Visible seulement des intervenants désignés, de leur superviseur et du niveau national."),
    )
    visit = models.ForeignKey(
        "registry.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("visite")
    )
    assigned_to = models.ForeignKey(
        "access.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("intervenant"),
    )
    supervisor = models.ForeignKey(
        "access.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_cases",
        verbose_name=_("superviseur"),
    )
    opened_at = models.DateTimeField(_("ouvert le"))
    assessment = models.TextField(_("évaluation"), blank=True)
    assessed_at = models.DateTimeField(_("évalué le"), null=True, blank=True)
    plan = models.TextField(_("plan de prise en charge"), blank=True)
    closure_reason = models.CharField(_("motif de clôture"), max_length=16, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(_("note de clôture"), blank=True)
    closure_requested_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_approved_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("réouvertures"), default=0)
    # Optimistic locking: every change raises it; a change made on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["status", "locality"], name="cases_case_status_loc_idx"),
            # Lists in date order, read from the newest (case list) or the oldest (tasks) and cut: national,
            # and within a sous-préfecture.
            models.Index(fields=["opened_at", "id"], name="cases_case_opened_idx"),
            models.Index(fields=["sous_prefecture", "opened_at", "id"], name="cases_case_sp_opened_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code("D")
        if self.locality_id is not None:
            for name in ANCESTORS:
                setattr(self, f"{name}_id", getattr(self.locality, f"{name}_id"))
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class Referral(TimeStampedModel):
    """A child referred to a structure for a service, with the consent of the child and of the guardian."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de réponse")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Refusée")
        COMPLETED = "completed", _("Service rendu")
        CANCELLED = "cancelled", _("Annulée")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("dossier"))
    structure = models.ForeignKey(
        "directory.Structure", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("structure")
    )
    service = models.CharField(_("service"), max_length=24, choices=ServiceType.choices)
    consent_child = models.BooleanField(_("accord de l'enfant"), default=False)
    consent_guardian = models.BooleanField(_("accord du parent ou tuteur"), default=False)
    consent_note = models.CharField(_("conditions du consentement"), max_length=255, blank=True)
    note = models.TextField(_("motif de l'orientation"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    referred_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(_("orientée le"))
    responded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    response_note = models.TextField(_("réponse"), blank=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-referred_at", "-id"]
        # The tasks' referrals waiting for an answer, oldest first: read in that order and stopped at the page.
        indexes = [models.Index(fields=["status", "referred_at"], name="cases_referral_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.case} → {self.structure} ({self.get_service_display()})"


class ServiceDelivery(TimeStampedModel):
    """A service the child (or the household) received."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="services", verbose_name=_("dossier"))
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries")
    service = models.CharField(_("service"), max_length=24, choices=ServiceType.choices)
    delivered_on = models.DateField(_("date"))
    cost = models.DecimalField(_("coût (FCFA)"), max_digits=12, decimal_places=0, null=True, blank=True)
    provider = models.ForeignKey(
        "directory.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("prestataire"),
    )
    provider_name = models.CharField(_("prestataire (autre)"), max_length=200, blank=True)
    note = models.TextField(_("observations"), blank=True)
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("service rendu")
        verbose_name_plural = _("services rendus")
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_service_display()} — {self.delivered_on:%d/%m/%Y}"


class CaseEvent(models.Model):
    """The case's history as its workers read it: each step, referral, service and follow-up, with who and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.action}"
