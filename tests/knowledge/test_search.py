"""The knowledge base's search: words in any order, accents and case aside; type, theme, years and admin unit
(covering it, within it or holding it); the evaluations the user may see appear too, linked."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sosteci.coordination.services import evaluations
from sosteci.knowledge import selectors, services
from sosteci.knowledge.models import Document
from tests.conftest import MiniTerritory, Team

pytestmark = pytest.mark.django_db


def titles(user, **filters) -> list[str]:
    return [d.title for d in selectors.document_search(user=user, **filters)]


def test_text_search_ignores_accents_case_and_word_order(team: Team, library: dict[str, Document]) -> None:
    cocoa = library["cocoa"].title
    assert titles(team.agent, q="ETUDE enfants cacao") == [cocoa]
    assert titles(team.agent, q="cacaoculture étude") == [cocoa]
    assert titles(team.agent, q="aicha") == [cocoa]  # an author, typed without its diaeresis
    assert titles(team.agent, q="charges lourdes") == [cocoa]  # the abstract
    assert titles(team.agent, q="orpaillage traite") == [library["korhogo"].title]
    assert titles(team.agent, q="cacao korhogo") == []  # every word must be found
    assert len(titles(team.agent, q="")) == 4


def test_filters_by_type_theme_and_years(team: Team, library: dict[str, Document]) -> None:
    assert titles(team.partenaire, kind="survey") == [library["survey"].title]
    assert titles(team.partenaire, theme="child_labour") == [library["cocoa"].title, library["survey"].title]
    assert titles(team.partenaire, theme="trafficking") == [library["korhogo"].title]
    assert titles(team.partenaire, year_from=2015, year_to=2020) == [library["cocoa"].title]
    assert titles(team.partenaire, year_from=2014) == [library["korhogo"].title, library["cocoa"].title]


def test_unit_filter_takes_ancestors_descendants_and_national_documents(
    team: Team, territory: MiniTerritory, library: dict[str, Document]
) -> None:
    # A locality of the Nawa: the Nawa study (an ancestor covers it) and the national survey; not Korhogo.
    assert titles(team.agent, unit=territory.l1) == [library["cocoa"].title, library["survey"].title]
    # The Poro région: the Korhogo report (a unit within it) and the national survey.
    assert titles(team.agent, unit=territory.r2) == [library["korhogo"].title, library["survey"].title]
    # The nation: every document listing a unit, and the national one; the local note lists none.
    assert titles(team.agent, unit=territory.pays) == [
        library["korhogo"].title,
        library["cocoa"].title,
        library["survey"].title,
    ]


def test_evaluations_appear_in_the_search_for_those_who_may_see_them(
    team: Team, territory: MiniTerritory, library: dict[str, Document]
) -> None:
    evaluation = evaluations.evaluation_create(
        by=None,
        data=evaluations.EvaluationData(
            title="Revue annuelle du SOSTECI",
            evaluated_on=date(2025, 6, 30),
            kind="internal",
            stage="annual",
            evaluator="Direction de la lutte contre le travail des enfants",
            findings="Les comités villageois de la Nawa se réunissent régulièrement.",
            units=[territory.r1],
        ),
    )
    hits = selectors.knowledge_search(user=team.superviseur, q="comites villageois")
    assert [(h.source, h.title) for h in hits] == [
        ("evaluation", "Revue annuelle du SOSTECI"),
        ("document", library["undated"].title),
    ]
    assert hits[0].url == f"/coordination/evaluations/{evaluation.pk}/"
    assert [h.source for h in selectors.knowledge_search(user=team.superviseur, kind="evaluation")] == ["evaluation"]
    assert selectors.knowledge_search(user=team.superviseur, theme="cocoa")[0].source == "document"
    # A partner does not see SOSTECI's own evaluations; nor does the Korhogo supervisor (outside its jurisdiction).
    assert all(h.source == "document" for h in selectors.knowledge_search(user=team.partenaire))
    assert all(h.source == "document" for h in selectors.knowledge_search(user=team.superviseur_sp2))


def test_a_document_needs_a_file_a_link_or_a_reference_and_only_national_staff_record_it(team: Team) -> None:
    with pytest.raises(ValidationError) as refused:
        services.document_create(
            by=team.analyste, data=services.DocumentData(title="Sans source", year=2020, kind="study")
        )
    assert "où trouver ce document" in refused.value.message_dict["reference"][0]
    with pytest.raises(ValidationError) as wrong:
        services.document_create(
            by=team.analyste,
            data=services.DocumentData(
                title="Thèmes", year=2020, kind="study", themes=["cacao"], reference="x", published_on=date(2019, 1, 1)
            ),
        )
    assert wrong.value.message_dict["themes"] == ["Thème inconnu : cacao."]
    assert "n'est pas de l'année indiquée (2020)" in wrong.value.message_dict["published_on"][0]
    with pytest.raises(PermissionDenied):
        services.document_create(
            by=team.pointfocal, data=services.DocumentData(title="T", year=2020, kind="study", reference="x")
        )
    assert not Document.objects.exists()
