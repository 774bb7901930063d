"""Administrators edit the rules as data: a new version is a draft copy, edited, then put in force."""

from __future__ import annotations

import copy
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.classification import RuleSet
from sosteci.registry.models import RuleSetVersion

LISTS = ("activities", "light_tasks", "hazardous_tasks", "indicators")
VERSION_RE = re.compile(r"^\d{4}\.\d{1,3}$")
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,29}$")


def _require(by: User) -> None:
    if not may(by, Perm.RULESET_MANAGE):
        raise PermissionDenied


def validate_data(data: dict[str, Any]) -> RuleSet:
    """Check a rule set's data; errors are French and name the list and the code."""
    errors: list[str] = []
    seen: dict[str, str] = {}
    for name in LISTS:
        for index, item in enumerate(data.get(name, [])):
            code = str(item.get("code", ""))
            where = _("%(list)s, ligne %(n)s") % {"list": name, "n": index + 1}
            if not CODE_RE.match(code):
                errors.append(
                    _("%(where)s : code « %(code)s » invalide (majuscules, chiffres, _).")
                    % {"where": where, "code": code}
                )
            elif code in seen:
                errors.append(
                    _("%(where)s : le code %(code)s existe déjà dans %(other)s.")
                    % {"where": where, "code": code, "other": seen[code]}
                )
            seen[code] = name
            if not str(item.get("label_fr", "")).strip():
                errors.append(_("%(where)s : libellé français manquant.") % {"where": where})
            if not str(item.get("source", "")).strip():
                errors.append(
                    _("%(where)s : la source (texte de loi, arrêté, norme) est obligatoire.") % {"where": where}
                )
    for key, value in data.get("parameters", {}).items():
        try:
            if float(value) < 0:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(_("Paramètre %(key)s : nombre positif attendu.") % {"key": key})
    if errors:
        raise ValidationError(errors)
    return RuleSet.from_dict(data)


@transaction.atomic
def ruleset_draft_from(*, by: User, source: RuleSetVersion, version: str, title: str) -> RuleSetVersion:
    _require(by)
    if not VERSION_RE.match(version):
        raise ValidationError({"version": _("Version attendue sous la forme AAAA.N, par exemple 2027.1.")})
    if RuleSetVersion.objects.filter(version=version).exists():
        raise ValidationError({"version": _("La version %(v)s existe déjà.") % {"v": version}})
    data = copy.deepcopy(source.data)
    data.update(version=version, title=title)
    draft = RuleSetVersion.objects.create(
        version=version,
        title=title,
        data=data,
        created_by=by,
        note=_("Copie de la version %(v)s.") % {"v": source.version},
    )
    audit_record(actor=by, action="ruleset.create", obj=draft, after={"from": source.version})
    return draft


@transaction.atomic
def ruleset_update(*, by: User, ruleset: RuleSetVersion, data: dict[str, Any], note: str = "") -> RuleSetVersion:
    _require(by)
    if ruleset.status != RuleSetVersion.Status.DRAFT:
        raise ValidationError(_("Seul un brouillon peut être modifié ; créez une nouvelle version."))
    data = {**data, "version": ruleset.version, "title": ruleset.title}
    validate_data(data)
    before = {name: len(ruleset.data.get(name, [])) for name in LISTS}
    ruleset.data = data
    if note:
        ruleset.note = note
    ruleset.save(update_fields=["data", "note", "updated_at"])
    audit_record(
        actor=by,
        action="ruleset.update",
        obj=ruleset,
        before=before,
        after={name: len(data.get(name, [])) for name in LISTS},
    )
    return ruleset


@transaction.atomic
def ruleset_activate(*, by: User, ruleset: RuleSetVersion) -> RuleSetVersion:
    """Put a draft in force; the previous version is retired. Past visits keep their result until
    `reclassify` is run (its dry run shows what would change)."""
    _require(by)
    if ruleset.status != RuleSetVersion.Status.DRAFT:
        raise ValidationError(_("Seul un brouillon peut être mis en vigueur."))
    validate_data(ruleset.data)
    previous = RuleSetVersion.objects.select_for_update().filter(status=RuleSetVersion.Status.ACTIVE).first()
    if previous is not None:
        previous.status = RuleSetVersion.Status.RETIRED
        previous.save(update_fields=["status", "updated_at"])
    ruleset.status = RuleSetVersion.Status.ACTIVE
    ruleset.activated_at = timezone.now()
    ruleset.save(update_fields=["status", "activated_at", "updated_at"])
    audit_record(
        actor=by,
        action="ruleset.activate",
        obj=ruleset,
        before={"active": previous.version if previous else None},
        after={"active": ruleset.version},
    )
    return ruleset


def ruleset_ensure_shipped() -> RuleSetVersion:
    """Make sure the rule set shipped with the code exists, and that one version is in force.

    The data migration does this on a new database; this covers a database emptied since (test flushes).
    """
    from sosteci.classification import default_ruleset

    shipped = default_ruleset()
    row, _created = RuleSetVersion.objects.get_or_create(
        version=shipped.version,
        defaults={
            "title": shipped.title,
            "data": shipped.as_dict(),
            "note": _("Première version livrée avec le logiciel."),
        },
    )
    if not RuleSetVersion.objects.filter(status=RuleSetVersion.Status.ACTIVE).exists():
        row.status = RuleSetVersion.Status.ACTIVE
        row.activated_at = timezone.now()
        row.save(update_fields=["status", "activated_at", "updated_at"])
    return row
