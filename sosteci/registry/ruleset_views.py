"""Pages where national administrators read, copy, edit and put in force the classification rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.registry.models import RuleSetVersion
from sosteci.registry.services.rulesets import LISTS, ruleset_activate, ruleset_draft_from, ruleset_update
from sosteci.registry.tasks import reclassify_in_background

LIST_TITLES = {
    "activities": gettext_lazy("Activités économiques et ménagères"),
    "light_tasks": gettext_lazy("Travaux légers (13 à 15 ans)"),
    "hazardous_tasks": gettext_lazy("Travaux dangereux (interdits avant 18 ans)"),
    "indicators": gettext_lazy("Indicateurs de traite et d'exploitation"),
}
KIND_CHOICES = {
    "activities": [("economic", gettext_lazy("Économique")), ("household", gettext_lazy("Ménagère (propre foyer)"))],
    "indicators": [
        ("trafficking_act", gettext_lazy("Acte de traite")),
        ("forced_labour", gettext_lazy("Travail forcé")),
        ("sexual_exploitation", gettext_lazy("Exploitation sexuelle")),
        ("illicit", gettext_lazy("Activité illicite")),
    ],
}


class ItemForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=30)
    label_fr = forms.CharField(label=gettext_lazy("Libellé (français)"), max_length=200)
    label_en = forms.CharField(label=gettext_lazy("Libellé (anglais)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Nature"), required=False)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300)

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
            self.fields["kind"].required = True
        else:
            del self.fields["kind"]


ItemFormSet = forms.formset_factory(ItemForm, extra=1, can_delete=True)


PARAMETER_LABELS = {
    "adult_age": gettext_lazy("Majorité (âge de sortie du registre)"),
    "min_age_employment": gettext_lazy("Âge minimum d'admission à l'emploi"),
    "apprenticeship_min_age": gettext_lazy("Âge minimum de l'apprentissage"),
    "light_work_min_age": gettext_lazy("Âge minimum des travaux légers"),
    "light_work_max_hours": gettext_lazy("Heures maximales de travail léger par semaine"),
    "long_hours_threshold": gettext_lazy("Seuil des longues heures par semaine"),
    "household_chores_max_hours": gettext_lazy("Seuil des tâches ménagères par semaine"),
    "compulsory_school_from": gettext_lazy("Scolarité obligatoire : à partir de"),
    "compulsory_school_until": gettext_lazy("Scolarité obligatoire : jusqu'à"),
}


def _parameters_form(data: Any, ruleset: RuleSetVersion) -> forms.Form:
    form = forms.Form(data, prefix="param")
    for key, value in ruleset.data.get("parameters", {}).items():
        form.fields[key] = forms.DecimalField(
            label=PARAMETER_LABELS.get(key, key), initial=value, min_value=0, max_value=200, help_text=key
        )
    return form


def _formsets(data: Any, ruleset: RuleSetVersion) -> dict[str, Any]:
    return {
        name: ItemFormSet(
            data, prefix=name, initial=ruleset.data.get(name, []), form_kwargs={"kinds": KIND_CHOICES.get(name)}
        )
        for name in LISTS
    }


@requires(Perm.RULESET_MANAGE)
def ruleset_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "registry/ruleset_list.html", {"rulesets": RuleSetVersion.objects.all()})


@requires(Perm.RULESET_MANAGE)
def ruleset_detail(request: AuthedRequest, version: str) -> HttpResponse:
    ruleset = get_object_or_404(RuleSetVersion, version=version)
    editable = ruleset.status == RuleSetVersion.Status.DRAFT
    data = request.POST if request.method == "POST" and editable else None
    params = _parameters_form(data, ruleset)
    lists = _formsets(data, ruleset)
    if data is not None and params.is_valid() and all(f.is_valid() for f in lists.values()):
        new = dict(ruleset.data)
        new["parameters"] = {k: float(v) for k, v in params.cleaned_data.items()}
        for name, formset in lists.items():
            new[name] = [
                {k: v for k, v in f.cleaned_data.items() if k != "DELETE" and v}
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
        try:
            ruleset_update(by=request.user, ruleset=ruleset, data=new, note=request.POST.get("note", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("registry:ruleset-detail", version=version)
    return render(
        request,
        "registry/ruleset_detail.html",
        {
            "ruleset": ruleset,
            "editable": editable,
            "params": params,
            "lists": [(name, LIST_TITLES[name], lists[name]) for name in LISTS],
            "can_manage": may(request.user, Perm.RULESET_MANAGE),
        },
    )


@require_POST
@requires(Perm.RULESET_MANAGE)
def ruleset_copy(request: AuthedRequest, version: str) -> HttpResponse:
    source = get_object_or_404(RuleSetVersion, version=version)
    try:
        draft = ruleset_draft_from(
            by=request.user,
            source=source,
            version=request.POST.get("version", "").strip(),
            title=request.POST.get("title", "").strip() or source.title,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("registry:ruleset-detail", version=version)
    messages.success(request, _("Brouillon %(v)s créé.") % {"v": draft.version})
    return redirect("registry:ruleset-detail", version=draft.version)


@require_POST
@requires(Perm.RULESET_MANAGE)
def ruleset_put_in_force(request: AuthedRequest, version: str) -> HttpResponse:
    ruleset = get_object_or_404(RuleSetVersion, version=version)
    try:
        ruleset_activate(by=request.user, ruleset=ruleset)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("La version %(v)s est en vigueur pour les nouvelles visites.") % {"v": version})
    return redirect("registry:ruleset-detail", version=version)


@require_POST
@requires(Perm.RULESET_MANAGE)
def ruleset_reclassify(request: AuthedRequest, version: str) -> HttpResponse:
    ruleset = get_object_or_404(RuleSetVersion, version=version)
    dry_run = request.POST.get("apply") != "1" or ruleset.status != RuleSetVersion.Status.ACTIVE
    reclassify_in_background.enqueue(version, dry_run, request.user.username)
    messages.info(
        request,
        _("Reclassement lancé en tâche de fond ; le résultat s'affichera ici.")
        if not dry_run
        else _("Essai de reclassement lancé en tâche de fond ; rechargez la page."),
    )
    return redirect("registry:ruleset-detail", version=version)
