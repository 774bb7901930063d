"""Demo alerts and cases at every step, driven through the real services, then dated as if lived over months.

The cases opened by the demo register's visits in the home sous-préfecture are taken through assessment, plan,
referrals (pending, accepted, declined) to the demo provider's social centre, services, follow-up visits, closure
requests, approvals and a reopening; some proposals are accepted or dismissed. Alerts come from the green line and
the field, some triaged in time, some late, some still waiting. Runs once (nothing happens if alerts exist).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sosteci.access.models import User
from sosteci.cases import services
from sosteci.cases.models import Alert, Case, CaseEvent, Referral
from sosteci.directory.models import Structure
from sosteci.directory.selectors import structures_for_referral
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import Child, Visit
from sosteci.registry.services import visit_record
from sosteci.territory.models import AdminUnit, Level

S = Case.Status
_USERNAMES = ["superviseur", "agent", "pointfocal", "operateur", "prestataire"]
# How many cases of the home sous-préfecture end at each step (the rest stay open, some with assessment overdue).
PLAN = [
    ("assessed", 4),
    ("plan", 3),
    ("referral_pending", 4),
    ("referral_declined", 2),
    ("service_delivered", 4),
    ("follow_up", 4),
    ("closing", 3),
    ("closed", 4),
    ("reopened", 1),
]
SERVICES = ["school_kit", "birth_certificate", "psychosocial", "family_tracing", "household_income"]
ALERTS = [
    # source, situation, urgency, hours since received, outcome, description
    (
        "green_line",
        "trafficking",
        "high",
        6,
        "new",
        "Appel : trois garçons d'environ 12 ans descendus d'un car avec un intermédiaire, sans leurs parents.",
    ),
    ("community_relay", "child_labour", "medium", 20, "new", "Enfants vus au champ pendant les heures de classe."),
    (
        "school",
        "hazardous_work",
        "medium",
        100,
        "new",
        "Élève absent depuis deux semaines, vu portant des charges lourdes au marché.",
    ),
    (
        "police",
        "forced_labour",
        "high",
        40,
        "new",
        "Contrôle routier : adolescente transportée pour travailler comme domestique, documents retenus.",
    ),
    ("green_line", "child_labour", "low", 30 * 24, "case", "Signalement d'un voisin : enfant à la machette."),
    ("community_relay", "hazardous_work", "medium", 20 * 24, "case", "Épandage de produits par un enfant de 14 ans."),
    ("anonymous", "other", "low", 12 * 24, "dismiss", "Appel incomplet, aucun lieu précis."),
    ("reception_centre", "trafficking", "high", 9 * 24, "link", "Enfant accueilli au centre, déjà suivi."),
    ("border_post", "trafficking", "high", 45 * 24, "dismiss", "Mineurs voyageant avec leurs parents, vérifié."),
    ("green_line", "child_labour", "medium", 60 * 24, "case_late", "Enfant employé dans une plantation voisine."),
]


@dataclass
class DemoCasesResult:
    alerts: int = 0
    cases_moved: int = 0
    referrals: int = 0
    services: int = 0
    follow_ups: int = 0


class _Clock:
    """Dates the steps of one case between its opening and today, in order, after the services wrote them."""

    def __init__(self, case: Case, steps: int) -> None:
        self.case = case
        span = timezone.now() - case.opened_at - timedelta(days=2)
        self.gap = span / (steps + 1)
        self.moment = case.opened_at
        self.last_event = CaseEvent.objects.filter(case=case).order_by("-id").values_list("id", flat=True).first() or 0

    def step(self, do: Callable[[], Any]) -> tuple[Any, datetime]:
        self.moment += self.gap
        result = do()
        CaseEvent.objects.filter(case=self.case, id__gt=self.last_event).update(at=self.moment)
        self.last_event = CaseEvent.objects.filter(case=self.case).order_by("-id").values_list("id", flat=True)[0]
        return result, self.moment

    @property
    def day(self) -> date:
        return timezone.localdate(self.moment + self.gap)


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _actor(case: Case, agent: User | None, supervisor: User) -> User:
    return agent if agent is not None and case.assigned_to_id == agent.pk else supervisor


def _refer(case: Case, by: User, provider: Structure | None, rng: random.Random) -> Referral:
    offered = [s for s in SERVICES if provider is not None and provider.offers(s)]
    service = rng.choice(offered or SERVICES)
    structure = provider if provider is not None and provider.offers(service) and provider.has_place() else None
    if structure is None:
        structure = structures_for_referral(service=service, unit=case.locality).first()
    if structure is None:
        raise RuntimeError(f"no demo structure offers {service} at {case.locality}")
    return services.referral_create(
        by=by,
        case=case,
        version=case.version,
        structure=structure,
        service=service,
        consent_child=True,
        consent_guardian=True,
        note="Orientation de démonstration.",
    )


def _follow_up(child: Child, by: User, day: date, working: bool = False) -> Visit:
    data = VisitInput(visited_on=day, kind="follow_up", attends_school=not working)
    if working:
        data.activities, data.hazardous_tasks = [{"code": "CACAO", "hours": 12}], ["H_MACHETTE"]
    return visit_record(by=by, child=child, data=data)


def _drive(
    case: Case, goal: str, *, rng: random.Random, users: dict[str, User], provider: Structure | None
) -> DemoCasesResult:
    """Take one open case to `goal` through the services, dating each step."""
    done = DemoCasesResult(cases_moved=1)
    supervisor, agent, focal = users["superviseur"], users.get("agent"), users["pointfocal"]
    by = _actor(case, agent, supervisor)
    order = [g for g, _n in PLAN]
    depth = order.index(goal)
    clock = _Clock(case, steps=depth + 4)
    clock.step(
        lambda: services.case_transition(
            by=by, case=_fresh(case), name="assess", version=_fresh(case).version, text=_assessment(rng)
        )
    )
    Case.objects.filter(pk=case.pk).update(assessed_at=clock.moment)
    if goal == "assessed":
        return done
    clock.step(
        lambda: services.case_transition(
            by=by, case=_fresh(case), name="plan", version=_fresh(case).version, text=_plan(rng)
        )
    )
    if goal == "plan":
        return done
    referral, at = clock.step(lambda: _refer(_fresh(case), by, provider, rng))
    Referral.objects.filter(pk=referral.pk).update(referred_at=at)
    done.referrals += 1
    if goal == "referral_pending":
        return done
    answer_by = users["prestataire"] if referral.structure_id == getattr(provider, "pk", None) else None
    if answer_by is None:  # another structure: its own staff would answer; the demo has none
        return done
    accept = goal != "referral_declined"
    note = "" if accept else "Plus de place avant la rentrée : orienter vers le centre de transit."
    _, at = clock.step(lambda: services.referral_respond(by=answer_by, referral=referral, accept=accept, note=note))
    Referral.objects.filter(pk=referral.pk).update(responded_at=at)
    if not accept:
        return done
    delivered = clock.day
    clock.step(
        lambda: services.service_record(
            by=answer_by,
            case=_fresh(case),
            service=referral.service,
            delivered_on=delivered,
            cost=rng.choice([None, Decimal(12500), Decimal(15000), Decimal(25000), Decimal(40000)]),
            referral=Referral.objects.get(pk=referral.pk),
        )
    )
    done.services += 1
    if goal == "service_delivered":
        return done
    for _visit in range(2 if goal != "follow_up" else 1):
        day = clock.day
        clock.step(lambda day=day: _follow_up(case.child, by, day))  # type: ignore[misc]
        done.follow_ups += 1
    if goal == "follow_up":
        return done
    requester = agent if by == agent else supervisor
    approver = supervisor if requester != supervisor else focal
    clock.step(
        lambda: services.case_transition(
            by=requester,
            case=_fresh(case),
            name="request_closure",
            version=_fresh(case).version,
            reason="out_of_labour",
            note="Deux suivis sans travail, enfant à l'école.",
        )
    )
    if goal == "closing":
        return done
    _, at = clock.step(
        lambda: services.case_transition(
            by=approver, case=_fresh(case), name="approve_closure", version=_fresh(case).version
        )
    )
    Case.objects.filter(pk=case.pk).update(closed_at=at)
    if goal == "closed":
        return done
    clock.step(
        lambda: services.case_transition(
            by=supervisor,
            case=_fresh(case),
            name="reopen",
            version=_fresh(case).version,
            note="L'enfant a été revu au champ par le relais.",
        )
    )
    return done


def _assessment(rng: random.Random) -> str:
    return rng.choice(
        [
            "Enfant de la famille, travaille au champ de cacao le week-end et pendant les vacances ; "
            "porte des charges.",
            "Déscolarisé depuis un an ; accompagne le père au défrichage, manie la machette.",
            "Vit chez un oncle ; travaille tous les jours au champ, ne va pas à l'école.",
        ]
    )


def _plan(rng: random.Random) -> str:
    return rng.choice(
        [
            "Retour à l'école avec un kit scolaire ; sensibilisation du chef de ménage ; suivi dans trois mois.",
            "Acte de naissance pour l'inscription ; appui psychosocial ; activité génératrice de revenus pour la mère.",
            "Recherche de la famille d'origine ; accompagnement psychosocial ; réinscription à l'école.",
        ]
    )


def _alerts(rng: random.Random, users: dict[str, User], home_sp: str, cases: list[Case]) -> int:
    localities = list(
        AdminUnit.objects.covered().filter(level=Level.LOCALITE, parent__pcode=home_sp).order_by("pcode")[:12]
    )
    children = list(Child.objects.filter(locality__in=localities, cases__isnull=True).order_by("code")[:5])
    now = timezone.now()
    count = 0
    for index, (source, situation, urgency, hours, outcome, text) in enumerate(ALERTS):
        received = now - timedelta(hours=hours)
        locality = localities[index % len(localities)]
        reporter = users["operateur"] if source in {"green_line", "anonymous"} else users["pointfocal"]
        alert = services.alert_create(
            by=reporter,
            data=services.AlertInput(
                source=source,
                situation=situation,
                urgency=urgency,
                locality=locality,
                description=text,
                observed_at=received - timedelta(hours=rng.randint(2, 30)),
                children_count=3 if "trois" in text else 1,
                child_age=rng.randint(9, 16),
                child_sex=rng.choice("FM"),
                reporter_name="" if source == "anonymous" else "Appelant de démonstration",
            ),
            received_at=received,
        )
        count += 1
        if outcome == "new":
            continue
        late = outcome == "case_late"
        triager = users["superviseur"]
        if outcome in {"case", "case_late"} and children:
            child = children.pop(0)
            services.alert_triage(by=triager, alert=alert, decision="open_case", child=child, note="Dossier ouvert.")
        elif outcome == "link" and cases:
            services.alert_triage(by=triager, alert=alert, decision="link", case=cases[0], note="Même enfant.")
        else:
            services.alert_triage(by=triager, alert=alert, decision="dismiss", note="Vérifié sur place : sans objet.")
        limit = services.triage_limit(situation)
        triaged = received + (limit + timedelta(hours=20) if late else limit / 3)
        Alert.objects.filter(pk=alert.pk).update(triaged_at=triaged)
        if alert.case_id is not None:
            Case.objects.filter(pk=alert.case_id, origin=Case.Origin.ALERT).update(opened_at=triaged)
            CaseEvent.objects.filter(case_id=alert.case_id, action="opened").update(at=triaged)
    return count


@transaction.atomic
def build(*, seed: int, home_sp: str) -> DemoCasesResult:
    if Alert.objects.exists() or not Case.objects.exists():
        return DemoCasesResult()
    rng = random.Random(seed + 5)
    users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if not {"superviseur", "pointfocal", "operateur", "prestataire"} <= set(users):
        return DemoCasesResult()
    provider = users["prestataire"].structure
    home = Case.objects.filter(locality__parent__pcode=home_sp).select_related("child", "locality", "visit")
    # Cases open since their classifying visit, as they would have been.
    for case in home:
        if case.visit is not None:
            opened = timezone.make_aware(datetime.combine(case.visit.visited_on, time(10, 0)))
            Case.objects.filter(pk=case.pk).update(opened_at=opened)
            CaseEvent.objects.filter(case=case, action__in=["opened", "proposed"]).update(at=opened)
    # Older cases first: they have had the time to go further.
    candidates = list(home.filter(status=S.OPEN).order_by("opened_at", "pk"))
    result = DemoCasesResult()
    position = 0
    for goal, how_many in reversed(PLAN):
        for _n in range(how_many):
            if position >= len(candidates):
                break
            step = _drive(_fresh(candidates[position]), goal, rng=rng, users=users, provider=provider)
            position += 1
            result.cases_moved += step.cases_moved
            result.referrals += step.referrals
            result.services += step.services
            result.follow_ups += step.follow_ups
    proposed = list(home.filter(status=S.PROPOSED).order_by("opened_at", "pk")[:4])
    for index, case in enumerate(proposed):
        name, note = ("accept", "") if index % 2 == 0 else ("dismiss", "Enfant hors de risque à la visite suivante.")
        services.case_transition(by=users["superviseur"], case=case, name=name, version=case.version, note=note)
        result.cases_moved += 1
    result.alerts = _alerts(rng, users, home_sp, list(home.filter(status__in=Case.ACTIVE).order_by("pk")[:1]))
    return result
