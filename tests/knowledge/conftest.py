"""Knowledge fixtures: a few hand-built documents, and the indicators' small register (for the comparisons)."""

from __future__ import annotations

import pytest

from sosteci.knowledge import services
from sosteci.knowledge.models import Document
from tests.conftest import MiniTerritory
from tests.indicators.conftest import world

__all__ = ["world"]


@pytest.fixture
def library(territory: MiniTerritory) -> dict[str, Document]:
    """Four documents: a cocoa study of the Nawa (r1), a national survey (no unit listed), a report on Korhogo
    (dep2), an undated local note without any unit listed (so that no unit filter finds it)."""
    t = territory

    def add(**values: object) -> Document:
        data = services.DocumentData(**{"kind": "report", "reference": "Centre de documentation", **values})
        return services.document_create(by=None, data=data)

    return {
        "cocoa": add(
            title="Étude sur le travail des enfants dans la cacaoculture de la Nawa",
            authors="Konan Yao ; Aïcha Traoré",
            year=2019,
            kind="study",
            scope="subnational",
            units=[t.r1],
            themes=["child_labour", "cocoa"],
            abstract="Les enfants des ménages producteurs portent des charges lourdes.",
        ),
        "survey": add(
            title="Enquête nationale sur la situation de l'emploi et le travail des enfants",
            authors="Institut national de la statistique",
            year=2013,
            kind="survey",
            themes=["child_labour", "education"],
            abstract="Prévalence du travail des enfants par région.",
        ),
        "korhogo": add(
            title="Rapport sur la traite des enfants à Korhogo",
            year=2021,
            scope="subnational",
            units=[t.dep2],
            themes=["trafficking"],
            abstract="Recrutement par des intermédiaires vers les sites d'orpaillage.",
        ),
        "undated": add(
            title="Note de synthèse sur les comités villageois", year=None, kind="other", scope="subnational"
        ),
    }
