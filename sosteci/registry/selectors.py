"""Reads of the register: always given the user, limited to the user's jurisdiction, and audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz

from sosteci.access.audit import audit_read
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of, restrict_to_jurisdiction
from sosteci.core.text import strip_accents
from sosteci.registry.models import Child, DuplicateCandidate, Household, Visit
from sosteci.registry.phonetic import phonetic, tokens
from sosteci.territory.models import AdminUnit

AGE_BANDS: dict[str, tuple[int, int]] = {"5-11": (5, 11), "12-14": (12, 14), "15-17": (15, 17)}


def years_ago(years: int, on: date) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def age_band_q(band: str, on: date | None = None, prefix: str = "") -> Q:
    """Children aged within the band on `on` (by their known or estimated birth date)."""
    low, high = AGE_BANDS[band]
    day = on or timezone.localdate()
    # Age >= low  <=> born on or before `day` minus `low` years; age <= high <=> born after minus high+1 years.
    return Q(
        **{
            f"{prefix}estimated_birth_date__lte": years_ago(low, day),
            f"{prefix}estimated_birth_date__gt": years_ago(high + 1, day),
        }
    )


def children_for(user: User) -> QuerySet[Child]:
    """Every child the user may see (active records only), filtered on the child's own territory copies."""
    unit = jurisdiction_of(user)
    if unit is None or not may(user, Perm.CHILD_VIEW):
        return Child.objects.none()
    return Child.objects.filter(unit.located_q(), merged_into__isnull=True)


def households_for(user: User) -> QuerySet[Household]:
    if not may(user, Perm.CHILD_VIEW):
        return Household.objects.none()
    return restrict_to_jurisdiction(Household.objects.all(), user, "locality")


@dataclass(frozen=True)
class ChildFilters:
    q: str = ""
    unit: AdminUnit | None = None
    sex: str = ""
    age_band: str = ""
    category: str = ""
    schooling: str = ""


def child_list(*, user: User, filters: ChildFilters | None = None) -> QuerySet[Child]:
    """Filtered children (without the name search, see child_search)."""
    f = filters or ChildFilters()
    qs = children_for(user).select_related("locality", "household")
    if f.unit is not None:
        qs = qs.filter(f.unit.located_q())
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.age_band in AGE_BANDS:
        qs = qs.filter(age_band_q(f.age_band))
    if f.category:
        qs = qs.filter(category=f.category)
    if f.schooling:
        qs = qs.filter(schooling=f.schooling)
    return qs


def _normalised(text: str) -> str:
    return " ".join(tokens(strip_accents(text)))


MAX_CANDIDATES = 20_000
GOOD_MATCH = 80.0
MIN_SCORE = 50.0


def _score(query: str, rows: Any) -> dict[int, float]:
    scores = {}
    for pk, family, given in rows:
        name = _normalised(f"{family} {given}")
        scores[pk] = float(max(fuzz.token_sort_ratio(query, name), fuzz.token_set_ratio(query, name) - 5))
    return scores


def child_search(*, user: User, filters: ChildFilters, limit: int = 50) -> list[tuple[Child, float]]:
    """Children whose name sounds like the query (accent- and order-insensitive, phonetic), best first.

    Candidates come from the indexed phonetic keys of the first family and given names, within the user's
    jurisdiction and filters: with two words or more, those matching both keys first, widened to either key
    when nothing matches well. Only ids and names are read to score; the best are then loaded in one query.
    """
    words = tokens(filters.q)
    keys = sorted({key for key in (phonetic(w) for w in words) if key})
    if not keys:
        return []
    base = child_list(user=user, filters=filters).select_related(None).order_by()
    query = _normalised(filters.q)
    columns = ("id", "family_name", "given_names")
    scores: dict[int, float] = {}
    if len(words) >= 2:
        narrow = base.filter(family_phonetic__in=keys, given_phonetic__in=keys)
        scores = _score(query, narrow.values_list(*columns)[:MAX_CANDIDATES])
    if not scores or max(scores.values()) < GOOD_MATCH:
        wide = base.filter(Q(family_phonetic__in=keys) | Q(given_phonetic__in=keys))
        scores.update(_score(query, wide.values_list(*columns)[:MAX_CANDIDATES]))
    best = sorted(((s, pk) for pk, s in scores.items() if s >= MIN_SCORE), key=lambda pair: (-pair[0], pair[1]))
    best = best[:limit]
    children = Child.objects.select_related("locality", "household").in_bulk([pk for _s, pk in best])
    ranked = [(children[pk], s) for s, pk in best]
    ranked.sort(key=lambda pair: (-pair[1], pair[0].family_name, pair[0].given_names, pair[0].pk))
    return ranked


def records_seen(*, user: User, records: Sequence[Model], purpose: str) -> None:
    """Log that these personal records were shown to the user (a list page, a search result)."""
    if records:
        audit_read(actor=user, objects=records, purpose=purpose)


def child_get(*, user: User, pk: int, purpose: str = "child.view") -> Child | None:
    """One child, if the user may see it; the read is logged."""
    child = children_for(user).select_related("household", "locality", "household__cooperative").filter(pk=pk).first()
    if child is not None:
        audit_read(actor=user, objects=[child], purpose=purpose)
    return child


def child_visits(child: Child) -> QuerySet[Visit]:
    """The visits of a child already obtained through child_get (the caller holds the permission)."""
    return child.visits.select_related("agent").prefetch_related("reclassifications").order_by("-visited_on", "-id")


def household_get(*, user: User, pk: int) -> Household | None:
    household = households_for(user).select_related("locality", "cooperative").filter(pk=pk).first()
    if household is not None:
        audit_read(actor=user, objects=[household], purpose="household.view")
    return household


def household_list(*, user: User, q: str = "", unit: AdminUnit | None = None) -> QuerySet[Household]:
    qs = (
        households_for(user)
        .select_related("locality")
        .annotate(n_children=Count("children", filter=Q(children__merged_into__isnull=True)))
    )
    if unit is not None:
        qs = qs.filter(unit.subtree_q("locality__"))
    if q:
        qs = qs.filter(Q(head_family_name__icontains=q) | Q(head_given_names__icontains=q) | Q(code__iexact=q))
    return qs.order_by("head_family_name", "head_given_names", "pk")


def category_counts(qs: QuerySet[Child]) -> dict[str, Any]:
    return dict(qs.order_by().values_list("category").annotate(n=Count("id")))


def duplicate_candidates(*, user: User, status: str = "open") -> QuerySet[DuplicateCandidate]:
    """Pairs the user may decide on: both children within the reviewer's jurisdiction."""
    if not may(user, Perm.DUPLICATE_REVIEW):
        return DuplicateCandidate.objects.none()
    unit = jurisdiction_of(user)
    if unit is None:
        return DuplicateCandidate.objects.none()
    qs = DuplicateCandidate.objects.filter(unit.subtree_q("child_a__locality__"), unit.subtree_q("child_b__locality__"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "child_a",
        "child_b",
        "child_a__locality",
        "child_b__locality",
        "child_a__household",
        "child_b__household",
        "reviewed_by",
    ).order_by("-score", "pk")
