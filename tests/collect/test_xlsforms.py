"""The XLSForms: generated from their tables, compiled by pyxform, accepted by ODK Validate, bilingual, and
carrying the form ids, versions, metadata, codes and field names the server and the processing rely on."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime

import pytest
from defusedxml import ElementTree

from sosteci.classification.rulesets import DEFAULT_VERSION, default_ruleset
from sosteci.collect import catalog, compiling, media
from sosteci.collect.compiling import (
    FORM_FIELDS,
    FORM_IDS,
    FORM_MEDIA,
    XFORMS,
    XHTML,
    CompiledForm,
    ValidatorUnavailable,
    XFormInvalid,
    choice_lists,
    compile_xlsform,
    field_names,
    iter_xlsforms,
    validate_xform,
)
from sosteci.collect.xlsforms import build
from sosteci.registry.models import Child, Crop, Sex
from sosteci.registry.validators import PHONE_PREFIXES

FR, EN = "Français (fr)", "English (en)"
JR = "{http://openrosa.org/javarosa}"
CONTROLS = {"input", "select1", "select", "group", "trigger", "upload", "range", "rank"}


@pytest.fixture(scope="module")
def forms() -> dict[str, CompiledForm]:
    return {form.form_id: form for form in map(compile_xlsform, iter_xlsforms())}


def _html(form: CompiledForm):
    return ElementTree.fromstring(form.xml)


def _binds(form: CompiledForm) -> dict[str, dict[str, str]]:
    return {b.get("nodeset"): dict(b.attrib) for b in _html(form).iter(f"{XFORMS}bind")}


def _bind(form: CompiledForm, name: str) -> dict[str, str]:
    found = [attrs for path, attrs in _binds(form).items() if path.rsplit("/", 1)[-1] == name]
    assert len(found) == 1, f"{form.form_id}: {len(found)} binds named {name}"
    return found[0]


# --- Sources -------------------------------------------------------------------------------------------------------


def test_the_six_tools_have_one_xlsform_each(forms: dict[str, CompiledForm]) -> None:
    assert sorted(forms) == sorted(FORM_IDS) == sorted(catalog.TOOLS)
    assert [p.name for p in iter_xlsforms()] == sorted(f"{form_id}.xlsx" for form_id in FORM_IDS)
    assert all(form.source == f"{form_id}.xlsx" for form_id, form in forms.items())


def test_workbooks_are_exactly_what_build_produces() -> None:
    problems = [problem for form in build.FORMS for problem in build.differences(form)]
    assert problems == [], "régénérez : python -m sosteci.collect.xlsforms.build\n" + "\n".join(problems)


def test_build_check_reports_a_changed_workbook(tmp_path, monkeypatch) -> None:
    form = build.FORMS[0]
    monkeypatch.setattr(build, "FOLDER", tmp_path)
    build.write(form, tmp_path / f"{form.form_id}.xlsx")
    assert build.main(["--check"]) == 1  # the five others are missing there
    edited = build.Form(form.form_id, form.title, "2099010101", form.instance_name, form.survey)
    assert any("2099010101" in p for p in build.differences(edited))


def test_titles_and_versions(forms: dict[str, CompiledForm]) -> None:
    titles = {form_id: form.title for form_id, form in forms.items()}
    assert titles == {
        "sosteci_fiche_localite": "Fiche localité",
        "sosteci_visite_menage": "Visite ménage",
        "sosteci_suivi_enfant": "Suivi enfant",
        "sosteci_seance_sensibilisation": "Séance de sensibilisation",
        "sosteci_signalement": "Signalement",
        "sosteci_rapport_partenaire": "Rapport d'activités partenaire (outil 4)",
    }
    for form in forms.values():
        assert re.fullmatch(r"\d{10}", form.version), form.version
        day = datetime.strptime(form.version[:8], "%Y%m%d").date()
        assert date(2026, 1, 1) <= day <= date.today(), form.version


def test_compiled_form_identity(forms: dict[str, CompiledForm]) -> None:
    for form in forms.values():
        assert form.md5 == compiling.md5(form.xml)
        assert re.fullmatch(r"md5:[0-9a-f]{32}", form.md5)
        assert form.warnings == (), form.warnings
        root = compiling.primary_instance(_html(form))
        assert (root.tag, root.get("id"), root.get("version")) == (f"{XFORMS}data", form.form_id, form.version)


def test_a_broken_xlsform_is_reported_with_its_file_name(tmp_path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "survey"
    workbook.active.append(["type", "name", "label"])
    workbook.active.append(["select_one nowhere", "q", "Q"])
    path = tmp_path / "cassé.xlsx"
    workbook.save(path)
    with pytest.raises(compiling.XLSFormError, match=r"cassé\.xlsx"):
        compile_xlsform(path)


# --- ODK Validate ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_odk_validate_accepts_the_form(forms: dict[str, CompiledForm], form_id: str) -> None:
    # Never skipped: without Java this fails with ValidatorUnavailable's message (the Makefile installs Java).
    validate_xform(forms[form_id].xml)


def test_odk_validate_refuses_a_broken_form(forms: dict[str, CompiledForm]) -> None:
    xml = forms["sosteci_visite_menage"].xml.replace("sum(../../../activity", "sum(../../../activity(")
    with pytest.raises(XFormInvalid, match="Mismatched brackets or parentheses"):
        validate_xform(xml)


def test_without_java_validation_fails_loudly(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ValidatorUnavailable, match="Java"):
        validate_xform("<h:html/>")


# --- Languages ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_question_and_choice_in_french_then_english(forms: dict[str, CompiledForm], form_id: str) -> None:
    html = _html(forms[form_id])
    translations = {t.get("lang"): t for t in html.iter(f"{XFORMS}translation")}
    assert list(translations) == [FR, EN]
    assert translations[FR].get("default") == "true()"
    texts = {
        lang: {t.get("id"): "".join(t.itertext()).strip() or len(t.findall(f".//{XFORMS}output")) for t in tr}
        for lang, tr in translations.items()
    }
    assert texts[FR].keys() == texts[EN].keys()
    for lang, values in texts.items():
        assert all(values.values()), f"{lang}: empty {[k for k, v in values.items() if not v]}"
    body = html.find(f"{XHTML}body")
    for control in body.iter():
        if control.tag.removeprefix(XFORMS) in CONTROLS and control.tag.startswith(XFORMS):
            for kind in ("label", "hint"):
                element = control.find(f"{XFORMS}{kind}")
                if element is None:  # the groups guarding counted repeats are the only unlabelled ones
                    guard = control.tag == f"{XFORMS}group" and control.get("ref", "").endswith("_details")
                    assert kind == "hint" or guard, f"{control.get('ref')} has no label"
                    continue
                match = re.fullmatch(r"jr:itext\('(.+)'\)", element.get("ref", ""))
                assert match and match.group(1) in texts[FR], f"{control.get('ref')}: {kind} not translated"
    model = html.find(f"{XHTML}head/{XFORMS}model")
    for instance in model.findall(f"{XFORMS}instance"):
        if instance.get("id") and not instance.get("src"):
            for item in instance.iter(f"{XFORMS}item"):
                assert item.findtext(f"{XFORMS}itextId") in texts[FR], (
                    instance.get("id"),
                    item.findtext(f"{XFORMS}name"),
                )
    for path, bind in _binds(forms[form_id]).items():
        if "constraint" in bind:
            assert bind.get(f"{JR}constraintMsg", "").startswith("jr:itext("), f"{path}: constraint without message"


# --- Metadata, media, fields ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_metadata(forms: dict[str, CompiledForm], form_id: str) -> None:
    form = forms[form_id]
    binds = _binds(form)
    assert binds["/data/meta/instanceID"][f"{JR}preload"] == "uid"
    assert binds["/data/meta/instanceName"]["calculate"]
    assert (binds["/data/start"][f"{JR}preloadParams"], binds["/data/end"][f"{JR}preloadParams"]) == ("start", "end")
    assert binds["/data/username"][f"{JR}preloadParams"] == "username"
    assert binds["/data/deviceid"][f"{JR}preloadParams"] == "deviceid"
    # Collect itself adds meta/deprecatedID when a sent form is edited: the form must not declare it.
    assert "deprecatedID" not in form.xml


def test_media_files_and_their_columns(forms: dict[str, CompiledForm]) -> None:
    assert {form_id: form.media for form_id, form in forms.items()} == FORM_MEDIA
    # The server writes these files (media.py) with the columns the forms read and filter on.
    assert compiling.CHILD_FILTER_COLUMN in media.CHILD_COLUMNS
    assert {"name", "label"} <= set(media.CHILD_COLUMNS) & set(media.LOCALITY_COLUMNS)
    follow_up = forms["sosteci_suivi_enfant"].xml
    column = compiling.CHILD_FILTER_COLUMN
    assert f"instance('enfants')/root/item[{column}= /data/locality ]" in follow_up
    for form in forms.values():
        for itemset in _html(form).iter(f"{XFORMS}itemset"):
            if itemset.get("nodeset").startswith(("instance('localites')", "instance('enfants')")):
                value, label = itemset.find(f"{XFORMS}value"), itemset.find(f"{XFORMS}label")
                assert (value.get("ref"), label.get("ref")) == ("name", "label")


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_fields_the_processing_reads(forms: dict[str, CompiledForm], form_id: str) -> None:
    found = forms[form_id].fields
    for level, expected in FORM_FIELDS[form_id].items():
        missing = set(expected) - set(found.get(level, []))
        assert not missing, f"{form_id} [{level or 'hors répétitions'}]: {sorted(missing)}"
    for level, names in found.items():  # processing flattens groups: one name, one answer per level
        assert len(names) == len(set(names)), f"{form_id} [{level}]: {sorted(n for n in names if names.count(n) > 1)}"


def test_field_names_follow_repeats_through_groups(forms: dict[str, CompiledForm]) -> None:
    found = field_names(forms["sosteci_visite_menage"].xml)
    assert "head_phone" in found[""] and "hours" not in found[""] and "family_name" not in found[""]
    assert "hazardous_tasks" in found["child"] and "code" not in found["child"]
    assert found["activity"] == ["code", "hours"]


def test_question_names_are_lower_snake_case_english(forms: dict[str, CompiledForm]) -> None:
    for form_id, form in forms.items():
        for level, names in form.fields.items():
            for name in [*names, level]:
                assert name == "" or re.fullmatch(r"[a-z][a-z0-9_]*", name), (form_id, name)


# --- Codes ----------------------------------------------------------------------------------------------------------


def test_rule_set_codes_and_labels() -> None:
    assert build.RULESET_VERSION == DEFAULT_VERSION  # a new rule set means new forms (and versions)
    ruleset = default_ruleset()
    lists = choice_lists(compile_xlsform(compiling.FORMS_DIR / "sosteci_visite_menage.xlsx").xml)
    assert lists["activity"] == [i.code for i in (*ruleset.activities, *ruleset.light_tasks)]
    assert set(lists["activity"]) == ruleset.activity_codes
    assert lists["hazard"] == [i.code for i in ruleset.hazardous_tasks]
    assert lists["indicator"] == [i.code for i in ruleset.indicators]
    labelled = {code: (fr, en) for _list, choices in build.CHOICE_LISTS.items() for code, fr, en in choices}
    for code in (*lists["activity"], *lists["hazard"], *lists["indicator"]):
        assert labelled[code] == ruleset.label(code)


def test_register_codes(forms: dict[str, CompiledForm]) -> None:
    lists = choice_lists(forms["sosteci_visite_menage"].xml)
    assert lists["sex"] == list(Sex.values)
    assert lists["crop"] == list(Crop.values)
    assert lists["birth_certificate"] == list(Child.BirthCertificate.values)
    assert lists["parents"] == list(Child.Parents.values)
    assert lists["relation"] == list(Child.Relation.values)
    assert lists["schooling"] == list(Child.Schooling.values)
    assert lists["grade"] == list(Child.Grade.values)
    assert lists["nationality"] == ["CI", "BF", "ML", "GN", "GH", "LR", "NE", "TG", "BJ", "other"]
    assert choice_lists(forms["sosteci_suivi_enfant"].xml)["service"] == [
        "school_reintegration",
        "school_kit",
        "birth_certificate",
        "vocational_training",
        "apprenticeship",
        "psychosocial",
        "medical",
        "shelter",
        "family_tracing",
        "repatriation",
        "legal_aid",
        "household_income",
    ]


def test_other_forms_codes(forms: dict[str, CompiledForm]) -> None:
    assert choice_lists(forms["sosteci_seance_sensibilisation"].xml)["theme"] == [
        "child_labour",
        "trafficking",
        "birth_registration",
        "schooling",
        "hazardous_work",
        "other",
    ]
    alert = choice_lists(forms["sosteci_signalement"].xml)
    assert alert["alert_source"] == [
        "green_line",
        "community_relay",
        "police",
        "border_post",
        "reception_centre",
        "school",
        "anonymous",
    ]
    assert alert["urgency"] == ["high", "medium", "low"]
    assert alert["situation"] == [
        "child_labour",
        "hazardous_work",
        "trafficking",
        "forced_labour",
        "sexual_exploitation",
        "other",
    ]
    assert choice_lists(forms["sosteci_rapport_partenaire"].xml)["effort_type"] == [
        "awareness",
        "school_kits",
        "birth_certificates",
        "income_generating",
        "infrastructure",
        "training",
        "victim_assistance",
        "other",
    ]


# --- Rules written into the forms -----------------------------------------------------------------------------------


def _xpath_regex(constraint: str) -> re.Pattern[str]:
    match = re.search(r"regex\(\., '([^']+)'\)", constraint)
    assert match, constraint
    return re.compile(match.group(1))


def test_phone_numbers_of_cote_d_ivoire(forms: dict[str, CompiledForm]) -> None:
    for form_id, name in (("sosteci_visite_menage", "head_phone"), ("sosteci_signalement", "reporter_phone")):
        pattern = _xpath_regex(_bind(forms[form_id], name)["constraint"])
        for prefix in PHONE_PREFIXES:
            assert pattern.fullmatch(prefix + "12345678")
        for wrong in ("0807123456", "070712345", "07071234567", "+2250707123456", "07 07 12 34 56"):
            assert not pattern.fullmatch(wrong), wrong


def test_household_visit_rules(forms: dict[str, CompiledForm]) -> None:
    form = forms["sosteci_visite_menage"]
    assert _bind(form, "locality")["relevant"].strip() == "/data/consent  = 'yes'"
    assert _bind(form, "household")["relevant"] == _bind(form, "locality")["relevant"]
    assert _bind(form, "size")["constraint"] == ". >= 1 and . <= 100"
    assert _bind(form, "children_count")["constraint"] == ". >= 0 and . <=  /data/household/size "
    # One child per declared child: none at 0, and those past the count (Collect keeps them) neither asked nor sent.
    assert _bind(form, "child")["relevant"] == " /data/consent  = 'yes' and  /data/household/children_count  > 0"
    assert _bind(form, "child_details")["relevant"] == "position(..) <=  /data/household/children_count "
    assert _bind(form, "activity_details")["relevant"] == "position(..) <=  ../../activity_count "
    assert _bind(form, "date_of_birth")["constraint"].startswith(". <= today()")
    assert _bind(form, "date_of_birth")["relevant"].strip() == "../dob_known  = 'yes'"
    assert _bind(form, "declared_age")["constraint"] == ". >= 0 and . <= 17"
    assert _bind(form, "grade")["relevant"].strip() == "../schooling  = 'enrolled'"
    hours = _bind(form, "hours")
    assert hours["type"] == "decimal"
    assert "sum(../../../activity/activity_details/hours[string-length(.) > 0]) <= 168" in hours["constraint"]
    assert _bind(form, "hazardous_tasks")["type"] == "string"  # select_multiple: space-separated codes


def test_other_rules(forms: dict[str, CompiledForm]) -> None:
    assert _bind(forms["sosteci_rapport_partenaire"], "period_end")["constraint"].startswith(". >=  /data/period_start")
    assert (
        _bind(forms["sosteci_suivi_enfant"], "hours")["constraint"]
        == _bind(forms["sosteci_visite_menage"], "hours")["constraint"]
    )
    girls = _bind(forms["sosteci_seance_sensibilisation"], "girls")["constraint"]
    assert girls.startswith(". >= 0") and "> 0" in girls
    for name in ("boys_5_11", "adult_women", "amount_spent"):
        assert _bind(forms["sosteci_rapport_partenaire"], name)["constraint"].startswith(". >= 0")
