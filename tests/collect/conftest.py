"""Collection fixtures: the two register forms as stored versions, collect passwords, instance builders."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from sosteci.collect.catalog import AWARENESS, FOLLOW_UP, HOUSEHOLD_VISIT, LOCALITY_PROFILE, PARTNER_REPORT
from sosteci.collect.models import XForm
from sosteci.collect.services import collect_password_set
from tests.collect.openrosa_client import CollectClient
from tests.conftest import Team
from tests.registry.conftest import register  # noqa: F401  (the register fixture, reused here)

COLLECT_PASSWORD = "mot-de-passe-collecte-26"
VERSION = "2026112301"


@pytest.fixture
def xforms(db: None) -> dict[str, XForm]:
    forms = {}
    for form_id, media in (
        (HOUSEHOLD_VISIT, ["localites.csv"]),
        (FOLLOW_UP, ["enfants.csv"]),
        (PARTNER_REPORT, ["localites.csv"]),
        (AWARENESS, ["localites.csv"]),
        (LOCALITY_PROFILE, ["localites.csv"]),
    ):
        forms[form_id] = XForm.objects.create(
            form_id=form_id, version=VERSION, title=form_id, xml="<h:html/>", md5="md5:" + "0" * 32, media=media
        )
    return forms


@pytest.fixture
def collect(team: Team, xforms: dict[str, XForm]) -> Callable[[str], CollectClient]:
    """collect("agent") -> a client signed with that user's collect password."""

    def _client(role: str) -> CollectClient:
        user = team.by_role().get(role) or getattr(team, role)
        collect_password_set(by=user, user=user, password=COLLECT_PASSWORD)
        return CollectClient(user.username, COLLECT_PASSWORD)

    return _client


CHILD = """<child><family_name>{family}</family_name><given_names>{given}</given_names><sex>{sex}</sex>
<dob_known>yes</dob_known><date_of_birth>{dob}</date_of_birth><birth_certificate>yes</birth_certificate>
<nationality>CI</nationality><lives_with_parents>both</lives_with_parents><relation_to_head>child</relation_to_head>
<schooling>enrolled</schooling><grade>CM1</grade><attends_school>yes</attends_school>
<works_during_school_hours>no</works_during_school_hours><night_work>no</night_work><apprenticeship>no</apprenticeship>
{activities}<hazardous_tasks>{hazards}</hazardous_tasks><indicators></indicators><injured_at_work>no</injured_at_work>
</child>"""


def household_xml(
    *,
    instance: str | None = None,
    deprecated: str = "",
    locality: str = "CI260401001",
    head: str = "Kouassi",
    size: int = 6,
    children: list[dict[str, str]] | None = None,
    consent: str = "yes",
    gps: str = "5.78 -6.61 120 8",
    minutes: int = 25,
    version: str = VERSION,
    form_id: str = HOUSEHOLD_VISIT,
) -> str:
    rows = (
        children
        if children is not None
        else [
            {
                "family": "KOUASSI",
                "given": "Aya",
                "sex": "F",
                "dob": "2012-03-01",
                "activities": "CACAO:10",
                "hazards": "H_MACHETTE",
            },
            {"family": "KOUASSI", "given": "Yao", "sex": "M", "dob": "2016-07-09", "activities": "", "hazards": ""},
        ]
    )
    body = ""
    for row in rows:
        acts = "".join(
            f"<activity><code>{c}</code><hours>{h}</hours></activity>"
            for c, h in (a.split(":") for a in row.get("activities", "").split(";") if a)
        )
        body += CHILD.format(activities=acts, **{k: v for k, v in row.items() if k != "activities"})
    meta = f"<instanceID>{instance or 'uuid:' + str(uuid.uuid4())}</instanceID>"
    if deprecated:
        meta += f"<deprecatedID>{deprecated}</deprecatedID>"
    end_minute = f"{minutes:02d}"
    return (
        f'<?xml version="1.0"?><data id="{form_id}" version="{version}" '
        f'xmlns:orx="http://openrosa.org/xforms" xmlns:jr="http://openrosa.org/javarosa">'
        f"<start>2026-11-20T09:00:00.000+00:00</start><end>2026-11-20T09:{end_minute}:00.000+00:00</end>"
        f"<consent>{consent}</consent><locality>{locality}</locality><gps>{gps}</gps>"
        f"<household><head_family_name>{head}</head_family_name><head_given_names>Konan</head_given_names>"
        f"<head_sex>M</head_sex><head_phone>0707123456</head_phone><size>{size}</size>"
        f"<main_crops>cacao vivrier</main_crops></household>{body}<notes/>"
        f"<meta>{meta}</meta></data>"
    )


def follow_up_xml(*, child_code: str, instance: str | None = None, working: str = "no") -> str:
    return (
        f'<data id="{FOLLOW_UP}" version="{VERSION}"><visit_date>2026-11-21</visit_date>'
        f"<child>{child_code}</child><attends_school>yes</attends_school><night_work>no</night_work>"
        f"<hazardous_tasks/><indicators/><still_working>{working}</still_working>"
        f"<services_received>school_kit</services_received>"
        f"<meta><instanceID>{instance or 'uuid:' + str(uuid.uuid4())}</instanceID></meta></data>"
    )
