"""Text helpers: accent-, case- and punctuation-insensitive keys for matching names."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")


def strip_accents(value: str) -> str:
    """Remove diacritics: "Séguéla" -> "Seguela"."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(value: str) -> str:
    """A matching key: no accents, upper case, punctuation and spaces removed.

    "Koun-Fao", "KOUN FAO" and "Koun Fao" share the key "KOUNFAO"; "N'Zi" and "Nzi" share "NZI".
    """
    return _NON_ALNUM.sub("", strip_accents(value).upper())


def clean_spaces(value: str) -> str:
    """Collapse runs of whitespace and trim."""
    return " ".join(value.split())
