"""Scoring how likely two child records describe the same child: pure Python over plain data, no ORM.

A score is a sum of signals, clamped to [0, 1]; each signal that fires adds a French sentence to the reasons
shown to the supervisor who decides. Nothing here merges anything: a score only proposes a pair for review.

Weights (the positive ones add up to 1.05, so a pair can reach 1 without every signal):

- names: 0.50 × max(0, (s − 0.60) / 0.40), where s is the token-sort similarity of the accent-free,
  upper-case full names (family and given names together, so their order does not matter); a name whose
  words all appear in the other (an extra given name) counts as s = 0.95;
- pronunciation: 0.10 × the share of phonetic keys (sosteci.registry.phonetic) the words of the two names
  have in common (Jaccard index);
- birth year: same year +0.20; one year apart +0.12 with exact dates, +0.15 when one date at least is an
  estimate; two or three years apart with an estimate +0.05; further apart (two years or more with exact
  dates, four or more with an estimate) −0.35;
- place: same household +0.15, otherwise same locality +0.10;
- guardian (both named): names at least 90 % similar +0.10, at least 80 % +0.05;
- sex: different −0.40.

A different sex brings the best possible score to 0.65 and birth years too far apart to 0.50, both under the
default threshold of 0.75: such pairs are not proposed. Names under 60 % similar bring nothing.

Twins with close given names (Aya and Awa, same household, same birth date) do score high: the supervisor
marks them "different" once, and a dismissed pair is never proposed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, partial

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz

from sosteci.registry.phonetic import phonetic, tokens

DEFAULT_THRESHOLD = 0.75

NAME_WEIGHT = 0.50
NAME_FLOOR = 0.60  # similarity below which names bring nothing
NAME_CONTAINED = 0.95  # similarity given to a name whose words all appear in the other
VERY_CLOSE_NAMES = 0.90  # from here the reason says "very close"
PHONETIC_WEIGHT = 0.10
BIRTH_SAME_YEAR = 0.20
BIRTH_ONE_YEAR = 0.12
BIRTH_ONE_YEAR_ESTIMATED = 0.15
BIRTH_WITHIN_ESTIMATE = 0.05
BIRTH_TOO_FAR = -0.35
BIRTH_TOLERANCE = 1  # years, exact dates
BIRTH_TOLERANCE_ESTIMATED = 3  # years, when one date at least is an estimate
SAME_HOUSEHOLD = 0.15
SAME_LOCALITY = 0.10
GUARDIAN_SAME = 0.10
GUARDIAN_SAME_FROM = 0.90
GUARDIAN_CLOSE = 0.05
GUARDIAN_CLOSE_FROM = 0.80
DIFFERENT_SEX = -0.40

BEST_SCORE = round(NAME_WEIGHT + PHONETIC_WEIGHT + BIRTH_SAME_YEAR + SAME_HOUSEHOLD + GUARDIAN_SAME, 3)
BEST_WITH_DIFFERENT_SEX = round(BEST_SCORE + DIFFERENT_SEX, 3)
BEST_WITH_BIRTH_TOO_FAR = round(BEST_SCORE - BIRTH_SAME_YEAR + BIRTH_TOO_FAR, 3)

# A reason is translated only when its pair is kept (most scored pairs are not).
Reason = Callable[[], str]


def _sorted_words(name: str) -> str:
    return " ".join(sorted(tokens(name)))


@dataclass(frozen=True)
class ChildFacts:
    """What the scoring needs to know about one child record."""

    family_name: str
    given_names: str
    sex: str
    birth_year: int
    birth_date_estimated: bool = False
    locality_id: int | None = None
    household_id: int | None = None
    guardian_name: str = ""

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(tokens(f"{self.family_name} {self.given_names}"))

    @cached_property
    def sorted_name(self) -> str:
        return _sorted_words(f"{self.family_name} {self.given_names}")

    @cached_property
    def sounds(self) -> frozenset[str]:
        """The phonetic keys of every word of the name."""
        return frozenset(key for key in (phonetic(word) for word in self.words) if key)

    @cached_property
    def block_keys(self) -> frozenset[str]:
        """The phonetic keys of the first word of the family name and of the given names (as stored on Child)."""
        keys: set[str] = set()
        for name in (self.family_name, self.given_names):
            words = tokens(name)
            if words and (key := phonetic(words[0])):
                keys.add(key)
        return frozenset(keys)

    @cached_property
    def sorted_guardian(self) -> str:
        return _sorted_words(self.guardian_name)


@dataclass(frozen=True)
class Match:
    """The score of a pair, rounded to 3 decimals, and the sentences that explain it."""

    score: float
    reasons: tuple[str, ...]


def _percent(similarity: float) -> int:
    return round(similarity * 100)


def _name_points(a: ChildFacts, b: ChildFacts, reasons: list[Reason]) -> float:
    similarity = fuzz.ratio(a.sorted_name, b.sorted_name, processor=None) / 100
    shorter, longer = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
    if similarity < 1 and len(shorter) >= 2 and shorter < longer:
        similarity = max(similarity, NAME_CONTAINED)
        reasons.append(lambda: _("Tous les mots d'un nom figurent dans l'autre, qui a des prénoms en plus"))
    elif similarity >= 1:
        reasons.append(lambda: _("Noms identiques"))
    elif similarity >= VERY_CLOSE_NAMES:
        reasons.append(lambda: _("Noms très proches (%(percent)s %%)") % {"percent": _percent(similarity)})
    elif similarity >= NAME_FLOOR:
        reasons.append(lambda: _("Noms proches (%(percent)s %%)") % {"percent": _percent(similarity)})
    points = NAME_WEIGHT * max(0.0, (similarity - NAME_FLOOR) / (1 - NAME_FLOOR))

    union = a.sounds | b.sounds
    share = len(a.sounds & b.sounds) / len(union) if union else 0.0
    if share >= 1:
        reasons.append(lambda: _("Noms de même prononciation"))
    elif share > 0 and points > 0:
        reasons.append(lambda: _("Noms en partie de même prononciation"))
    return points + PHONETIC_WEIGHT * share


def _birth_value(gap: int, estimated: bool) -> float:
    if gap == 0:
        return BIRTH_SAME_YEAR
    if gap > (BIRTH_TOLERANCE_ESTIMATED if estimated else BIRTH_TOLERANCE):
        return BIRTH_TOO_FAR
    if gap == 1:
        return BIRTH_ONE_YEAR_ESTIMATED if estimated else BIRTH_ONE_YEAR
    return BIRTH_WITHIN_ESTIMATE


def _years_too_far(gap: int) -> str:
    return ngettext(
        "Années de naissance trop éloignées (%(years)s an d'écart)",
        "Années de naissance trop éloignées (%(years)s ans d'écart)",
        gap,
    ) % {"years": gap}


def _years_apart_estimated(gap: int) -> str:
    return ngettext(
        "Années de naissance à %(years)s an d'écart, date estimée",
        "Années de naissance à %(years)s ans d'écart, date estimée",
        gap,
    ) % {"years": gap}


def _birth_points(a: ChildFacts, b: ChildFacts, reasons: list[Reason]) -> float:
    gap = abs(a.birth_year - b.birth_year)
    estimated = a.birth_date_estimated or b.birth_date_estimated
    points = _birth_value(gap, estimated)
    if gap == 0:
        reasons.append(lambda: _("Même année de naissance"))
    elif points == BIRTH_TOO_FAR:
        reasons.append(partial(_years_too_far, gap))
    elif estimated:
        reasons.append(partial(_years_apart_estimated, gap))
    else:
        reasons.append(lambda: _("Années de naissance à 1 an d'écart"))
    return points


def _place_value(a: ChildFacts, b: ChildFacts) -> float:
    if a.household_id is not None and a.household_id == b.household_id:
        return SAME_HOUSEHOLD
    if a.locality_id is not None and a.locality_id == b.locality_id:
        return SAME_LOCALITY
    return 0.0


def _place_points(a: ChildFacts, b: ChildFacts, reasons: list[Reason]) -> float:
    points = _place_value(a, b)
    if points == SAME_HOUSEHOLD:
        reasons.append(lambda: _("Même ménage"))
    elif points == SAME_LOCALITY:
        reasons.append(lambda: _("Même localité"))
    return points


def _guardian_points(a: ChildFacts, b: ChildFacts, reasons: list[Reason]) -> float:
    if not a.sorted_guardian or not b.sorted_guardian:
        return 0.0
    similarity = fuzz.ratio(a.sorted_guardian, b.sorted_guardian, processor=None) / 100
    if similarity >= GUARDIAN_SAME_FROM:
        reasons.append(lambda: _("Même tuteur"))
        return GUARDIAN_SAME
    if similarity >= GUARDIAN_CLOSE_FROM:
        reasons.append(lambda: _("Tuteurs aux noms proches (%(percent)s %%)") % {"percent": _percent(similarity)})
        return GUARDIAN_CLOSE
    return 0.0


def _points(a: ChildFacts, b: ChildFacts) -> tuple[float, list[Reason]]:
    reasons: list[Reason] = []
    total = _name_points(a, b, reasons)
    total += _birth_points(a, b, reasons)
    total += _place_points(a, b, reasons)
    total += _guardian_points(a, b, reasons)
    if a.sex != b.sex:
        reasons.append(lambda: _("Sexes différents"))
        total += DIFFERENT_SEX
    return round(min(1.0, max(0.0, total)), 3), reasons


def score(a: ChildFacts, b: ChildFacts) -> Match:
    """How likely `a` and `b` are the same child, in [0, 1], with the reasons in French."""
    points, reasons = _points(a, b)
    return Match(score=points, reasons=tuple(reason() for reason in reasons))


def best_possible(a: ChildFacts, b: ChildFacts) -> float:
    """An upper bound of score(a, b) from the cheap signals only (names and guardian counted as perfect)."""
    bound = NAME_WEIGHT + PHONETIC_WEIGHT + GUARDIAN_SAME + _place_value(a, b)
    bound += _birth_value(abs(a.birth_year - b.birth_year), a.birth_date_estimated or b.birth_date_estimated)
    if a.sex != b.sex:
        bound += DIFFERENT_SEX
    return round(bound, 3)  # rounded as the score is, so that the bound is never below it by a float error


@dataclass(frozen=True)
class Pair:
    """Two record ids (low < high) proposed as one child."""

    low: int
    high: int
    match: Match


def blocked_pairs(children: Mapping[int, ChildFacts], threshold: float = 0.0) -> Iterator[tuple[int, int]]:
    """Each pair of ids (low, high) whose records share a phonetic key of their first family or given name.

    A pair sharing several keys is given once, in the block of the smallest key they share. When `threshold`
    is above what a pair of different sex or too distant birth years can score, such pairs are not given:
    each block is sorted by sex and birth year and only a window of nearby years is compared.
    """
    narrow = threshold > max(BEST_WITH_DIFFERENT_SEX, BEST_WITH_BIRTH_TOO_FAR)
    blocks: dict[str, list[int]] = defaultdict(list)
    for child_id, facts in children.items():
        for key in facts.block_keys:
            blocks[key].append(child_id)
    for key, ids in blocks.items():
        members = sorted(ids, key=lambda i: (children[i].sex, children[i].birth_year, i))
        for index, id_a in enumerate(members):
            a = children[id_a]
            for position in range(index + 1, len(members)):
                id_b = members[position]
                b = children[id_b]
                if narrow and (b.sex != a.sex or b.birth_year - a.birth_year > BIRTH_TOLERANCE_ESTIMATED):
                    break  # sorted by sex then year: nothing further in this block can score enough
                if len(a.block_keys) > 1 and len(b.block_keys) > 1 and min(a.block_keys & b.block_keys) != key:
                    continue
                yield min(id_a, id_b), max(id_a, id_b)


def _scored(id_a: int, a: ChildFacts, id_b: int, b: ChildFacts, threshold: float) -> Pair | None:
    if best_possible(a, b) < threshold:
        return None
    points, reasons = _points(a, b)
    if points < threshold:
        return None
    return Pair(min(id_a, id_b), max(id_a, id_b), Match(points, tuple(reason() for reason in reasons)))


def find_pairs(children: Mapping[int, ChildFacts], threshold: float = DEFAULT_THRESHOLD) -> list[Pair]:
    """The pairs among `children` (compared within phonetic blocks only) scoring at least `threshold`."""
    pairs = []
    for id_a, id_b in blocked_pairs(children, threshold):
        pair = _scored(id_a, children[id_a], id_b, children[id_b], threshold)
        if pair is not None:
            pairs.append(pair)
    return pairs


def matches_for(
    child_id: int, child: ChildFacts, others: Mapping[int, ChildFacts], threshold: float = DEFAULT_THRESHOLD
) -> list[Pair]:
    """The records among `others` sharing a phonetic key with `child` and scoring at least `threshold`."""
    pairs = []
    for other_id, other in others.items():
        if other_id == child_id or not (child.block_keys & other.block_keys):
            continue
        pair = _scored(child_id, child, other_id, other, threshold)
        if pair is not None:
            pairs.append(pair)
    return pairs
