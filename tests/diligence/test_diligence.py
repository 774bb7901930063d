"""Due diligence: declarations kept to their structure, aggregates over a declared sourcing equal to the register's,
no cell under 5 readable directly or by difference, never a personal record."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.diligence import selectors, services
from sosteci.diligence.models import SourcingDeclaration
from sosteci.diligence.report import diligence_report
from sosteci.diligence.services import SourcingInput
from sosteci.reports.rendering import render_pdf_html
from tests.factories import StructureFactory, UserFactory

# What each indicator's numerator and denominator count, so that a figure shown by two indicators is one figure.
MEASURES = {
    "CH_MONITORED": ("monitored", None),
    "CH_LABOUR_PCT": ("labour", "monitored"),
    "CH_SERVED_PCT": ("served", "identified"),
    "CH_OUT_OF_LABOUR_PCT": ("out", "followed"),
    "DD_FOLLOWED_PCT": ("followed", "identified"),
}


def declare(
    user, *, localities: str = "", cooperatives=(), start=date(2026, 1, 1), end=date(2026, 12, 31), submit: bool = True
) -> SourcingDeclaration:
    declaration = services.declaration_create(
        by=user,
        data=SourcingInput(
            period_start=start, period_end=end, cooperatives=[c.pk for c in cooperatives], localities=localities
        ),
    )
    if submit:
        declaration = services.declaration_submit(by=user, declaration=declaration)
    return declaration


def raw_table(sourcing, territory) -> selectors.DiligenceTable:
    """The same aggregates as a reader who sees every cell would: suppression switched off."""
    return selectors.diligence_table(
        user=sourcing.buyer_a,
        declaration=declare(
            sourcing.buyer_a, localities="CI260401001\nCI260401002", cooperatives=[sourcing.cooperative]
        ),
    )


def published(table: selectors.DiligenceTable) -> dict[str, dict[str, int | None]]:
    """{measure: {line: value, or None when no row shows it}} over the whole and its lines."""
    found: dict[str, dict[str, int | None]] = {}
    for line in [table.whole, *table.lines]:
        for code, row in line.rows.items():
            numerator, denominator = MEASURES[code]
            for measure, value in ((numerator, row.numerator), (denominator, row.denominator)):
                if measure is None:
                    continue
                # A figure is known when any row shows it (a row is hidden whole when one of its figures is).
                known = found.setdefault(measure, {})
                if known.get(line.key) is None:
                    known[line.key] = None if row.suppressed else value
    return found


def test_aggregates_over_the_declared_sourcing(sourcing, territory, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "suppress", lambda rows, definitions: list(rows))
    table = raw_table(sourcing, territory)
    values = published(table)
    assert values["monitored"] == {"SOURCING": 13, "CI260401001": 6, "CI260401002": 2, "ELSEWHERE": 5}
    assert values["labour"] == {"SOURCING": 5, "CI260401001": 2, "CI260401002": 1, "ELSEWHERE": 2}
    assert values["identified"] == {"SOURCING": 6, "CI260401001": 3, "CI260401002": 1, "ELSEWHERE": 2}
    assert values["served"]["SOURCING"] == 2 and values["followed"]["SOURCING"] == 1 and values["out"]["SOURCING"] == 1
    whole = table.whole.rows
    assert whole["CH_LABOUR_PCT"].value == 38.5  # 5 / 13
    assert whole["CH_SERVED_PCT"].value == 33.3  # 2 / 6
    assert whole["DD_FOLLOWED_PCT"].value == 16.7  # 1 / 6
    assert whole["CH_OUT_OF_LABOUR_PCT"].value == 100.0  # 1 / 1


def test_no_small_cell_is_readable_directly_or_by_difference(sourcing, territory) -> None:
    table = raw_table(sourcing, territory)
    values = published(table)
    for measure, lines in values.items():
        for key, value in lines.items():
            assert value is None or value == 0 or value >= 5, (measure, key, value)
        parts = {k: v for k, v in lines.items() if k != "SOURCING"}
        hidden = [k for k, v in parts.items() if v is None]
        if lines["SOURCING"] is not None:
            assert len(hidden) != 1, f"{measure}: {hidden[0]} = whole - the others"
    # The whole is shown where it is 5 or more; Galéa 1 (2 children) is hidden, with a complement.
    assert values["monitored"]["SOURCING"] == 13 and values["monitored"]["CI260401002"] is None
    assert values["labour"]["SOURCING"] == 5
    row = table.lines[1].rows["CH_MONITORED"]
    assert row.unit == "CI260401002" and row.suppressed and row.small


def test_declarations_are_kept_to_their_structure(sourcing, territory, login) -> None:
    mine = declare(sourcing.buyer_a, localities="CI260401001")
    theirs = declare(sourcing.buyer_b, localities="CI270101001")
    assert list(selectors.declarations_for(sourcing.buyer_a)) == [mine]
    assert selectors.declaration_get(user=sourcing.buyer_a, pk=theirs.pk) is None
    with pytest.raises(PermissionError):
        selectors.diligence_table(user=sourcing.buyer_a, declaration=theirs)
    client = login(sourcing.buyer_a)
    for name in ("declaration-detail", "declaration-pdf", "declaration-edit"):
        assert client.get(reverse(f"diligence:{name}", args=[theirs.pk])).status_code == 404, name
    assert client.post(reverse("diligence:declaration-submit", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("diligence:declaration-list")).content.decode()
    assert reverse("diligence:declaration-detail", args=[mine.pk]) in listing
    assert reverse("diligence:declaration-detail", args=[theirs.pk]) not in listing


@pytest.mark.parametrize("role", ["admin", "analyste", "pointfocal", "superviseur", "agent", "prestataire"])
def test_other_roles_may_not_declare(sourcing, team, login, role) -> None:
    client = login(team.by_role()[role])
    assert client.get(reverse("diligence:declaration-list")).status_code == 403


def test_a_partner_of_an_ngo_may_not_declare(sourcing, login) -> None:
    assert login(sourcing.ngo_partner).get(reverse("diligence:declaration-list")).status_code == 403
    with pytest.raises(PermissionDenied):
        declare(sourcing.ngo_partner, localities="CI260401001")


def test_a_cooperative_account_declares_too(sourcing, territory) -> None:
    member = UserFactory(username="coop", role="partenaire", jurisdiction=territory.sp1, structure=sourcing.cooperative)
    declaration = declare(member, localities="CI260401001")
    assert declaration.structure == sourcing.cooperative


def test_page_and_pdf_hold_no_personal_data(sourcing, territory, login) -> None:
    declaration = declare(sourcing.buyer_a, localities="CI260401001\nCI260401002", cooperatives=[sourcing.cooperative])
    client = login(sourcing.buyer_a)
    page = client.get(reverse("diligence:declaration-detail", args=[declaration.pk])).content.decode()
    html = render_pdf_html(diligence_report(selectors.diligence_table(user=sourcing.buyer_a, declaration=declaration)))
    assert "Ensemble de l&#x27;approvisionnement déclaré" in page or "Ensemble de l'approvisionnement" in page
    for child in sourcing.children.values():
        for text in (child.code, child.family_name, str(child.uuid)):
            assert text not in page and text not in html, text
    pdf = client.get(reverse("diligence:declaration-pdf", args=[declaration.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    reads = AuditEvent.objects.filter(action="diligence.aggregates", actor=sourcing.buyer_a)
    assert sorted(reads.values_list("after__format", flat=True)) == ["page", "pdf"]


def test_figures_only_once_submitted_and_then_fixed(sourcing, login) -> None:
    draft = declare(sourcing.buyer_a, localities="CI260401001", submit=False)
    client = login(sourcing.buyer_a)
    page = client.get(reverse("diligence:declaration-detail", args=[draft.pk])).content.decode()
    assert 'id="report"' not in page
    assert client.get(reverse("diligence:declaration-pdf", args=[draft.pk])).status_code == 404
    with pytest.raises(ValueError):
        selectors.diligence_table(user=sourcing.buyer_a, declaration=draft)
    client.post(reverse("diligence:declaration-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.is_submitted
    page = client.get(reverse("diligence:declaration-detail", args=[draft.pk])).content.decode()
    assert 'id="report"' in page
    with pytest.raises(ValidationError, match="ne change plus"):
        services.declaration_update(
            by=sourcing.buyer_a,
            declaration=draft,
            data=SourcingInput(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), localities="CI260401002"),
        )


def test_one_declared_sourcing_per_period(sourcing) -> None:
    declare(sourcing.buyer_a, localities="CI260401001\nCI260401002")
    second = declare(
        sourcing.buyer_a, localities="CI260401001", start=date(2026, 6, 1), end=date(2026, 6, 30), submit=False
    )
    with pytest.raises(ValidationError, match="chevauche"):
        services.declaration_submit(by=sourcing.buyer_a, declaration=second)
    other_year = declare(sourcing.buyer_a, localities="CI260401001", start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert other_year.is_submitted


def test_bad_input_names_the_line_and_saves_nothing(sourcing, territory, login) -> None:
    client = login(sourcing.buyer_a)
    response = client.post(
        reverse("diligence:declaration-create"),
        {"period_start": "2026-01-01", "period_end": "2026-12-31", "localities": "CI260401001\nCI2604\nCI999"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["localities"]
    assert any("Ligne 2" in e and "n'est pas une localité" in e for e in errors)
    assert any("Ligne 3" in e and "P-code inconnu" in e for e in errors)
    assert not SourcingDeclaration.objects.exists()
    ngo = StructureFactory(name="ONG", admin_unit=territory.sp1)
    with pytest.raises(ValidationError) as caught:
        declare(sourcing.buyer_a, cooperatives=[ngo])
    assert "coopératives" in caught.value.message_dict["cooperatives"][0]
    response = client.post(
        reverse("diligence:declaration-create"),
        {"period_start": "2026-05-01", "period_end": "2026-01-01", "localities": "CI260401001"},
    )
    assert "précède son début" in response.context["form"].errors["period_end"][0]
    assert not SourcingDeclaration.objects.exists()


def test_the_whole_flow_through_the_pages(sourcing, login) -> None:
    client = login(sourcing.buyer_a)
    response = client.post(
        reverse("diligence:declaration-create"),
        {
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "localities": "CI260401001, CI260401002",
            "cooperatives": [sourcing.cooperative.pk],
        },
    )
    declaration = SourcingDeclaration.objects.get()
    assert response.status_code == 302 and declaration.lines.count() == 3
    client.post(reverse("diligence:declaration-submit", args=[declaration.pk]))
    page = client.get(reverse("diligence:declaration-detail", args=[declaration.pk]))
    report = page.context["report"]
    assert report.key_figures[0].cell.value == 13
    assert AuditEvent.objects.filter(action="diligence.declaration_submit", object_id=str(declaration.pk)).exists()
