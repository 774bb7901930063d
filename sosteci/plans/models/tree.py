"""Action plans: axis › strategic objective › action › activity, budgets by year, stated totals, indicators.

Amounts are whole F CFA in a nullable integer, with a PM flag: "PM" (pro memoria) is a line listed without a
figure on purpose, a state distinct from 0 and from a blank cell. An activity's cost may also be "to be defined"
(a roadmap's "A définir"), a third state, neither PM nor an amount. The totals the document states are stored
apart from the lines (`StatedTotal`), so that they can be reconciled with the sums of the lines.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.plans.document import Amount


class AmountFields(models.Model):
    """A cell of a budget: an amount in F CFA, or PM (no amount), or blank (neither)."""

    amount = models.BigIntegerField(_("montant (F CFA)"), null=True, blank=True)
    is_pm = models.BooleanField(_("pour mémoire (PM)"), default=False)

    class Meta:
        abstract = True
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(is_pm=False) | Q(amount__isnull=True), name="%(app_label)s_%(class)s_pm_without_amount"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="%(app_label)s_%(class)s_amount_not_negative"
            ),
        ]

    @property
    def as_amount(self) -> Amount:
        return Amount(pm=True) if self.is_pm else Amount(self.amount)


class PlanKind(models.TextChoices):
    ACTION_PLAN = "plan", _("Plan d'action national")
    ROADMAP = "roadmap", _("Feuille de route")


class Plan(TimeStampedModel):
    """An action plan (or a roadmap of priority actions) as imported from its source document."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("intitulé"), max_length=300)
    kind = models.CharField(_("type de document"), max_length=8, choices=PlanKind.choices, default=PlanKind.ACTION_PLAN)
    start_year = models.PositiveSmallIntegerField(_("première année"))
    end_year = models.PositiveSmallIntegerField(_("dernière année"))
    currency = models.CharField(_("monnaie"), max_length=8, default="FCFA")
    source_name = models.CharField(_("document source"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("empreinte SHA-256 du document"), max_length=64, blank=True)
    notes = models.JSONField(_("notes de lecture"), default=list, blank=True)
    imported_at = models.DateTimeField(_("importé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan d'action")
        verbose_name_plural = _("plans d'action")
        ordering = ("-start_year", "code")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plans_plan_period_order")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Axis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=8)
    title = models.CharField(_("intitulé"), max_length=500)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    line = models.PositiveIntegerField(_("ligne du document"), default=0)

    class Meta:
        verbose_name = _("axe stratégique")
        verbose_name_plural = _("axes stratégiques")
        ordering = ("plan", "position")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("plan", "code"), name="plans_axis_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class StrategicObjective(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("axe"))
    code = models.CharField(_("code"), max_length=16)
    title = models.CharField(_("intitulé"), max_length=500)
    effect = models.TextField(_("effet attendu"), blank=True)
    indicator = models.TextField(_("indicateur d'effet"), blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    line = models.PositiveIntegerField(_("ligne du document"), default=0)

    class Meta:
        verbose_name = _("objectif stratégique")
        verbose_name_plural = _("objectifs stratégiques")
        ordering = ("axis", "position")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("axis", "code"), name="plans_objective_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class Action(models.Model):
    objective = models.ForeignKey(
        StrategicObjective, on_delete=models.CASCADE, related_name="actions", verbose_name=_("objectif")
    )
    code = models.CharField(_("code"), max_length=16)
    title = models.CharField(_("intitulé"), max_length=500)
    product = models.TextField(_("produit attendu"), blank=True)
    indicator = models.TextField(_("indicateur de produit"), blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    line = models.PositiveIntegerField(_("ligne du document"), default=0)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ("objective", "position")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("objective", "code"), name="plans_action_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class Activity(models.Model):
    """A line of the plan: who is responsible, with whom, its total cost (or PM) and its budget by year."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="activities", verbose_name=_("action"))
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("intitulé"))
    responsible = models.CharField(_("structure responsable"), max_length=255, blank=True)
    partners = models.CharField(_("partenaires d'exécution"), max_length=500, blank=True)
    total_cost = models.BigIntegerField(_("coût total (F CFA)"), null=True, blank=True)
    total_cost_pm = models.BooleanField(_("coût pour mémoire (PM)"), default=False)
    total_cost_tbd = models.BooleanField(_("coût à définir"), default=False)
    duration = models.CharField(_("durée"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    line = models.PositiveIntegerField(_("ligne du document"), default=0)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ("action", "position")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("action", "code"), name="plans_activity_code_unique"),
            models.CheckConstraint(
                condition=Q(total_cost_pm=False) | Q(total_cost__isnull=True), name="plans_activity_pm_without_cost"
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True) | Q(total_cost__gte=0), name="plans_activity_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(total_cost_tbd=False) | Q(total_cost__isnull=True, total_cost_pm=False),
                name="plans_activity_tbd_without_cost",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title[:80]}"

    @property
    def total(self) -> Amount:
        if self.total_cost_tbd:
            return Amount(tbd=True)
        return Amount(pm=True) if self.total_cost_pm else Amount(self.total_cost)


class ActivityYear(AmountFields):
    """The activity's budget for one year of the plan (a blank cell of the document is a blank row)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="years", verbose_name=_("activité"))
    year = models.PositiveSmallIntegerField(_("année"))

    class Meta(AmountFields.Meta):
        verbose_name = _("budget annuel d'activité")
        verbose_name_plural = _("budgets annuels d'activité")
        ordering = ("activity", "year")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            *AmountFields.Meta.constraints,
            models.UniqueConstraint(fields=("activity", "year"), name="plans_activityyear_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.as_amount}"


class StatedTotal(models.Model):
    """A subtotal or total as the document writes it, kept apart from the lines it should add up."""

    class Scope(models.TextChoices):
        PLAN = "plan", _("Plan")
        AXIS = "axis", _("Axe")
        OBJECTIVE = "objective", _("Objectif stratégique")
        ACTION = "action", _("Action")
        STATE_SHARE = "state_share", _("Part de l'État")
        PARTNER_SHARE = "partner_share", _("Montant à mobiliser auprès des partenaires")

    class Source(models.TextChoices):
        MATRIX = "matrix", _("Matrice du plan")
        RECAP = "recap", _("Tableau récapitulatif du financement")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stated_totals", verbose_name=_("plan"))
    scope = models.CharField(_("niveau"), max_length=16, choices=Scope.choices)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    subject = models.CharField(_("code"), max_length=16, blank=True, help_text=_("Vide pour le plan entier."))
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, null=True, blank=True, related_name="stated_totals")
    objective = models.ForeignKey(
        StrategicObjective, on_delete=models.CASCADE, null=True, blank=True, related_name="stated_totals"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="stated_totals")
    label = models.CharField(_("libellé"), max_length=300)
    line = models.PositiveIntegerField(_("ligne du document"), default=0)
    total_amount = models.BigIntegerField(_("total (F CFA)"), null=True, blank=True)
    total_pm = models.BooleanField(_("total pour mémoire (PM)"), default=False)

    class Meta:
        verbose_name = _("total déclaré")
        verbose_name_plural = _("totaux déclarés")
        ordering = ("plan", "line")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("plan", "scope", "source", "subject"), name="plans_statedtotal_unique"),
            models.CheckConstraint(
                condition=Q(total_pm=False) | Q(total_amount__isnull=True), name="plans_statedtotal_pm_without_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_source_display()}, ligne {self.line})"

    @property
    def total(self) -> Amount:
        return Amount(pm=True) if self.total_pm else Amount(self.total_amount)


class StatedYear(AmountFields):
    stated = models.ForeignKey(StatedTotal, on_delete=models.CASCADE, related_name="years", verbose_name=_("total"))
    year = models.PositiveSmallIntegerField(_("année"))

    class Meta(AmountFields.Meta):
        verbose_name = _("montant annuel déclaré")
        verbose_name_plural = _("montants annuels déclarés")
        ordering = ("stated", "year")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            *AmountFields.Meta.constraints,
            models.UniqueConstraint(fields=("stated", "year"), name="plans_statedyear_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.as_amount}"


class Indicator(models.Model):
    """A row of the performance framework: an effect indicator (objective) or a product indicator (action)."""

    class Level(models.TextChoices):
        EFFECT = "effect", _("Effet")
        PRODUCT = "product", _("Produit")

    class Kind(models.TextChoices):
        NUMBER = "number", _("Nombre")
        PERCENTAGE = "percentage", _("Pourcentage")
        SCALE = "scale", _("Échelle (Faible, Moyen, Bon, Elevé)")
        STAGE = "stage", _("Étape (Non, démarrage, En cours, Opérationnel)")
        QUALITATIVE = "qualitative", _("Qualitatif")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan"))
    level = models.CharField(_("niveau"), max_length=8, choices=Level.choices)
    code = models.CharField(_("code"), max_length=16)
    code_as_written = models.CharField(_("code dans le document"), max_length=16, blank=True)
    objective = models.ForeignKey(
        StrategicObjective, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators")
    result = models.TextField(_("résultat attendu"))
    name = models.TextField(_("indicateur de suivi"))
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    baseline_year = models.PositiveSmallIntegerField(_("année de référence"))
    responsible = models.CharField(_("responsable"), max_length=255, blank=True)
    source = models.CharField(_("source des données"), max_length=255, blank=True)
    computed_code = models.CharField(
        _("indicateur calculé par SOSTECI"),
        max_length=40,
        blank=True,
        help_text=_("Code d'un indicateur de sosteci.indicators : ses valeurs nationales annuelles sont reprises."),
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    line = models.PositiveIntegerField(_("ligne du document"), default=0)

    class Meta:
        verbose_name = _("indicateur de performance")
        verbose_name_plural = _("indicateurs de performance")
        ordering = ("plan", "position")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("plan", "level", "code"), name="plans_indicator_unique"),
            models.CheckConstraint(
                condition=(Q(level="effect", objective__isnull=False, action__isnull=True))
                | Q(level="product", action__isnull=False, objective__isnull=True),
                name="plans_indicator_attached_to_its_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name[:80]}"


class IndicatorValue(models.Model):
    """The baseline (the indicator's baseline year) or the target of one year, as written and as a number."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("année"))
    text = models.CharField(_("valeur"), max_length=100, blank=True)
    number = models.DecimalField(_("valeur numérique"), max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateur")
        ordering = ("indicator", "year")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("indicator", "year"), name="plans_indicatorvalue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.text}"

    @property
    def is_baseline(self) -> bool:
        return self.year == self.indicator.baseline_year


class IndicatorActual(models.Model):
    """The value an indicator actually reached in a year: entered, or computed by SOSTECI (national total)."""

    class Origin(models.TextChoices):
        ENTERED = "entered", _("Saisie")
        COMPUTED = "computed", _("Calculée par SOSTECI")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("année"))
    text = models.CharField(_("valeur"), max_length=100)
    number = models.DecimalField(_("valeur numérique"), max_digits=20, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rang sur l'échelle"), null=True, blank=True)
    origin = models.CharField(_("origine"), max_length=8, choices=Origin.choices, default=Origin.ENTERED)
    numerator = models.BigIntegerField(_("numérateur"), null=True, blank=True)
    denominator = models.BigIntegerField(_("dénominateur"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("enregistrée le"), auto_now=True)
    recorded_by = models.ForeignKey("access.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("valeur constatée d'indicateur")
        verbose_name_plural = _("valeurs constatées d'indicateur")
        ordering = ("indicator", "year")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("indicator", "year"), name="plans_indicatoractual_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.text}"
