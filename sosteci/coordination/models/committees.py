"""Child-protection committees from the village to the nation, their members, meetings, trainings and sessions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.registry.models import Sex
from sosteci.registry.validators import validate_phone
from sosteci.territory.models import Level


class CommitteeLevel(models.TextChoices):
    VILLAGE = "village", _("Comité villageois")
    SOUS_PREFECTURE = "sous_prefecture", _("Comité sous-préfectoral")
    DEPARTEMENT = "departement", _("Comité départemental")
    TASK_FORCE = "task_force", _("Task Force Alliance 8.7 du département")
    REGION = "region", _("Comité régional")
    NATIONAL = "national", _("Comité national")


# The level of the admin unit each kind of committee sits at.
UNIT_LEVEL: dict[str, Level] = {
    CommitteeLevel.VILLAGE: Level.LOCALITE,
    CommitteeLevel.SOUS_PREFECTURE: Level.SOUS_PREFECTURE,
    CommitteeLevel.DEPARTEMENT: Level.DEPARTEMENT,
    CommitteeLevel.TASK_FORCE: Level.DEPARTEMENT,
    CommitteeLevel.REGION: Level.REGION,
    CommitteeLevel.NATIONAL: Level.PAYS,
}


class NationalBody(models.TextChoices):
    """The national bodies of the roadmap; the CIM and the CNLTP validate programmes jointly."""

    CIM = "cim", _("CIM (Comité interministériel de lutte contre la traite, l'exploitation et le travail des enfants)")
    CNS = (
        "cns",
        _("CNS (Comité national de surveillance des actions de lutte contre la traite et le travail des enfants)"),
    )
    CNLTP = "cnltp", _("CNLTP (Comité national de lutte contre la traite des personnes)")


VALIDATING_BODIES = (NationalBody.CIM, NationalBody.CNLTP)
BODY_SHORT: dict[str, str] = {NationalBody.CIM: "CIM", NationalBody.CNS: "CNS", NationalBody.CNLTP: "CNLTP"}


class Committee(TimeStampedModel):
    """A committee at one admin unit, created by an act (arrêté) with a number and a date."""

    name = models.CharField(_("nom"), max_length=255)
    level = models.CharField(_("niveau"), max_length=16, choices=CommitteeLevel.choices)
    admin_unit = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="committees", verbose_name=_("unité")
    )
    national_body = models.CharField(
        _("organe national"), max_length=8, choices=NationalBody.choices, blank=True, default=""
    )
    act_number = models.CharField(_("numéro de l'arrêté de création"), max_length=120, blank=True)
    act_date = models.DateField(_("date de l'arrêté"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "admin_unit"],
                condition=Q(national_body=""),
                name="coordination_committee_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["national_body"], condition=~Q(national_body=""), name="coordination_committee_one_per_body"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return BODY_SHORT.get(self.national_body, self.name) if self.national_body else self.name

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        expected = UNIT_LEVEL.get(self.level)
        if expected is not None and self.admin_unit_id is not None and self.admin_unit.level != expected:
            errors["admin_unit"] = [
                _("Un %(kind)s siège à une unité de niveau « %(level)s » ; « %(unit)s » est de niveau « %(actual)s ».")
                % {
                    "kind": self.get_level_display().lower(),
                    "level": expected.label,
                    "unit": self.admin_unit.name,
                    "actual": self.admin_unit.get_level_display(),
                }
            ]
        if self.national_body and self.level != CommitteeLevel.NATIONAL:
            errors["national_body"] = [_("Seul un comité national peut être le CIM, le CNS ou le CNLTP.")]
        if self.act_date and self.act_date > timezone.localdate():
            errors["act_date"] = [_("La date de l'arrêté ne peut pas être dans le futur.")]
        if errors:
            raise ValidationError(errors)


class MemberRole(models.TextChoices):
    PRESIDENT = "president", _("Président(e)")
    VICE_PRESIDENT = "vice_president", _("Vice-président(e)")
    SECRETARY = "secretary", _("Secrétaire / rapporteur")
    TREASURER = "treasurer", _("Trésorier(ère)")
    FOCAL_POINT = "focal_point", _("Point focal")
    MEMBER = "member", _("Membre")


class CommitteeMember(TimeStampedModel):
    """A member of a committee; one linked to a SOSTECI account acts for the committee (e.g. CIM staff)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="members", verbose_name=_("comité"))
    full_name = models.CharField(_("nom et prénoms"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "directory.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_members",
        verbose_name=_("organisation"),
    )
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("téléphone"), max_length=16, blank=True, validators=[validate_phone])
    role = models.CharField(_("rôle dans le comité"), max_length=16, choices=MemberRole.choices)
    user = models.ForeignKey(
        "access.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name=_("compte SOSTECI"),
        help_text=_("Le compte de ce membre : un membre du CIM ou du CNLTP valide les programmes avec ce compte."),
    )
    is_active = models.BooleanField(_("en fonction"), default=True)

    class Meta:
        verbose_name = _("membre de comité")
        verbose_name_plural = _("membres de comité")
        ordering = ["committee", "role", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"], condition=Q(user__isnull=False), name="coordination_member_one_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Meeting(TimeStampedModel):
    """A meeting of one committee, or a joint meeting of several (e.g. the CIM and CNLTP secretariats)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        HELD = "held", _("Tenue")
        CANCELLED = "cancelled", _("Annulée")

    committees = models.ManyToManyField(Committee, related_name="meetings", verbose_name=_("comités"))
    title = models.CharField(_("objet"), max_length=255)
    held_on = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("heure"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-held_on", "-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.title}"

    def clean(self) -> None:
        if self.status == self.Status.HELD and self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"status": [_("Une réunion à venir ne peut pas être déjà tenue.")]})
        if self.minutes.strip() and self.status != self.Status.HELD:
            raise ValidationError({"minutes": [_("Le compte rendu suppose une réunion tenue.")]})


class FollowUpStatus(models.TextChoices):
    TODO = "todo", _("À faire")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    ABANDONED = "abandoned", _("Abandonnée")


class FollowedUp(TimeStampedModel):
    """Something to carry out — a meeting's decision, an evaluation's recommendation: who carries it out, by when,
    and how far it has gone (its moves: DECISION_MOVES)."""

    Status = FollowUpStatus

    owner = models.CharField(_("responsable"), max_length=200)
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("suivi"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.TODO, db_index=True
    )
    follow_up_note = models.TextField(_("note de suivi"), blank=True)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)
    text: Any  # each kind names its own text

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return str(self.text)[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DECISIONS

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class Decision(FollowedUp):
    """A decision taken at a meeting, with who carries it out, by when, and how far it has gone."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("réunion"))
    text = models.TextField(_("décision"))

    class Meta(FollowedUp.Meta):
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")


OPEN_DECISIONS = frozenset({Decision.Status.TODO, Decision.Status.IN_PROGRESS})
# The follow-up of a decision: every allowed move, declared here and nowhere else.
DECISION_MOVES: dict[str, frozenset[str]] = {
    Decision.Status.TODO: frozenset({Decision.Status.IN_PROGRESS, Decision.Status.DONE, Decision.Status.ABANDONED}),
    Decision.Status.IN_PROGRESS: frozenset({Decision.Status.DONE, Decision.Status.ABANDONED}),
    Decision.Status.DONE: frozenset({Decision.Status.IN_PROGRESS}),  # reopened: it was not done after all
    Decision.Status.ABANDONED: frozenset({Decision.Status.TODO}),  # taken up again
}


class Training(TimeStampedModel):
    """A training of a committee's members: theme, dates, trainers, participants by sex."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("comité")
    )
    theme = models.CharField(_("thème"), max_length=255)
    held_on = models.DateField(_("date"))
    ends_on = models.DateField(_("dernier jour"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    trainers = models.CharField(_("formateurs"), max_length=500)
    participants_men = models.PositiveIntegerField(_("participants hommes"), default=0)
    participants_women = models.PositiveIntegerField(_("participantes femmes"), default=0)
    notes = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.theme}"

    @property
    def participants(self) -> int:
        return self.participants_men + self.participants_women

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.held_on and self.ends_on and self.ends_on < self.held_on:
            errors["ends_on"] = [_("Le dernier jour de la formation précède son premier jour.")]
        if self.participants_men + self.participants_women == 0:
            errors["participants_women"] = [_("Indiquez au moins un participant.")]
        if errors:
            raise ValidationError(errors)


class AwarenessTheme(models.TextChoices):
    """The themes of the collection form `sosteci_seance_sensibilisation` (same codes)."""

    CHILD_LABOUR = "child_labour", _("Travail des enfants")
    TRAFFICKING = "trafficking", _("Traite des enfants")
    BIRTH_REGISTRATION = "birth_registration", _("Déclaration des naissances")
    SCHOOLING = "schooling", _("Scolarisation")
    HAZARDOUS_WORK = "hazardous_work", _("Travaux dangereux")
    OTHER = "other", _("Autre")


class AwarenessSession(TimeStampedModel):
    """An awareness session in a locality: theme and audience (men, women, boys, girls)."""

    locality = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="awareness_sessions", verbose_name=_("localité")
    )
    held_on = models.DateField(_("date"), db_index=True)
    theme = models.CharField(_("thème"), max_length=24, choices=AwarenessTheme.choices)
    theme_other = models.CharField(_("autre thème"), max_length=200, blank=True)
    facilitator = models.CharField(_("animateur ou animatrice"), max_length=200)
    men = models.PositiveIntegerField(_("hommes"), default=0)
    women = models.PositiveIntegerField(_("femmes"), default=0)
    boys = models.PositiveIntegerField(_("garçons"), default=0)
    girls = models.PositiveIntegerField(_("filles"), default=0)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awareness_sessions",
        verbose_name=_("comité organisateur"),
    )
    structure = models.ForeignKey(
        "directory.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awareness_sessions",
        verbose_name=_("structure organisatrice"),
    )
    notes = models.TextField(_("observations"), blank=True)
    recorded_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("saisie par")
    )
    submission = models.ForeignKey(
        "collect.Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("séance de sensibilisation")
        verbose_name_plural = _("séances de sensibilisation")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.get_theme_display()}"

    @property
    def audience(self) -> int:
        return self.men + self.women + self.boys + self.girls

    @property
    def theme_label(self) -> str:
        return self.theme_other if self.theme == AwarenessTheme.OTHER and self.theme_other else self.get_theme_display()

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.locality_id is not None and self.locality.level != Level.LOCALITE:
            errors["locality"] = [_("Choisissez une localité (village ou quartier).")]
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = [_("La date de la séance ne peut pas être dans le futur.")]
        if self.theme == AwarenessTheme.OTHER and not self.theme_other.strip():
            errors["theme_other"] = [_("Précisez le thème.")]
        if self.men + self.women + self.boys + self.girls == 0:
            errors["girls"] = [_("Indiquez au moins un participant.")]
        committee = self.committee if self.committee_id is not None else None
        if committee is not None and self.locality_id is not None and not committee.admin_unit.contains(self.locality):
            errors["committee"] = [
                _("Le comité « %(committee)s » n'agit pas à %(locality)s.")
                % {"committee": committee.name, "locality": self.locality.name}
            ]
        if errors:
            raise ValidationError(errors)
