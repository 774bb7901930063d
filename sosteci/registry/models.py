"""Households, children, visits and their classification; cooperatives and farms; rule sets; duplicates."""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.classification import Category, RuleSet
from sosteci.core.models import TimeStampedModel
from sosteci.registry.validators import validate_phone

ANCESTORS = ("district", "region", "departement", "sous_prefecture")  # copied from the locality onto a child
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # Crockford-like: no 0/O, 1/I confusion


# Submission.Review.REJECTED (collect): records from a rejected submission stay, but count in no indicator.
REJECTED_REVIEW = "rejected"


class HouseholdQuerySet(models.QuerySet["Household"]):
    def counted(self) -> HouseholdQuerySet:
        """The households that count in indicators: not from a submission a supervisor rejected."""
        return self.exclude(submission__review=REJECTED_REVIEW)


class ChildQuerySet(models.QuerySet["Child"]):
    def counted(self) -> ChildQuerySet:
        """The children that count in indicators: not merged away, not registered by a rejected submission."""
        return self.filter(merged_into__isnull=True).exclude(household__submission__review=REJECTED_REVIEW)


class VisitQuerySet(models.QuerySet["Visit"]):
    def counted(self) -> VisitQuerySet:
        """The visits that count in indicators: not from a rejected submission, nor of a child that does not count."""
        return self.exclude(submission__review=REJECTED_REVIEW).exclude(
            child__household__submission__review=REJECTED_REVIEW
        )


def new_code(prefix: str) -> str:
    """A short human-readable identifier, e.g. "E-7K3Q9M2X"."""
    return prefix + "-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Sex(models.TextChoices):
    FEMALE = "F", _("Féminin")
    MALE = "M", _("Masculin")


class Crop(models.TextChoices):
    COCOA = "cacao", _("Cacao")
    COFFEE = "cafe", _("Café")
    RUBBER = "hevea", _("Hévéa")
    PALM = "palmier", _("Palmier à huile")
    CASHEW = "anacarde", _("Anacarde")
    COTTON = "coton", _("Coton")
    FOOD = "vivrier", _("Vivrier")
    OTHER = "autre", _("Autre")


class CategoryChoices(models.TextChoices):
    """The classification categories (sosteci.classification.Category) as database choices."""

    NOT_WORKING = Category.NOT_WORKING.value, _("Ne travaille pas")
    PERMITTED_WORK = Category.PERMITTED_WORK.value, _("Travail autorisé")
    AT_RISK = Category.AT_RISK.value, _("À risque")
    CHILD_LABOUR = Category.CHILD_LABOUR.value, _("Travail des enfants")
    HAZARDOUS = Category.HAZARDOUS.value, _("Travail dangereux")
    WORST_FORMS = Category.WORST_FORMS.value, _("Pires formes (traite, travail forcé)")


class RuleSetVersion(TimeStampedModel):
    """A version of the classification rules and reference lists, as data; one is active at a time."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        ACTIVE = "active", _("En vigueur")
        RETIRED = "retired", _("Retiré")

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("titre"), max_length=255)
    status = models.CharField(_("état"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(_("règles et listes"))
    note = models.TextField(_("note de version"), blank=True)
    created_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    activated_at = models.DateTimeField(_("mise en vigueur"), null=True, blank=True)
    reclassify_report = models.JSONField(_("dernier essai de reclassement"), default=dict, blank=True)

    class Meta:
        verbose_name = _("jeu de règles")
        verbose_name_plural = _("jeux de règles")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["status"], condition=Q(status="active"), name="registry_one_active_ruleset")
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.title}"

    def ruleset(self) -> RuleSet:
        return RuleSet.from_dict(self.data)


class Cooperative(TimeStampedModel):
    """A cooperative buying from farms: the value-chain link used for due diligence."""

    name = models.CharField(_("nom"), max_length=255)
    code = models.CharField(_("code / agrément"), max_length=60, blank=True)
    admin_unit = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="cooperatives", verbose_name=_("siège")
    )
    structure = models.ForeignKey(
        "directory.Structure", on_delete=models.SET_NULL, null=True, blank=True, related_name="cooperatives"
    )

    class Meta:
        verbose_name = _("coopérative")
        verbose_name_plural = _("coopératives")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Household(TimeStampedModel):
    """A household visited by the committee, in a localité."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    locality = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="households", verbose_name=_("localité")
    )
    head_family_name = models.CharField(_("nom du chef de ménage"), max_length=120)
    head_given_names = models.CharField(_("prénoms du chef de ménage"), max_length=160, blank=True)
    head_sex = models.CharField(_("sexe du chef de ménage"), max_length=1, choices=Sex.choices)
    head_phone = models.CharField(_("téléphone"), max_length=16, blank=True, validators=[validate_phone])
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    gps_accuracy_m = models.PositiveIntegerField(_("précision GPS (m)"), null=True, blank=True)
    size = models.PositiveSmallIntegerField(_("taille du ménage"))
    main_crops = models.JSONField(_("cultures principales"), default=list, blank=True)
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("coopérative"),
    )
    created_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submission = models.ForeignKey(
        "collect.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("soumission d'origine"),
    )

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("ménage")
        verbose_name_plural = _("ménages")
        ordering = ["head_family_name", "head_given_names"]

    def __str__(self) -> str:
        return f"{self.head_family_name} {self.head_given_names}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code("M")
        super().save(*args, **kwargs)


class Farm(TimeStampedModel):
    """A plot worked by a household, delivering to a cooperative."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="farms")
    cooperative = models.ForeignKey(Cooperative, on_delete=models.SET_NULL, null=True, blank=True, related_name="farms")
    name = models.CharField(_("nom ou lieu-dit"), max_length=120, blank=True)
    crop = models.CharField(_("culture"), max_length=10, choices=Crop.choices, default=Crop.COCOA)
    area_ha = models.DecimalField(_("superficie (ha)"), max_digits=7, decimal_places=2, null=True, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("parcelle")
        verbose_name_plural = _("parcelles")

    def __str__(self) -> str:
        return self.name or f"{self.get_crop_display()} — {self.household}"


class Child(TimeStampedModel):
    """A child of a household. The locality and the current category are copies kept by the services,
    so that national-scale lists filter one table."""

    class BirthCertificate(models.TextChoices):
        YES = "yes", _("Oui")
        NO = "no", _("Non")
        IN_PROGRESS = "in_progress", _("En cours")

    class Parents(models.TextChoices):
        BOTH = "both", _("Avec ses deux parents")
        MOTHER = "mother", _("Avec sa mère seulement")
        FATHER = "father", _("Avec son père seulement")
        NEITHER = "neither", _("Sans ses parents")

    class Relation(models.TextChoices):
        CHILD = "child", _("Fils / fille")
        GRANDCHILD = "grandchild", _("Petit-fils / petite-fille")
        NEPHEW = "nephew", _("Neveu / nièce")
        SIBLING = "sibling", _("Frère / sœur")
        OTHER_RELATIVE = "other_relative", _("Autre parent")
        FOSTERED = "fostered", _("Enfant confié (sans lien de parenté)")
        WORKER = "worker", _("Employé du ménage")

    class Schooling(models.TextChoices):
        ENROLLED = "enrolled", _("Scolarisé")
        DROPPED_OUT = "dropped_out", _("Déscolarisé")
        NEVER = "never", _("Jamais scolarisé")
        PRESCHOOL = "preschool", _("Pas encore en âge")

    class Grade(models.TextChoices):
        CP1 = "CP1", "CP1"
        CP2 = "CP2", "CP2"
        CE1 = "CE1", "CE1"
        CE2 = "CE2", "CE2"
        CM1 = "CM1", "CM1"
        CM2 = "CM2", "CM2"
        SIXIEME = "6e", "6e"
        CINQUIEME = "5e", "5e"
        QUATRIEME = "4e", "4e"
        TROISIEME = "3e", "3e"
        SECONDE = "2nde", "2nde"
        PREMIERE = "1re", "1re"
        TERMINALE = "Tle", "Terminale"
        VOCATIONAL = "pro", _("Formation professionnelle")
        KORANIC = "coranique", _("École coranique")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="children")
    locality = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="registered_children", editable=False
    )
    # The locality's ancestors, copied like the locality itself: a supervisor's list filters one indexed column
    # of this table instead of joining 3 million rows to the territory (see bench/README.md, "Register").
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
        "territory.AdminUnit", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    family_name = models.CharField(_("nom"), max_length=120)
    given_names = models.CharField(_("prénoms"), max_length=160)
    family_phonetic = models.CharField(max_length=12, editable=False)
    given_phonetic = models.CharField(max_length=12, editable=False)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date de naissance"), null=True, blank=True)
    declared_age = models.PositiveSmallIntegerField(_("âge déclaré"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("date estimée"), default=False)
    estimated_birth_date = models.DateField(editable=False, db_index=True)
    birth_certificate = models.CharField(
        _("acte de naissance"), max_length=12, choices=BirthCertificate.choices, default=BirthCertificate.NO
    )
    nationality = models.CharField(_("nationalité"), max_length=2, default="CI")
    place_of_origin = models.CharField(_("lieu d'origine"), max_length=160, blank=True)
    arrived_on = models.DateField(_("arrivé dans la localité le"), null=True, blank=True)
    lives_with_parents = models.CharField(_("vit avec"), max_length=8, choices=Parents.choices, default=Parents.BOTH)
    relation_to_head = models.CharField(
        _("lien avec le chef de ménage"), max_length=16, choices=Relation.choices, default=Relation.CHILD
    )
    schooling = models.CharField(_("scolarisation"), max_length=12, choices=Schooling.choices)
    grade = models.CharField(_("classe"), max_length=10, choices=Grade.choices, blank=True)
    disability = models.BooleanField(_("handicap"), default=False)
    guardian_name = models.CharField(_("nom du parent ou tuteur"), max_length=160, blank=True)
    category = models.CharField(
        _("catégorie"), max_length=24, choices=CategoryChoices.choices, blank=True, db_index=True
    )
    classified_on = models.DateField(_("classé le"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_children",
        verbose_name=_("fusionné dans"),
    )
    created_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("enfant")
        verbose_name_plural = _("enfants")
        ordering = ["family_name", "given_names", "id"]
        indexes = [
            models.Index(fields=["locality", "category"], name="registry_child_loc_cat_idx"),
            # Name search: phonetic keys within a locality / a sous-préfecture.
            models.Index(fields=["locality", "family_phonetic", "given_phonetic"], name="registry_child_loc_ph_idx"),
            models.Index(fields=["locality", "given_phonetic"], name="registry_child_loc_given_idx"),
            models.Index(
                fields=["sous_prefecture", "family_phonetic", "given_phonetic"], name="registry_child_sp_ph_idx"
            ),
            models.Index(fields=["sous_prefecture", "given_phonetic"], name="registry_child_sp_given_idx"),
            # A supervisor's first page, in name order, with or without a category.
            models.Index(
                fields=["sous_prefecture", "category", "family_name", "given_names", "id"],
                name="registry_child_sp_cat_name_idx",
            ),
            models.Index(
                fields=["sous_prefecture", "family_name", "given_names", "id"], name="registry_child_sp_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_names}"

    @property
    def full_name(self) -> str:
        return str(self)

    def age_on(self, day: date) -> int:
        birth = self.estimated_birth_date
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    @property
    def age(self) -> int:
        """Age today, from the known or estimated birth date."""
        return self.age_on(timezone.localdate())

    @property
    def initials(self) -> str:
        parts = [*self.family_name.split(), *self.given_names.split()]
        return ".".join(p[0].upper() for p in parts if p) + "."

    def place_in(self, locality: Any) -> None:
        """Set the locality and copy its ancestors."""
        self.locality = locality
        for name in ANCESTORS:
            setattr(self, f"{name}_id", getattr(locality, f"{name}_id"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code("E")
        super().save(*args, **kwargs)


class Visit(TimeStampedModel):
    """One observation of a child, with the classification it produced under the rule set in force."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Visite du ménage")
        FARM = "farm", _("Visite de la parcelle")
        SCHOOL = "school", _("Visite à l'école")
        FOLLOW_UP = "follow_up", _("Suivi")

    class Source(models.TextChoices):
        DESK = "desk", _("Saisie au bureau")
        MOBILE = "mobile", _("Collecte mobile")
        IMPORT = "import", _("Import Excel")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("date de la visite"))
    kind = models.CharField(_("type de visite"), max_length=10, choices=Kind.choices, default=Kind.HOUSEHOLD)
    source = models.CharField(_("origine"), max_length=8, choices=Source.choices, default=Source.DESK)
    agent = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("agent")
    )
    activities = models.JSONField(_("activités des 7 derniers jours"), default=list, blank=True)
    hazardous_tasks = models.JSONField(_("tâches dangereuses"), default=list, blank=True)
    indicators = models.JSONField(_("indicateurs de traite ou d'exploitation"), default=list, blank=True)
    night_work = models.BooleanField(_("travail de nuit"), default=False)
    works_during_school_hours = models.BooleanField(_("travaille pendant les heures de classe"), default=False)
    attends_school = models.BooleanField(_("fréquente l'école"), null=True, blank=True)
    apprenticeship = models.BooleanField(_("en apprentissage"), default=False)
    injured_at_work = models.BooleanField(_("blessé au travail"), default=False)
    injury_note = models.CharField(_("nature de la blessure"), max_length=255, blank=True)
    notes = models.TextField(_("observations"), blank=True)
    # The result of the classification (kept on the visit; earlier results go to ClassificationChange).
    category = models.CharField(_("catégorie"), max_length=24, choices=CategoryChoices.choices, db_index=True)
    reasons = models.JSONField(_("motifs"), default=list, blank=True)
    ruleset_version = models.CharField(_("version des règles"), max_length=20)
    age_at_visit = models.PositiveSmallIntegerField(_("âge à la visite"))
    weekly_hours = models.DecimalField(_("heures de travail en 7 jours"), max_digits=5, decimal_places=1, default=0)
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The mobile (or desk) submission the visit came from: its review decides whether it counts in indicators.
    submission = models.ForeignKey(
        "collect.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("soumission d'origine"),
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visite")
        verbose_name_plural = _("visites")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["child", "visited_on"], name="registry_visit_child_date_idx")]

    def __str__(self) -> str:
        return f"{self.child} — {self.visited_on:%d/%m/%Y}"


class ClassificationChange(models.Model):
    """A visit re-classified under another rule set: the result before and after."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="reclassifications")
    at = models.DateTimeField(auto_now_add=True)
    from_version = models.CharField(max_length=20)
    to_version = models.CharField(max_length=20)
    from_category = models.CharField(max_length=24, choices=CategoryChoices.choices)
    to_category = models.CharField(max_length=24, choices=CategoryChoices.choices)
    from_reasons = models.JSONField(default=list)

    class Meta:
        verbose_name = _("reclassement")
        verbose_name_plural = _("reclassements")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.visit}: {self.from_category} → {self.to_category}"


class DuplicateCandidate(TimeStampedModel):
    """Two children that may be the same; a supervisor decides, never the machine."""

    class Status(models.TextChoices):
        OPEN = "open", _("À examiner")
        MERGED = "merged", _("Fusionnés")
        DISMISSED = "dismissed", _("Différents")

    child_a = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    child_b = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=3)
    reasons = models.JSONField(_("éléments"), default=list)
    status = models.CharField(_("décision"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reviewed_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("doublon possible")
        verbose_name_plural = _("doublons possibles")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["child_a", "child_b"], name="registry_duplicate_pair_unique"),
            models.CheckConstraint(condition=Q(child_a__lt=models.F("child_b")), name="registry_duplicate_pair_order"),
        ]

    def __str__(self) -> str:
        return f"{self.child_a} ~ {self.child_b} ({self.score})"


class RegisterImport(TimeStampedModel):
    """An uploaded Excel file of households and children: its dry-run report and, once applied, its outcome."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Vérifié (essai)")
        APPLIED = "applied", _("Appliqué")
        FAILED = "failed", _("Refusé")

    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(_("contenu"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, related_name="register_imports", verbose_name=_("déposé par")
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.CHECKED)
    report = models.JSONField(_("rapport"), default=dict)
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import du registre")
        verbose_name_plural = _("imports du registre")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
