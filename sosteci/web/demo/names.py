"""Ivorian-looking names for demo people (Faker has no fr_CI locale)."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Family names by broad cultural area; first names as commonly given (Akan day names, Muslim and
# Christian names). For demonstration only.
FAMILY_NAMES = {
    "akan": [
        "Kouassi",
        "Kouamé",
        "Konan",
        "Yao",
        "N'Guessan",
        "Koffi",
        "Kouadio",
        "Kouakou",
        "Aka",
        "Assi",
        "Ahoua",
        "Brou",
        "Kra",
        "Amani",
        "Ehui",
        "Adou",
        "Yapi",
        "Tanoh",
        "Kacou",
        "N'Dri",
        "Boa",
        "Ettien",
    ],
    "mande": [
        "Coulibaly",
        "Traoré",
        "Koné",
        "Ouattara",
        "Diabaté",
        "Bamba",
        "Cissé",
        "Touré",
        "Diomandé",
        "Fofana",
        "Sanogo",
        "Doumbia",
        "Kamagaté",
        "Diarrassouba",
        "Sylla",
        "Dosso",
    ],
    "krou": [
        "Gbagbo",
        "Zadi",
        "Dago",
        "Guéi",
        "Blé",
        "Tapé",
        "Gnahoré",
        "Kipré",
        "Séri",
        "Zokou",
        "Digbeu",
        "Bahi",
        "Téhé",
        "Logbo",
    ],
    "gur": ["Soro", "Silué", "Yéo", "Tuo", "Koné", "Sékongo", "Coulibaly", "Ouattara", "Kagnon", "Tiéhi"],
}
FIRST_NAMES = {
    "M": [
        "Kouassi",
        "Kouadio",
        "Konan",
        "Kouakou",
        "Yao",
        "Koffi",
        "Kouamé",
        "Mamadou",
        "Ibrahim",
        "Moussa",
        "Souleymane",
        "Adama",
        "Lassina",
        "Drissa",
        "Seydou",
        "Jean-Baptiste",
        "Serge",
        "Armand",
        "Didier",
        "Hervé",
        "Olivier",
        "Franck",
        "Arsène",
        "Guy-Roland",
        "Yacouba",
        "Brahima",
    ],
    "F": [
        "Akissi",
        "Adjoua",
        "Amenan",
        "Ahou",
        "Aya",
        "Affoué",
        "Amoin",
        "Aminata",
        "Fatoumata",
        "Mariam",
        "Awa",
        "Salimata",
        "Kadiatou",
        "Rokia",
        "Christelle",
        "Marie-Laure",
        "Brigitte",
        "Sandrine",
        "Estelle",
        "Nadège",
        "Prisca",
        "Bintou",
        "Massandjé",
        "Tenin",
    ],
}


@dataclass(frozen=True)
class PersonName:
    first_name: str
    last_name: str
    sex: str


class IvorianNames:
    """Deterministic for a given seed."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def person(self, sex: str | None = None, area: str | None = None) -> PersonName:
        sex = sex or self.rng.choice("MF")
        area = area or self.rng.choice(list(FAMILY_NAMES))
        return PersonName(self.rng.choice(FIRST_NAMES[sex]), self.rng.choice(FAMILY_NAMES[area]), sex)

    def phone(self) -> str:
        """A mobile number in the 10-digit plan (+225 07/05/01 …)."""
        prefix = self.rng.choice(["07", "05", "01"])
        return "+225 " + prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
