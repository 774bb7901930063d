"""Documents of the knowledge base and reference series: figures published by national surveys and reports, kept
beside (never mixed with) the indicators SOSTECI computes from its own register."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sosteci.core.documents import stored_name
from sosteci.core.models import TimeStampedModel
from sosteci.core.text import strip_accents
from sosteci.registry.models import Sex
from sosteci.territory.models import Level

FIRST_YEAR, LAST_YEAR = 1950, 2100


class DocumentKind(models.TextChoices):
    STUDY = "study", _("Étude ou recherche")
    SURVEY = "survey", _("Enquête statistique")
    EVALUATION = "evaluation", _("Évaluation")
    REPORT = "report", _("Rapport")
    PLAN = "plan", _("Plan, stratégie ou feuille de route")
    LEGAL = "legal", _("Texte juridique")
    OTHER = "other", _("Autre")


class Theme(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("Travail des enfants")
    TRAFFICKING = "trafficking", _("Traite des personnes")
    EDUCATION = "education", _("Éducation")
    BIRTH_REGISTRATION = "birth_registration", _("Enregistrement des naissances")
    COCOA = "cocoa", _("Cacao et chaînes de valeur")
    SOCIAL_PROTECTION = "social_protection", _("Protection sociale et prise en charge")
    JUSTICE = "justice", _("Justice et répression")
    COORDINATION = "coordination", _("Coordination et financement")
    DATA = "data", _("Données et suivi")


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    SUBNATIONAL = "subnational", _("Régional ou local")
    INTERNATIONAL = "international", _("Plusieurs pays")


class Language(models.TextChoices):
    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")
    OTHER = "other", _("Autre")


def validate_themes(value: Any) -> None:
    """A list of Theme codes, each once."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Les thèmes doivent être une liste de codes."), code="themes")
    unknown = [code for code in value if code not in Theme.values]
    if unknown:
        raise ValidationError(_("Thème inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}, code="themes")
    if len(set(value)) != len(value):
        raise ValidationError(_("Un thème est cité deux fois."), code="themes")


def search_key(*parts: str) -> str:
    """The text searched: lower case, no accents, single spaces ("Étude ENSÉTÉ" -> "etude enseté" -> "etude ensete")."""
    return " ".join(strip_accents(" ".join(p for p in parts if p)).lower().split())


def document_file_path(instance: Any, filename: str) -> str:
    return stored_name("knowledge", filename)


class Document(TimeStampedModel):
    """A study, survey, evaluation or report: its reference, what it covers, its abstract, and its file (served
    through a view that audits each download) or where to find it."""

    title = models.CharField(_("titre"), max_length=400)
    authors = models.CharField(_("auteurs"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        _("année"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Vide quand le document n'est pas daté."),
    )
    published_on = models.DateField(_("date de publication"), null=True, blank=True)
    publisher = models.CharField(_("éditeur ou commanditaire"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=DocumentKind.choices, db_index=True)
    scope = models.CharField(_("portée"), max_length=16, choices=Scope.choices, default=Scope.NATIONAL)
    units = models.ManyToManyField(
        "territory.AdminUnit", blank=True, related_name="documents", verbose_name=_("zones couvertes")
    )
    themes = models.JSONField(_("thèmes"), default=list, blank=True, validators=[validate_themes])
    abstract = models.TextField(_("résumé"), blank=True)
    language = models.CharField(_("langue"), max_length=8, choices=Language.choices, default=Language.FRENCH)
    file = models.FileField(_("fichier"), upload_to=document_file_path, max_length=300, blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(_("taille du fichier (octets)"), null=True, blank=True)
    external_url = models.URLField(_("adresse en ligne"), max_length=500, blank=True)
    reference = models.CharField(
        _("référence"),
        max_length=500,
        blank=True,
        help_text=_("Où trouver le document : cote, ISBN, service qui le détient…"),
    )
    search_text = models.TextField(editable=False, blank=True)
    recorded_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("saisi par")
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = [models.F("year").desc(nulls_last=True), "title", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year or 's. d.'})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_key(self.title, self.authors, self.publisher, self.abstract)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.published_on and self.year and self.published_on.year != self.year:
            raise ValidationError(
                {
                    "published_on": [
                        _("La date de publication (%(day)s) n'est pas de l'année indiquée (%(year)s).")
                        % {"day": f"{self.published_on:%d/%m/%Y}", "year": self.year}
                    ]
                }
            )

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in self.themes]


class SeriesUnit(models.TextChoices):
    PERCENT = "percent", _("Pourcentage (%)")
    NUMBER = "number", _("Effectif")
    AMOUNT = "amount", _("Montant (FCFA)")


class ReferenceSeries(TimeStampedModel):
    """A figure published by a survey or a report, followed over time: what it measures, how, from which document,
    and the routine indicator of SOSTECI it may be compared with (a different source: never merged)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("intitulé"), max_length=300)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="series", verbose_name=_("document source")
    )
    unit = models.CharField(_("unité"), max_length=8, choices=SeriesUnit.choices)
    methodology = models.TextField(_("note méthodologique"), blank=True)
    indicator_code = models.CharField(
        _("indicateur SOSTECI comparable"),
        max_length=40,
        blank=True,
        help_text=_("Code d'un indicateur calculé par SOSTECI (par exemple CH_WORST)."),
    )

    class Meta:
        verbose_name = _("série de référence")
        verbose_name_plural = _("séries de référence")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        from sosteci.indicators.definitions import BY_CODE

        if self.indicator_code and self.indicator_code not in BY_CODE:
            raise ValidationError(
                {"indicator_code": [_("Indicateur SOSTECI inconnu : « %(code)s ».") % {"code": self.indicator_code}]}
            )


AGE_BAND_CHOICES = [("0-4", "0-4"), ("5-11", "5-11"), ("12-14", "12-14"), ("15-17", "15-17")]
VALUE_LEVELS = (Level.PAYS, Level.REGION)


class SeriesValue(models.Model):
    """One published value: a year (or period), the nation or a région, optionally for one sex or age band, with
    its confidence interval when the survey gives one, and where in the document it is stated."""

    series = models.ForeignKey(
        ReferenceSeries, on_delete=models.CASCADE, related_name="values", verbose_name=_("série")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    period_label = models.CharField(
        _("période"), max_length=40, blank=True, help_text=_("Telle que la source l'écrit (par exemple 2018/19).")
    )
    admin_unit = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unité")
    )
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("tranche d'âge"), max_length=8, choices=AGE_BAND_CHOICES, blank=True)
    value = models.DecimalField(_("valeur"), max_digits=16, decimal_places=2)
    ci_low = models.DecimalField(_("borne basse (IC 95 %)"), max_digits=16, decimal_places=2, null=True, blank=True)
    ci_high = models.DecimalField(_("borne haute (IC 95 %)"), max_digits=16, decimal_places=2, null=True, blank=True)
    source_location = models.CharField(_("emplacement dans la source"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("valeur de référence")
        verbose_name_plural = _("valeurs de référence")
        ordering = ["series", "year", "admin_unit__pcode", "sex", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "admin_unit", "sex", "age_band"], name="knowledge_value_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series.code} {self.period} {self.value}"

    @property
    def period(self) -> str:
        return self.period_label or str(self.year)

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.admin_unit_id is not None and self.admin_unit.level not in VALUE_LEVELS:
            errors["admin_unit"] = [
                _("Une valeur de référence porte sur le pays ou une région ; « %(unit)s » est de niveau « %(level)s ».")
                % {"unit": self.admin_unit.name, "level": self.admin_unit.get_level_display()}
            ]
        if self.ci_low is not None and self.ci_high is not None and self.ci_low > self.ci_high:
            errors["ci_high"] = [_("La borne haute de l'intervalle de confiance est inférieure à la borne basse.")]
        elif self.value is not None and (
            (self.ci_low is not None and self.value < self.ci_low)
            or (self.ci_high is not None and self.value > self.ci_high)
        ):
            errors["value"] = [_("La valeur est hors de son intervalle de confiance.")]
        percent = self.series_id is not None and self.series.unit == SeriesUnit.PERCENT
        if percent and self.value is not None and not 0 <= self.value <= 100:
            errors.setdefault("value", []).append(_("Un pourcentage est compris entre 0 et 100."))
        if errors:
            raise ValidationError(errors)
