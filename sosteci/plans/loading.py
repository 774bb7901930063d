"""Reading a plan file from disk (the document's text, or the JSON it was parsed into) and writing that JSON."""

from __future__ import annotations

import json
from pathlib import Path

from sosteci.plans.document import PlanDoc
from sosteci.plans.parsing import PlanParseError, parse_document

DATA_DIR = Path(__file__).resolve().parent / "data"
# The national action plan against trafficking in persons 2016-2020, as received (see data/SOURCES.md).
REFERENCE_TEXT = DATA_DIR / "panltdp_2016_2020.txt"
REFERENCE_JSON = DATA_DIR / "panltdp_2016_2020.json"
# The Alliance 8.7 task force's roadmap of priority actions (October 2021), as received.
ROADMAP_TEXT = DATA_DIR / "feuille_de_route_tf87_2021.txt"
ROADMAP_JSON = DATA_DIR / "feuille_de_route_tf87_2021.json"


def read_plan_file(path: Path, *, code: str = "") -> PlanDoc:
    """A .json file is a parsed plan (as `document_json` writes it); anything else is the document's text (an
    action plan or a roadmap, told apart by their content)."""
    content = path.read_bytes()
    if path.suffix.lower() == ".json":
        try:
            document = PlanDoc.from_json(json.loads(content))
        except (ValueError, KeyError, TypeError) as exc:
            raise PlanParseError(1, f"fichier JSON de plan illisible : {exc}") from exc
        if code:
            document.code = code
        return document
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise PlanParseError(line, "le fichier n'est pas en UTF-8") from exc
    return parse_document(text, source_name=path.name, code=code)


def document_json(document: PlanDoc) -> str:
    """The stable JSON text of a parsed plan (the form kept in data/ and compared by the tests)."""
    return json.dumps(document.to_json(), ensure_ascii=False, indent=1) + "\n"
