"""Reading a roadmap of priority actions (the Alliance 8.7 task force's, 2021) into the plan tree; no ORM.

The roadmap is a table repeated per priority: "Priorités ⇥ Actions ⇥ Stratégies ⇥ Partenaires ⇥ Durée ⇥ Budget".
It has no objectives, no years and no figures, so it is mapped onto the plan tree as follows (and each
interpretation is written into the plan's reading notes):

- a priority is an axis (I, II, …), holding one strategic objective of the same title (I.1);
- an action of the roadmap is an action (I.1.1, I.1.2, …);
- each strategy of an action (the items of its "Stratégies" cell) is an activity (I-1.1.1, …), which carries the
  action's partners, duration and budget: "A définir" is a cost to be defined (neither PM nor an amount), "-" nil;
- the "Partenaires" cell is split into the responsible bodies (the national committees CIM, CNS, CNLTP) and the
  other partners (PTF, private sector, civil society), both kept as written.
"""

from __future__ import annotations

import hashlib
import html
import re

from sosteci.core.text import strip_accents
from sosteci.plans.document import TBD, ActionDoc, ActivityDoc, Amount, AxisDoc, Budget, ObjectiveDoc, PlanDoc
from sosteci.plans.parsing.cells import PlanParseError, parse_amount, split_cells, to_roman

_TITLE = re.compile(r"FEUILLE\s+DE\s+ROUTE\b", re.IGNORECASE)
_WORKSHOP_DATE = re.compile(r"\b(\d{1,2})\s*-\s*\d{1,2}\s+\w+\s+((?:19|20)\d{2})\b")
_PERIOD = re.compile(r"p[ée]riode\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", re.IGNORECASE)
_TBD = re.compile(r"^[AÀ]\s+d[ée]finir$", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_ITEM = re.compile(r"<li[^>]*>(.*?)</li>", re.IGNORECASE | re.DOTALL)
_INLINE_SPLIT = re.compile(r"\s*;\s*(?=-)")
# The national coordination bodies: the roadmap's actions are theirs to carry (CNLPT is a misspelling of CNLTP).
BODIES = {"CIM": "CIM", "CNS": "CNS", "CNLTP": "CNLTP", "CNLPT": "CNLTP"}
HEADINGS = ("priorites", "actions", "strategies", "partenaires", "duree", "budget")


def is_roadmap(text: str) -> bool:
    """A roadmap has a "FEUILLE DE ROUTE" title and a "Priorités ⇥ Actions ⇥ Stratégies" table."""
    return bool(_TITLE.search(text)) and any(_is_heading(split_cells(line)) for line in text.splitlines())


def _plain(value: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", value)).split())


def _key(value: str) -> str:
    return strip_accents(value).lower()


def _is_heading(cells: list[str]) -> bool:
    return tuple(_key(c) for c in cells[: len(HEADINGS)]) == HEADINGS


def _heading_text(line: str) -> str:
    return " ".join(line.replace("*", " ").replace("#", " ").split())


def strategies(cell: str) -> list[str]:
    """The strategies of a cell: the items of its HTML list, else the "- …; - …" items typed in line."""
    items = [_plain(item) for item in _ITEM.findall(cell)]
    if not items:
        items = _INLINE_SPLIT.split(_plain(cell))
    cleaned = []
    for item in items:
        text = item.strip().lstrip("-–").strip().rstrip(";").strip()
        if text:
            cleaned.append(text[:1].upper() + text[1:])
    return cleaned


def split_partners(cell: str) -> tuple[str, str]:
    """ "CIM/CNS/ CNLPT/ PTF / Privé / société civile...)" → ("CIM/CNS/CNLTP", "PTF / Privé / société civile…")."""
    parts = [p.strip() for p in _plain(cell).rstrip(")").split("/") if p.strip()]
    bodies = [BODIES[p.upper()] for p in parts if p.upper() in BODIES]
    others = [p for p in parts if p.upper() not in BODIES]
    return "/".join(dict.fromkeys(bodies)), " / ".join(others)


def _duration(cell: str) -> str:
    """ "- A court terme  - A moyen terme" → "A court terme ; A moyen terme"."""
    parts = [" ".join(p.split()) for p in re.split(r"(?:^|\s)-\s", _plain(cell)) if p.strip()]
    return " ; ".join(parts)


def _period(lines: list[str]) -> tuple[int, int, str]:
    """The roadmap's period: from the workshop's year to the end of the national plans' period it names."""
    text = "\n".join(lines)
    workshop = _WORKSHOP_DATE.search(text)
    if workshop is None:
        raise PlanParseError(1, "date de l'atelier introuvable (« 07-08 Octobre 2021 » attendu)")
    start = int(workshop.group(2))
    ends = [int(m.group(2)) for m in _PERIOD.finditer(text) if int(m.group(2)) >= start]
    end = max(ends) if ends else start
    line = next(i + 1 for i, raw in enumerate(lines) if workshop.group(0) in raw)
    note = (
        f"Ligne {line} : la feuille de route n'a pas de période ; elle court de l'année de l'atelier ({start}) "
        f"à la fin de la période des plans d'action nationaux qu'elle cite ({end})."
    )
    return start, end, note


def parse_roadmap(text: str, *, source_name: str = "", code: str = "") -> PlanDoc:
    """Read the whole roadmap; `code` defaults to "FDR-TF87-<start>-<end>"."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title_line = next((i for i, raw in enumerate(lines) if _TITLE.search(raw)), None)
    if title_line is None:
        raise PlanParseError(1, "titre de la feuille de route introuvable (« FEUILLE DE ROUTE … » attendu)")
    words = _heading_text(lines[title_line])
    title = words[:1].upper() + words[1:].lower() if words.isupper() else words
    for name in ("Task Force", "Alliance", "Côte d'Ivoire"):
        title = re.sub(re.escape(name), name, title, flags=re.IGNORECASE)
    start, end, period_note = _period(lines)
    plan = PlanDoc(
        code=code or f"FDR-TF87-{start}-{end}",
        title=title,
        start_year=start,
        end_year=end,
        kind="roadmap",
        source_name=source_name,
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        notes=[
            period_note,
            "La feuille de route n'a pas d'objectifs : chaque priorité devient un axe tenant un objectif du même "
            "intitulé ; chaque action, une action ; chaque stratégie de l'action, une activité qui reprend ses "
            "partenaires, sa durée et son budget.",
            "« A définir » est un coût à définir (ni PM, ni montant) ; « - » est nul.",
            "La colonne « Partenaires » est partagée entre les structures responsables (CIM, CNS, CNLTP, écrit "
            "aussi « CNLPT ») et les autres partenaires (PTF, privé, société civile).",
        ],
    )
    _Reader(plan).read(lines, title_line)
    if not plan.axes:
        raise PlanParseError(len(lines), "aucune priorité lue (en-tête « Priorités ⇥ Actions ⇥ Stratégies … » attendu)")
    return plan


class _Reader:
    def __init__(self, plan: PlanDoc) -> None:
        self.plan = plan
        self.in_table = False
        self.action: ActionDoc | None = None
        self.objective: ObjectiveDoc | None = None

    def read(self, lines: list[str], start: int) -> None:
        for index in range(start + 1, len(lines)):
            number = index + 1
            cells = split_cells(lines[index])
            if not any(cells):
                continue
            if _is_heading(cells):
                self.in_table = True
                continue
            if not self.in_table or len(cells) < 2:
                continue
            cells += [""] * (len(HEADINGS) - len(cells))
            self._row(number, cells)

    def _row(self, number: int, cells: list[str]) -> None:
        priority, action, strategy_cell, partners, duration, budget = cells[: len(HEADINGS)]
        if priority:
            self._priority(number, _plain(priority))
        if self.objective is None:
            raise PlanParseError(number, "une action précède la première priorité")
        if action and not (strategy_cell or partners or duration or budget):
            # The end of the previous action's title, spilled onto a line of its own.
            if self.action is None:
                raise PlanParseError(number, f"ligne sans action à compléter : « {action[:80]} »")
            self.action.title = f"{self.action.title} {_plain(action)}"
            self.plan.notes.append(
                f"Ligne {number} : la fin d'un intitulé d'action, seule sur sa ligne, est jointe à l'action "
                f"{self.action.code}."
            )
            return
        if not action:
            raise PlanParseError(number, "ligne sans action")
        items = strategies(strategy_cell)
        if not items:
            raise PlanParseError(number, f"l'action « {_plain(action)[:80]} » n'a aucune stratégie")
        total = self._budget(number, budget)
        responsible, others = split_partners(partners)
        position = len(self.objective.actions) + 1
        code = f"{self.objective.code}.{position}"
        self.action = ActionDoc(code=code, title=_plain(action), line=number)
        self.objective.actions.append(self.action)
        axis_code, objective_number = self.objective.code.split(".")
        for rank, item in enumerate(items, start=1):
            self.action.activities.append(
                ActivityDoc(
                    code=f"{axis_code}-{objective_number}.{position}.{rank}",
                    title=item,
                    responsible=responsible,
                    partners=others,
                    budget=Budget(total=total),
                    line=number,
                    duration=_duration(duration),
                )
            )

    def _priority(self, number: int, title: str) -> None:
        code = to_roman(len(self.plan.axes) + 1)
        axis = AxisDoc(code=code, title=title, line=number)
        self.objective = ObjectiveDoc(code=f"{code}.1", title=title, line=number)
        axis.objectives.append(self.objective)
        self.plan.axes.append(axis)
        self.action = None

    @staticmethod
    def _budget(number: int, cell: str) -> Amount:
        text = _plain(cell)
        if _TBD.match(text):
            return TBD
        return parse_amount(text, line=number, column="Budget")
