"""Writes of due diligence: a structure's sourcing declaration (a draft, changed at will, then submitted and fixed)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.diligence import policy
from sosteci.diligence.models import SourcingDeclaration, SourcingLine
from sosteci.directory.models import Structure, StructureKind
from sosteci.territory.models import AdminUnit, Level

_SEPARATORS = re.compile(r"[\s,;]+")
MAX_LOCALITIES = 2000


@dataclass(frozen=True)
class SourcingInput:
    period_start: date
    period_end: date
    cooperatives: Sequence[int] = ()  # directory structures of kind cooperative
    localities: str = ""  # P-codes of localités, one a line (or separated by commas)
    note: str = ""


@dataclass
class CleanSourcing:
    cooperatives: list[Structure] = field(default_factory=list)
    localities: list[AdminUnit] = field(default_factory=list)


def parse_localities(text: str) -> list[AdminUnit]:
    """The localités of P-codes typed one a line; every unknown or non-localité code is reported with its line."""
    errors: list[str] = []
    wanted: list[tuple[int, str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        for code in _SEPARATORS.split(line.strip()):
            if code:
                wanted.append((number, code.upper()))
    if len(wanted) > MAX_LOCALITIES:
        raise ValidationError({"localities": [_("Au plus %(n)s localités par déclaration.") % {"n": MAX_LOCALITIES}]})
    found = {u.pcode.upper(): u for u in AdminUnit.objects.filter(pcode__in=[c for _n, c in wanted])}
    units: dict[int, AdminUnit] = {}
    for number, code in wanted:
        unit = found.get(code)
        if unit is None:
            errors.append(_("Ligne %(line)s : P-code inconnu « %(code)s ».") % {"line": number, "code": code})
        elif unit.level != Level.LOCALITE:
            errors.append(
                _("Ligne %(line)s : « %(code)s » (%(name)s) n'est pas une localité mais un(e) %(level)s.")
                % {"line": number, "code": code, "name": unit.name, "level": unit.get_level_display().lower()}
            )
        else:
            units[unit.pk] = unit
    if errors:
        raise ValidationError({"localities": errors})
    return list(units.values())


def _clean(data: SourcingInput) -> CleanSourcing:
    errors: dict[str, list[str]] = {}
    if data.period_end < data.period_start:
        errors["period_end"] = [
            _("La fin de la période (%(end)s) précède son début (%(start)s).")
            % {"end": f"{data.period_end:%d/%m/%Y}", "start": f"{data.period_start:%d/%m/%Y}"}
        ]
    if data.period_start > timezone.localdate():
        errors["period_start"] = [_("Le début de la période ne peut pas être dans le futur.")]
    cooperatives = list(Structure.objects.filter(pk__in=list(data.cooperatives)))
    wrong = [s.name for s in cooperatives if s.kind != StructureKind.COOPERATIVE]
    if len(cooperatives) != len(set(data.cooperatives)) or wrong:
        errors["cooperatives"] = [
            _("Seules des coopératives du répertoire peuvent être déclarées : %(names)s.")
            % {"names": ", ".join(wrong) or _("structure inconnue")}
        ]
    try:
        localities = parse_localities(data.localities)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        localities = []
    if not errors and not cooperatives and not localities:
        errors["localities"] = [_("Déclarez au moins une coopérative ou une localité.")]
    if errors:
        raise ValidationError(errors)
    return CleanSourcing(cooperatives=cooperatives, localities=localities)


def _structure(by: User) -> Structure:
    structure_id = policy.declaring_structure_id(by)
    if structure_id is None:
        raise PermissionDenied(_("Seul un compte d'entreprise ou de coopérative déclare un approvisionnement."))
    return Structure.objects.get(pk=structure_id)


def _snapshot(declaration: SourcingDeclaration) -> dict[str, object]:
    lines = list(declaration.lines.select_related("cooperative", "locality"))
    return {
        "period_start": declaration.period_start,
        "period_end": declaration.period_end,
        "cooperatives": sorted(line.cooperative.code for line in lines if line.cooperative),
        "localities": sorted(line.locality.pcode for line in lines if line.locality),
        "status": declaration.status,
    }


def _write_lines(declaration: SourcingDeclaration, clean: CleanSourcing) -> None:
    declaration.lines.all().delete()
    SourcingLine.objects.bulk_create(
        [SourcingLine(declaration=declaration, cooperative=c) for c in clean.cooperatives]
        + [SourcingLine(declaration=declaration, locality=u) for u in clean.localities]
    )


@transaction.atomic
def declaration_create(*, by: User, data: SourcingInput) -> SourcingDeclaration:
    structure = _structure(by)
    clean = _clean(data)
    declaration = SourcingDeclaration(
        structure=structure,
        period_start=data.period_start,
        period_end=data.period_end,
        note=data.note,
        created_by=by,
    )
    declaration.full_clean()
    declaration.save()
    _write_lines(declaration, clean)
    audit_record(actor=by, action="diligence.declaration_create", obj=declaration, after=_snapshot(declaration))
    return declaration


@transaction.atomic
def declaration_update(*, by: User, declaration: SourcingDeclaration, data: SourcingInput) -> SourcingDeclaration:
    if declaration.structure_id != policy.declaring_structure_id(by):
        raise PermissionDenied(_("Cette déclaration n'est pas celle de votre structure."))
    if declaration.is_submitted:
        raise ValidationError(_("Une déclaration transmise ne change plus : faites-en une pour une autre période."))
    clean = _clean(data)
    before = _snapshot(declaration)
    declaration.period_start, declaration.period_end, declaration.note = data.period_start, data.period_end, data.note
    declaration.full_clean()
    declaration.save()
    _write_lines(declaration, clean)
    audit_record(
        actor=by, action="diligence.declaration_update", obj=declaration, before=before, after=_snapshot(declaration)
    )
    return declaration


@transaction.atomic
def declaration_submit(*, by: User, declaration: SourcingDeclaration) -> SourcingDeclaration:
    """Fix the declaration; its period may not overlap another declared sourcing of the structure."""
    if declaration.structure_id != policy.declaring_structure_id(by):
        raise PermissionDenied(_("Cette déclaration n'est pas celle de votre structure."))
    if declaration.is_submitted:
        raise ValidationError(_("Cette déclaration est déjà transmise."))
    if not declaration.lines.exists():
        raise ValidationError(_("Déclarez au moins une coopérative ou une localité."))
    overlapping = (
        SourcingDeclaration.objects.select_for_update()
        .filter(structure_id=declaration.structure_id, status=SourcingDeclaration.Status.SUBMITTED)
        .filter(period_start__lte=declaration.period_end, period_end__gte=declaration.period_start)
        .exclude(pk=declaration.pk)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            _(
                "La période chevauche la déclaration du %(start)s au %(end)s : une seule déclaration par période, "
                "pour qu'aucune comparaison entre deux déclarations ne révèle les chiffres d'une localité."
            )
            % {"start": f"{overlapping.period_start:%d/%m/%Y}", "end": f"{overlapping.period_end:%d/%m/%Y}"}
        )
    declaration.status = SourcingDeclaration.Status.SUBMITTED
    declaration.submitted_at = timezone.now()
    declaration.submitted_by = by
    declaration.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(
        actor=by,
        action="diligence.declaration_submit",
        obj=declaration,
        before={"status": SourcingDeclaration.Status.DRAFT},
        after=_snapshot(declaration),
    )
    return declaration


@transaction.atomic
def declaration_delete(*, by: User, declaration: SourcingDeclaration) -> None:
    if declaration.structure_id != policy.declaring_structure_id(by):
        raise PermissionDenied(_("Cette déclaration n'est pas celle de votre structure."))
    if declaration.is_submitted:
        raise ValidationError(_("Une déclaration transmise ne se supprime pas."))
    audit_record(actor=by, action="diligence.declaration_delete", obj=declaration, before=_snapshot(declaration))
    declaration.delete()
