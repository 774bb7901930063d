"""A phonetic key for names as written in Côte d'Ivoire (French spelling of Akan, Mandé, Krou, Gur names).

English-oriented algorithms (Soundex, Metaphone) split "Kouassi", "Kwasi" and "Coassi", or "Yao" and
"Yaho"; this key maps them together. Rules are applied in order on an accent-free, upper-case name.
"""

from __future__ import annotations

import re

from sosteci.core.text import strip_accents

_RULES: list[tuple[str, str]] = [
    (r"[^A-Z]", ""),
    (r"(?<![CPST])H", ""),
    (r"EAU|AU", "O"),
    (r"AI|EI", "E"),
    (r"PH", "F"),
    (r"T?CH", "9"),  # "ch"/"tch" sound, kept apart from the k-sounds below
    (r"QU", "K"),
    (r"GU(?=[EI])", "G"),
    (r"C(?=[EIY])", "S"),
    (r"[CQ]", "K"),
    (r"X", "KS"),
    (r"GN", "NY"),
    (r"DJ", "J"),
    (r"OU", "U"),
    (r"W", "U"),
    (r"Y", "I"),
    (r"Z", "S"),
    (r"H", ""),
    (r"(?<=.)E$", ""),  # final silent e
    (r"(.)\1+", r"\1"),  # double letters
    (r"(?<=.)[AEIOU]", ""),  # vowels after the first letter
    (r"9", "C"),
]
_COMPILED = [(re.compile(pattern), repl) for pattern, repl in _RULES]


def phonetic(name: str) -> str:
    """ "Kouassi", "Kwasi", "COASSI" -> "KS"; "N'Guessan", "Nguessan" -> "NGSN"."""
    key = strip_accents(name).upper()
    for pattern, repl in _COMPILED:
        key = pattern.sub(repl, key)
    return key[:12]


def tokens(name: str) -> list[str]:
    """The words of a name, accent-free and upper-case ("Jean-Baptiste" -> ["JEAN", "BAPTISTE"])."""
    return [t for t in re.split(r"[^A-Z]+", strip_accents(name).upper().replace("'", "")) if t]
