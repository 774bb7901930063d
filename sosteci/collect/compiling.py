"""Compiling the XLSForm sources (xlsforms/*.xlsx) into the XForms ODK Collect downloads, and checking them.

`compile_xlsform` runs pyxform in process; `validate_xform` runs ODK Validate (JavaRosa, the engine of Collect)
from the jar pyxform bundles, which needs Java. The field names the processing code reads, and the columns of
the CSV files the server generates for `select_one_from_file`, are declared here so that the forms, the
processing and the media files can be checked against one another.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from pyxform.errors import PyXFormError
from pyxform.validators.error_cleaner import ErrorCleaner
from pyxform.validators.odk_validate import ODK_VALIDATE_PATH
from pyxform.xls2xform import convert

from sosteci.collect.catalog import (
    ALERT,
    AWARENESS,
    FOLLOW_UP,
    HOUSEHOLD_VISIT,
    LOCALITY_PROFILE,
    PARTNER_REPORT,
)
from sosteci.collect.media import CHILDREN, LOCALITES, md5

logger = logging.getLogger(__name__)

FORMS_DIR = Path(__file__).resolve().parent / "xlsforms"
VALIDATE_TIMEOUT_SECONDS = 120

# The six tools (catalog.py) and the media files the server generates for `select_one_from_file` (media.py):
# localites.csv (name = the localité's P-code, label = "Nom (Sous-préfecture)") and enfants.csv (name = the
# child's code, label = "NOM Prénoms — Localité", locality = its P-code, the column the follow-up form filters on).
FORM_IDS = (LOCALITY_PROFILE, HOUSEHOLD_VISIT, FOLLOW_UP, AWARENESS, ALERT, PARTNER_REPORT)
LOCALITIES_FILE, CHILDREN_FILE = LOCALITES, CHILDREN
CHILD_FILTER_COLUMN = "locality"

# --- Field names the processing code relies on --------------------------------------------------------------------
# Names are unique within their repeat level (groups do not count): processing flattens groups (xmldata.leaves).

META_FIELDS = ("start", "end", "username", "deviceid")
CHILD_REPEAT, ACTIVITY_REPEAT, EFFORT_REPEAT = "child", "activity", "effort"
OUTSIDE_REPEATS = ""

OBSERVATION_FIELDS = (
    "attends_school",
    "works_during_school_hours",
    "night_work",
    "apprenticeship",
    "hazardous_tasks",
    "indicators",
    "injured_at_work",
    "injury_note",
)
ACTIVITY_FIELDS = ("code", "hours")
HOUSEHOLD_VISIT_FIELDS = (
    "visit_date",
    "consent",
    "locality",
    "gps",
    "head_family_name",
    "head_given_names",
    "head_sex",
    "head_phone",
    "size",
    "main_crops",
    "children_count",  # the number of child repeats asked
    "notes",
)
CHILD_FIELDS = (
    "family_name",
    "given_names",
    "sex",
    "dob_known",
    "date_of_birth",
    "declared_age",
    "birth_certificate",
    "nationality",
    "nationality_other",  # the 2-letter code when nationality is "other"
    "place_of_origin",
    "arrived_on",
    "lives_with_parents",
    "relation_to_head",
    "schooling",
    "grade",
    "disability",
    "guardian_name",
    *OBSERVATION_FIELDS,
)
FOLLOW_UP_FIELDS = (
    "visit_date",
    "locality",
    "child",
    *OBSERVATION_FIELDS,
    "still_working",
    "services_received",
    "notes",
)
LOCALITY_PROFILE_FIELDS = (
    "locality",
    "survey_date",
    "population_estimate",
    "has_primary_school",
    "school_distance_km",
    "has_health_centre",
    "has_protection_committee",
    "main_crops",
    "cooperatives",
    "notes",
)
AWARENESS_FIELDS = (
    "locality",
    "session_date",
    "theme",
    "theme_other",
    "facilitator",
    "men",
    "women",
    "boys",
    "girls",
    "notes",
)
ALERT_FIELDS = (
    "source",
    "urgency",
    "locality",
    "place_detail",
    "observed_at",
    "situation",
    "description",
    "children_count",
    "child_known",
    "child_name",
    "child_age",
    "child_sex",
    "reporter_name",
    "reporter_phone",
)
PARTNER_REPORT_FIELDS = (
    "structure_code",
    "period_start",
    "period_end",
    "effort_count",  # the number of effort repeats asked
    "victims_identified_boys",
    "victims_identified_girls",
    "victims_identified_adults",
    "victims_assisted",
    "victims_referred",
    "victims_repatriated",
    "prosecutions_reported",
    "notes",
)
EFFORT_FIELDS = (
    "locality",
    "activity_type",
    "activity_type_other",
    "boys_5_11",
    "boys_12_14",
    "boys_15_17",
    "girls_5_11",
    "girls_12_14",
    "girls_15_17",
    "adult_men",
    "adult_women",
    "amount_spent",
)

# Per form, per repeat level (OUTSIDE_REPEATS or the repeat's name), the fields it must have.
FORM_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    LOCALITY_PROFILE: {OUTSIDE_REPEATS: (*META_FIELDS, *LOCALITY_PROFILE_FIELDS)},
    HOUSEHOLD_VISIT: {
        OUTSIDE_REPEATS: (*META_FIELDS, *HOUSEHOLD_VISIT_FIELDS),
        CHILD_REPEAT: CHILD_FIELDS,
        ACTIVITY_REPEAT: ACTIVITY_FIELDS,
    },
    FOLLOW_UP: {OUTSIDE_REPEATS: (*META_FIELDS, *FOLLOW_UP_FIELDS), ACTIVITY_REPEAT: ACTIVITY_FIELDS},
    AWARENESS: {OUTSIDE_REPEATS: (*META_FIELDS, *AWARENESS_FIELDS)},
    ALERT: {OUTSIDE_REPEATS: (*META_FIELDS, *ALERT_FIELDS)},
    PARTNER_REPORT: {OUTSIDE_REPEATS: (*META_FIELDS, *PARTNER_REPORT_FIELDS), EFFORT_REPEAT: EFFORT_FIELDS},
}
FORM_MEDIA: dict[str, tuple[str, ...]] = {
    LOCALITY_PROFILE: (LOCALITIES_FILE,),
    HOUSEHOLD_VISIT: (LOCALITIES_FILE,),
    FOLLOW_UP: (CHILDREN_FILE, LOCALITIES_FILE),
    AWARENESS: (LOCALITIES_FILE,),
    ALERT: (LOCALITIES_FILE,),
    PARTNER_REPORT: (LOCALITIES_FILE,),
}


class XLSFormError(ValueError):
    """An XLSForm pyxform cannot compile; the message names the file."""


class XFormInvalid(ValueError):
    """ODK Validate refused the XForm; the message is the validator's."""


class ValidatorUnavailable(RuntimeError):
    """ODK Validate cannot run here (no Java)."""


@dataclass(frozen=True)
class CompiledForm:
    form_id: str
    version: str
    title: str
    xml: str
    md5: str  # "md5:<hex>" of the XML, as OpenRosa's formList and manifest want it
    media: tuple[str, ...]  # files the form reads (jr://file-csv/…), served through the manifest
    source: str  # the XLSForm's file name
    warnings: tuple[str, ...] = ()

    @property
    def fields(self) -> dict[str, list[str]]:
        return field_names(self.xml)


def iter_xlsforms(folder: Path = FORMS_DIR) -> Iterator[Path]:
    """The XLSForm sources, in name order (Excel's lock files "~$…" left out)."""
    yield from sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", ".")))


XFORMS = "{http://www.w3.org/2002/xforms}"
XHTML = "{http://www.w3.org/1999/xhtml}"
_MEDIA = re.compile(r"jr://(?:file|file-csv|images|audio|video)/([^\"'<>\s]+)")


def compile_xlsform(path: Path | str) -> CompiledForm:
    """Compile one XLSForm with pyxform (no validation: see validate_xform)."""
    path = Path(path)
    warnings: list[str] = []
    try:
        result = convert(xlsform=str(path), warnings=warnings, pretty_print=True)
    except PyXFormError as exc:
        raise XLSFormError(f"XLSForm « {path.name} » : {exc}") from exc
    xml: str = result.xform
    html = ElementTree.fromstring(xml)
    title = html.findtext(f"{XHTML}head/{XHTML}title") or ""
    root = primary_instance(html)
    return CompiledForm(
        form_id=root.get("id", ""),
        version=root.get("version", ""),
        title=title,
        xml=xml,
        md5=md5(xml),
        media=tuple(sorted(set(_MEDIA.findall(xml)))),
        source=path.name,
        warnings=tuple(warnings),
    )


def validate_xform(xml: str) -> None:
    """Run ODK Validate on an XForm; raise XFormInvalid with the validator's message, ValidatorUnavailable without
    Java."""
    java = shutil.which("java")
    if java is None:
        raise ValidatorUnavailable(
            "ODK Validate a besoin de Java (17 ou plus), introuvable dans le PATH : installez-le "
            "(apt-get install openjdk-17-jre-headless). / ODK Validate needs Java (17+), not found on PATH."
        )
    with tempfile.TemporaryDirectory(prefix="sosteci-xform-") as folder:
        path = Path(folder) / "form.xml"
        path.write_text(xml, encoding="utf-8")
        command = [java, "-Djava.awt.headless=true", "-jar", ODK_VALIDATE_PATH, str(path)]
        try:
            done = subprocess.run(  # noqa: S603  (fixed command: java, the bundled jar, our temporary file)
                command, capture_output=True, text=True, timeout=VALIDATE_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise XFormInvalid(f"ODK Validate n'a pas répondu en {VALIDATE_TIMEOUT_SECONDS} s.") from exc
    if done.returncode != 0:
        message = ErrorCleaner.odk_validate(done.stderr or done.stdout).strip()
        raise XFormInvalid(message or f"ODK Validate a échoué (code {done.returncode}).")
    if done.stderr.strip():
        logger.warning("ODK Validate: %s", done.stderr.strip())


# --- Reading a compiled XForm -------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def primary_instance(html: Any) -> Any:
    """The root element of the form's main instance (<data id=… version=…>)."""
    model = html.find(f"{XHTML}head/{XFORMS}model")
    instance = next(i for i in model.findall(f"{XFORMS}instance") if i.get("id") is None)
    return next(iter(instance))


def field_names(xml: str) -> dict[str, list[str]]:
    """Leaf names of the main instance by repeat level: OUTSIDE_REPEATS, or the name of the nearest repeat.

    Groups are transparent, as for the processing code; a name listed twice in one level is a defect.
    """
    html = ElementTree.fromstring(xml)
    repeats = {r.get("nodeset", "") for r in html.iter(f"{XFORMS}repeat")}
    found: dict[str, list[str]] = {}
    seen: set[str] = set()  # a repeat appears as its template, then as a first instance: read it once

    def visit(element: Any, path: str, level: str) -> None:
        for child in element:
            name = _local(child.tag)
            child_path = f"{path}/{name}"
            if child_path in repeats:
                if child_path not in seen:
                    seen.add(child_path)
                    found.setdefault(name, [])
                    visit(child, child_path, name)
            elif len(child):
                visit(child, child_path, level)
            elif name not in {"instanceID", "instanceName", "deprecatedID"}:
                found.setdefault(level, []).append(name)

    root = primary_instance(html)
    visit(root, f"/{_local(root.tag)}", OUTSIDE_REPEATS)
    return found


def choice_lists(xml: str) -> dict[str, list[str]]:
    """The choice names of each list held in the form (secondary instances, not the external CSV files)."""
    html = ElementTree.fromstring(xml)
    model = html.find(f"{XHTML}head/{XFORMS}model")
    lists: dict[str, list[str]] = {}
    for instance in model.findall(f"{XFORMS}instance"):
        if instance.get("id") and not instance.get("src"):
            items = instance.iter(f"{XFORMS}item")
            lists[instance.get("id")] = [item.findtext(f"{XFORMS}name") or "" for item in items]
    return lists
