"""The performance framework's rules as plain Python: the kinds of value, reading a value of a kind, and whether a
year's actual value reaches its target (no ORM).

Kinds: a number, a percentage (0-100), a qualitative scale (Faible < Moyen < Bon < Elevé) or a stage of setting
up (Non < démarrage < En cours < Opérationnel). Scales and stages are compared by rank. An indicator whose targets
go down from its baseline (a share of people exposed to a risk) is reached when the actual value is at or below
the target; otherwise at or above.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sosteci.core.text import name_key

NUMBER, PERCENTAGE, SCALE, STAGE, QUALITATIVE = "number", "percentage", "scale", "stage", "qualitative"
# The words of each ordered kind, lowest first, as the framework writes them.
SCALES: dict[str, tuple[str, ...]] = {
    SCALE: ("Faible", "Moyen", "Bon", "Elevé"),
    STAGE: ("Non", "démarrage", "En cours", "Opérationnel"),
}
UNKNOWN = {"NONCONNU", "NC", "ND", ""}
REACHED, NOT_REACHED, NO_DATA = "reached", "not_reached", "no_data"


class ValueKindError(ValueError):
    """A value that does not fit the indicator's kind; `message` is French and names what is expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Value:
    """A value as written and as compared: its number (numbers, percentages) or its rank (scales, stages)."""

    text: str
    number: Decimal | None = None
    rank: int | None = None

    @property
    def comparable(self) -> Decimal | None:
        if self.rank is not None:
            return Decimal(self.rank)
        return self.number


def kind_of(values: list[str]) -> str | None:
    """The ordered kind (scale or stage) all these words belong to, if any."""
    keys = {name_key(v) for v in values if name_key(v) not in UNKNOWN}
    for kind, words in SCALES.items():
        if keys and keys <= {name_key(w) for w in words}:
            return kind
    return None


def _number(text: str) -> Decimal | None:
    cleaned = "".join(ch for ch in text.replace(",", ".") if ch not in " \u00a0\u202f\u2007")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def read_value(kind: str, raw: object) -> Value:
    """Read a value of `kind` as typed ("12", "35 %", "Bon", "en cours"); raises ValueKindError otherwise."""
    text = " ".join(str(raw if raw is not None else "").split())
    if not text:
        raise ValueKindError("une valeur est attendue")
    if kind in SCALES:
        words = SCALES[kind]
        for rank, word in enumerate(words):
            if name_key(text) == name_key(word):
                return Value(text=word, rank=rank)
        raise ValueKindError(f"« {text} » n'est pas une valeur de l'échelle ({' / '.join(words)})")
    if kind == PERCENTAGE:
        number = _number(text.rstrip("%").strip())
        if number is None or not 0 <= number <= 100:
            raise ValueKindError(f"« {text} » n'est pas un pourcentage de 0 à 100")
        return Value(text=f"{_plain(number)} %", number=number)
    if kind == NUMBER:
        number = _number(text)
        if number is None or number < 0:
            raise ValueKindError(f"« {text} » n'est pas un nombre positif ou nul")
        return Value(text=str(_plain(number)), number=number)
    return Value(text=text)  # a free qualitative value: recorded, never compared


def _plain(number: Decimal) -> Decimal:
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def target_value(kind: str, text: str, number: Decimal | None) -> Value | None:
    """A baseline or target as the framework writes it; None when unknown ("Non Connu") or not comparable."""
    if kind in SCALES:
        try:
            return read_value(kind, text)
        except ValueKindError:
            return None
    if number is None:
        return None
    return Value(text=text, number=number)


def decreasing(baseline: Value | None, targets: list[Value | None]) -> bool:
    """Do the targets go down from the baseline (lower is better)?"""
    known = [t.comparable for t in targets if t is not None and t.comparable is not None]
    if baseline is None or baseline.comparable is None or not known:
        return False
    return known[-1] < baseline.comparable


def status(actual: Value | None, target: Value | None, *, lower_is_better: bool) -> str:
    """reached, not reached, or no data (no actual value, no comparable target)."""
    if actual is None or target is None or actual.comparable is None or target.comparable is None:
        return NO_DATA
    if lower_is_better:
        return REACHED if actual.comparable <= target.comparable else NOT_REACHED
    return REACHED if actual.comparable >= target.comparable else NOT_REACHED
