"""The steps of a case and every allowed move between them, declared here and nowhere else.

    proposed ──accept──▶ open ──assess──▶ assessed ──plan──▶ plan ──(first referral)──▶ services
       │                                                                                  │
    dismiss                               ┌──────────── refuse_closure ◀──┐        (first follow-up)
       ▼                                  ▼                               │               ▼
    dismissed                          follow_up ──request_closure──▶ closing ──approve_closure──▶ closed
                                                                                                 │
                                          open ◀─────────────────────── reopen ◀─────────────────┘

A transfer may be requested from any active step; every other closure needs at least one follow-up, and
"out of child labour" needs the last two follow-ups out of child labour. A supervisor approves closures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sosteci.access.permissions import Perm
from sosteci.cases.models import Case

S = Case.Status


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: Promise
    perm: Perm
    # What the user must give: a note (why), a text for the step (assessment, plan), a closure reason.
    needs: frozenset[str] = frozenset()


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("accept", frozenset({S.PROPOSED}), S.OPEN, _("Ouvrir le dossier"), Perm.CASE_SUPERVISE),
        Transition(
            "dismiss",
            frozenset({S.PROPOSED}),
            S.DISMISSED,
            _("Ne pas retenir"),
            Perm.CASE_SUPERVISE,
            frozenset({"note"}),
        ),
        Transition(
            "assess",
            frozenset({S.OPEN}),
            S.ASSESSED,
            _("Enregistrer l'évaluation"),
            Perm.CASE_EDIT,
            frozenset({"text"}),
        ),
        Transition(
            "plan",
            frozenset({S.ASSESSED}),
            S.PLAN,
            _("Arrêter le plan de prise en charge"),
            Perm.CASE_EDIT,
            frozenset({"text"}),
        ),
        # Moved by the first referral (services.referral_create); listed so that the move is declared.
        Transition("start_services", frozenset({S.PLAN}), S.SERVICES, _("Services en cours"), Perm.CASE_EDIT),
        # Moved by the first follow-up visit after the services started (receivers).
        Transition("follow_up", frozenset({S.SERVICES}), S.FOLLOW_UP, _("Passer au suivi"), Perm.CASE_EDIT),
        Transition(
            "request_closure",
            frozenset({S.OPEN, S.ASSESSED, S.PLAN, S.SERVICES, S.FOLLOW_UP}),
            S.CLOSING,
            _("Demander la clôture"),
            Perm.CASE_EDIT,
            frozenset({"reason"}),
        ),
        Transition("approve_closure", frozenset({S.CLOSING}), S.CLOSED, _("Approuver la clôture"), Perm.CASE_SUPERVISE),
        Transition(
            "refuse_closure",
            frozenset({S.CLOSING}),
            S.FOLLOW_UP,
            _("Refuser la clôture"),
            Perm.CASE_SUPERVISE,
            frozenset({"note"}),
        ),
        Transition(
            "reopen", frozenset({S.CLOSED}), S.OPEN, _("Rouvrir le dossier"), Perm.CASE_SUPERVISE, frozenset({"note"})
        ),
    )
}

# Moves the system makes itself, not offered as buttons.
AUTOMATIC = frozenset({"start_services", "follow_up"})


def available(case: Case) -> list[Transition]:
    """The moves allowed from the case's step (permission and guards are checked by the service)."""
    return [t for t in TRANSITIONS.values() if case.status in t.sources and t.name not in AUTOMATIC]


def allowed_pairs() -> set[tuple[str, str]]:
    return {(source, t.target) for t in TRANSITIONS.values() for source in t.sources}


def describe(name: str) -> Any:
    return TRANSITIONS[name].label
