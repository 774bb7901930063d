"""Finding possible duplicate children, and the supervisor's decision on each pair: merge or dismiss.

Detection only proposes pairs (DuplicateCandidate); nothing is merged without a call to duplicate_merge by a
person allowed to review duplicates where both children live.

Blocking: children are compared only within one sous-préfecture, and only when they share a phonetic key of
their first family or given name (Child.family_phonetic / given_phonetic, either against either, so that
swapped names still meet); see sosteci.registry.duplicates for the scoring and its weights.

When a child is merged away, the other open pairs it was part of are re-pointed to the kept child and scored
again (they stay open for review); a pair whose re-pointed form already exists (in any status) is dismissed
instead, so that an earlier decision on the kept child stands.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.indicators.marking import children_changed
from sosteci.registry.duplicates import DEFAULT_THRESHOLD, ChildFacts, Match, Pair, find_pairs, matches_for, score
from sosteci.registry.models import Child, DuplicateCandidate, Visit
from sosteci.registry.services.visits import _refresh_child_category
from sosteci.territory.models import AdminUnit

FACT_FIELDS = (
    "pk",
    "family_name",
    "given_names",
    "sex",
    "estimated_birth_date",
    "birth_date_estimated",
    "locality_id",
    "household_id",
    "guardian_name",
)
# Fields of the kept child filled from the merged-away one when empty (date_of_birth: when only estimated).
FILLABLE_FIELDS = ("guardian_name", "place_of_origin")


def _facts_from_row(row: dict[str, Any]) -> ChildFacts:
    return ChildFacts(
        family_name=row["family_name"],
        given_names=row["given_names"],
        sex=row["sex"],
        birth_year=row["estimated_birth_date"].year,
        birth_date_estimated=row["birth_date_estimated"],
        locality_id=row["locality_id"],
        household_id=row["household_id"],
        guardian_name=row["guardian_name"],
    )


def child_facts(child: Child) -> ChildFacts:
    """The scoring facts of a child record."""
    return ChildFacts(
        family_name=child.family_name,
        given_names=child.given_names,
        sex=child.sex,
        birth_year=child.estimated_birth_date.year,
        birth_date_estimated=child.birth_date_estimated,
        locality_id=child.locality_id,
        household_id=child.household_id,
        guardian_name=child.guardian_name,
    )


def _facts(children: QuerySet[Child]) -> dict[int, ChildFacts]:
    return {row["pk"]: _facts_from_row(row) for row in children.order_by().values(*FACT_FIELDS)}


def _as_decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.001"))


def _create_candidates(pairs: list[Pair], existing: set[tuple[int, int]]) -> list[DuplicateCandidate]:
    """New rows for the pairs not already known (in any status: a dismissed pair never comes back)."""
    rows = [
        DuplicateCandidate(
            child_a_id=pair.low,
            child_b_id=pair.high,
            score=_as_decimal(pair.match.score),
            reasons=list(pair.match.reasons),
        )
        for pair in pairs
        if (pair.low, pair.high) not in existing
    ]
    # ignore_conflicts: a concurrent scan may have inserted the same pair since `existing` was read.
    DuplicateCandidate.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return rows


def duplicate_scan(*, unit: AdminUnit, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Propose the pairs of active children under `unit` scoring at least `threshold`; how many were new.

    One sous-préfecture at a time, each in its own transaction with its audit row, so that a national scan
    holds neither a long lock nor the whole register in memory.
    """
    active = Child.objects.filter(unit.subtree_q("locality__"), merged_into__isnull=True)
    sp_ids = sorted(
        sp_id
        for sp_id in active.order_by().values_list("locality__sous_prefecture_id", flat=True).distinct()
        if sp_id is not None
    )
    names = dict(AdminUnit.objects.filter(pk__in=sp_ids).values_list("pk", "name"))
    created = 0
    for sp_id in sp_ids:
        with transaction.atomic():
            facts = _facts(active.filter(locality__sous_prefecture_id=sp_id))
            pairs = find_pairs(facts, threshold)
            existing = set(
                DuplicateCandidate.objects.filter(
                    Q(child_a__locality__sous_prefecture_id=sp_id) | Q(child_b__locality__sous_prefecture_id=sp_id)
                ).values_list("child_a_id", "child_b_id")
            )
            rows = _create_candidates(pairs, existing)
            if rows:
                audit_record(
                    actor=None,
                    actor_label="duplicate_scan",
                    action="duplicate.scan",
                    object_type=AdminUnit._meta.label_lower,
                    object_id=sp_id,
                    object_repr=names.get(sp_id, ""),
                    after={"compared": len(facts), "created": len(rows), "threshold": threshold},
                )
            created += len(rows)
    return created


@transaction.atomic
def duplicates_for_child(*, child: Child, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Propose the pairs of `child` (just registered) with the active children of its sous-préfecture."""
    if child.merged_into_id:
        return 0
    keys = {key for key in (child.family_phonetic, child.given_phonetic) if key}
    if not keys:
        return 0
    others = _facts(
        Child.objects.filter(
            Q(family_phonetic__in=keys) | Q(given_phonetic__in=keys),
            locality__sous_prefecture_id=child.locality.sous_prefecture_id,
            merged_into__isnull=True,
        ).exclude(pk=child.pk)
    )
    pairs = matches_for(child.pk, child_facts(child), others, threshold)
    existing = set(
        DuplicateCandidate.objects.filter(Q(child_a=child) | Q(child_b=child)).values_list("child_a_id", "child_b_id")
    )
    rows = _create_candidates(pairs, existing)
    if rows:
        audit_record(
            actor=None,
            actor_label="duplicates_for_child",
            action="duplicate.detect",
            obj=child,
            object_repr=child.code,
            after={
                "created": len(rows),
                "with": sorted(r.child_b_id if r.child_a_id == child.pk else r.child_a_id for r in rows),
                "threshold": threshold,
            },
        )
    return len(rows)


def _locked_open_candidate(*, by: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """The candidate, locked and with both children, if `by` may review both and it is still open."""
    locked = (
        DuplicateCandidate.objects.select_for_update(of=("self",))
        .select_related("child_a__locality", "child_b__locality")
        .get(pk=candidate.pk)
    )
    for child in (locked.child_a, locked.child_b):
        if not may(by, Perm.DUPLICATE_REVIEW, child.locality):
            raise PermissionDenied
    if locked.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError(
            _("Ce doublon possible a déjà été traité (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


def _fill_from(keep: Child, other: Child) -> dict[str, tuple[object, object]]:
    """Copy into `keep` what it lacks and `other` has; {field: (before, after)} of what was filled."""
    filled: dict[str, tuple[object, object]] = {}
    if keep.birth_date_estimated and other.date_of_birth and not other.birth_date_estimated:
        filled["date_of_birth"] = (keep.date_of_birth, other.date_of_birth)
        keep.date_of_birth = other.date_of_birth
        keep.estimated_birth_date = other.date_of_birth
        keep.birth_date_estimated = False
    for name in FILLABLE_FIELDS:
        if not getattr(keep, name) and getattr(other, name):
            filled[name] = (getattr(keep, name), getattr(other, name))
            setattr(keep, name, getattr(other, name))
    return filled


def _move_open_candidates(*, by: User, keep: Child, other: Child, now: datetime) -> tuple[list[int], list[int]]:
    """Re-point the other open pairs of `other` to `keep` (re-scored), or dismiss those already known."""
    pending = list(
        DuplicateCandidate.objects.select_for_update()
        .filter(Q(child_a=other) | Q(child_b=other), status=DuplicateCandidate.Status.OPEN)
        .order_by("pk")
    )
    if not pending:
        return [], []
    known = {
        a if b == keep.pk else b
        for a, b in DuplicateCandidate.objects.filter(Q(child_a=keep) | Q(child_b=keep)).values_list(
            "child_a_id", "child_b_id"
        )
    }
    partners = Child.objects.in_bulk([c.child_b_id if c.child_a_id == other.pk else c.child_a_id for c in pending])
    keep_facts = child_facts(keep)
    repointed, dismissed = [], []
    for candidate in pending:
        partner = partners[candidate.child_b_id if candidate.child_a_id == other.pk else candidate.child_a_id]
        if partner.pk in known or partner.pk == keep.pk or partner.merged_into_id:
            candidate.status = DuplicateCandidate.Status.DISMISSED
            candidate.reviewed_by = by
            candidate.reviewed_at = now
            dismissed.append(candidate.pk)
        else:
            match: Match = score(keep_facts, child_facts(partner))
            candidate.child_a_id, candidate.child_b_id = sorted((keep.pk, partner.pk))
            candidate.score = _as_decimal(match.score)
            candidate.reasons = list(match.reasons)
            known.add(partner.pk)
            repointed.append(candidate.pk)
        candidate.save()
    return repointed, dismissed


@transaction.atomic
def duplicate_merge(*, by: User, candidate: DuplicateCandidate, keep: Child) -> Child:
    """Merge the two children of an open candidate into `keep`; the other record stays, pointing to it.

    Visits move to the kept child, its empty fields are filled from the other, its category is computed
    again, the candidate is marked merged, and one audit row records all of it.
    """
    candidate = _locked_open_candidate(by=by, candidate=candidate)
    if keep.pk not in (candidate.child_a_id, candidate.child_b_id):
        raise ValidationError({"keep": [_("La fiche à conserver doit être l'un des deux enfants de la paire.")]})
    ids = (candidate.child_a_id, candidate.child_b_id)
    children = Child.objects.select_for_update(of=("self",)).select_related("locality").in_bulk(ids)
    keep = children[keep.pk]
    other = children[candidate.child_b_id if keep.pk == candidate.child_a_id else candidate.child_a_id]
    for child in (keep, other):
        if child.merged_into_id:
            raise ValidationError(
                _("La fiche %(code)s a déjà été fusionnée dans une autre fiche.") % {"code": child.code}
            )
    now = timezone.now()
    before_category, other_category = keep.category, other.category

    children_changed([other.pk])  # the stored counts follow (indicators.following): where the visits leave…
    visits_moved = Visit.objects.filter(child=other).update(child=keep, updated_at=now)
    children_changed([keep.pk])  # …and where they arrive, from the earliest of them
    filled = _fill_from(keep, other)
    keep.full_clean()
    keep.save()
    _refresh_child_category(keep)

    other.merged_into = keep
    other.save(update_fields=["merged_into", "updated_at"])
    _refresh_child_category(other)  # no visits left: no category, so that no count includes it twice
    Child.objects.filter(merged_into=other).update(merged_into=keep, updated_at=now)  # no chains

    candidate.status = DuplicateCandidate.Status.MERGED
    candidate.reviewed_by = by
    candidate.reviewed_at = now
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    repointed, dismissed = _move_open_candidates(by=by, keep=keep, other=other, now=now)

    audit_record(
        actor=by,
        action="child.merge",
        obj=keep,
        object_repr=keep.code,
        before={"category": before_category, **{name: old for name, (old, _new) in filled.items()}},
        after={
            "merged": other.code,
            "merged_category": other_category,
            "visits_moved": visits_moved,
            "filled": list(filled),
            **{name: new for name, (_old, new) in filled.items()},
            "category": keep.category,
            "candidate": candidate.pk,
            "candidates_repointed": repointed,
            "candidates_dismissed": dismissed,
        },
    )
    return keep


@transaction.atomic
def duplicate_dismiss(*, by: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Record that the two children of an open candidate are different; the pair is never proposed again."""
    candidate = _locked_open_candidate(by=by, candidate=candidate)
    candidate.status = DuplicateCandidate.Status.DISMISSED
    candidate.reviewed_by = by
    candidate.reviewed_at = timezone.now()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(
        actor=by,
        action="duplicate.dismiss",
        obj=candidate,
        object_repr=f"{candidate.child_a.code} ~ {candidate.child_b.code}",
        before={"status": DuplicateCandidate.Status.OPEN.value},
        after={"status": candidate.status, "children": [candidate.child_a.code, candidate.child_b.code]},
    )
    return candidate
