"""Demo coordination: committees from the CIM and CNLTP down to villages, their life, programmes and outil 4.

Creates, through the real services: the national CIM, CNS and CNLTP (the demo analyst is a member of the CIM's
secretariat, a demo account "cnltp" of the CNLTP's, so that each can validate programmes), the Nawa régional
committee, the Soubré departmental committee and its Task Force Alliance 8.7, the home sous-préfecture's
committee and the committees of a few of its villages, with members; meetings (joint CIM/CNLTP ones included)
with decisions at every step of their follow-up, some overdue; trainings; awareness sessions; programmes that
are validated, awaiting an opinion, refused or still drafts; and outil 4 reports of the demo partner's structure.
Runs once: nothing happens when the CIM already exists. `build_evaluations` adds, once, evaluations of a programme
and of SOSTECI with their recommendations (some overdue) and a small PDF report.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sosteci.access.models import User
from sosteci.access.roles import Role
from sosteci.access.services import user_provision
from sosteci.coordination.models import (
    AwarenessTheme,
    Committee,
    CommitteeLevel,
    Decision,
    EffortType,
    Evaluation,
    EvaluationKind,
    EvaluationStage,
    Meeting,
    MemberRole,
    NationalBody,
    Programme,
    ProgrammeDecision,
    TargetGroup,
)
from sosteci.coordination.services import awareness, committees, efforts, evaluations, meetings, programmes
from sosteci.directory.models import Structure, StructureKind
from sosteci.directory.services import StructureData, structure_create
from sosteci.territory.models import AdminUnit, Level
from sosteci.web.demo.names import IvorianNames

ACTOR = "manage.py demo"
REGION, DEPARTEMENT = "CI26", "CI2604"
VILLAGES = 3
CNLTP_USERNAME = "cnltp"
FUNDERS = [
    (
        "Fonds des Nations unies pour l'enfance : bureau de Côte d'Ivoire (démo)",
        "UNICEF (démo)",
        StructureKind.INTERNATIONAL,
    ),
    ("Fondation internationale du cacao pour l'enfance (démo)", "FICE (démo)", StructureKind.DONOR),
]
V = ProgrammeDecision.Verdict
GROUPS: list[str] = [TargetGroup.CHILDREN_IN_LABOUR, TargetGroup.HOUSEHOLDS, TargetGroup.COMMUNITIES]


@dataclass
class DemoCoordinationResult:
    committees: int = 0
    members: int = 0
    meetings: int = 0
    decisions: int = 0
    trainings: int = 0
    sessions: int = 0
    programmes: int = 0
    reports: int = 0


def _units(home_sp: str) -> tuple[AdminUnit, AdminUnit, AdminUnit, AdminUnit, list[AdminUnit]]:
    pays = AdminUnit.objects.get(level=Level.PAYS)
    region = AdminUnit.objects.get(pcode=REGION)
    departement = AdminUnit.objects.get(pcode=DEPARTEMENT)
    sp = AdminUnit.objects.get(pcode=home_sp)
    villages = AdminUnit.objects.filter(parent=sp, level=Level.LOCALITE)
    chosen = list(villages.covered().order_by("pcode")[:VILLAGES]) or list(villages.order_by("pcode")[:VILLAGES])
    return pays, region, departement, sp, chosen


def _cnltp_account(pays: AdminUnit) -> User:
    from sosteci.web.demo.foundation import DEMO_PASSWORD  # the foundation calls this module: import at run time

    existing = User.objects.filter(username=CNLTP_USERNAME).first()
    if existing is not None:
        return existing
    return user_provision(
        username=CNLTP_USERNAME,
        role=Role.ANALYSTE,
        jurisdiction=pays,
        password=DEMO_PASSWORD,
        first_name="Mariam",
        last_name="Diabaté",
        email=f"{CNLTP_USERNAME}@demo.sosteci.ci",
        actor_label=ACTOR,
    )


def _committee(level: str, unit: AdminUnit, name: str, act: str, day: date, body: str = "") -> Committee:
    return committees.committee_create(
        by=None,
        actor_label=ACTOR,
        data=committees.CommitteeData(
            name=name, level=level, admin_unit=unit, national_body=body, act_number=act, act_date=day
        ),
    )


ROLES = [MemberRole.PRESIDENT, MemberRole.SECRETARY, MemberRole.TREASURER, MemberRole.FOCAL_POINT, MemberRole.MEMBER]
FUNCTIONS: dict[str, list[str]] = {
    CommitteeLevel.VILLAGE: ["Chef de village", "Directeur d'école", "Présidente des femmes", "Agent communautaire"],
    CommitteeLevel.SOUS_PREFECTURE: ["Sous-préfet", "Chef de service social", "Inspecteur du primaire", "Gendarme"],
    CommitteeLevel.DEPARTEMENT: ["Préfet", "Directeur régional de l'emploi", "Procureur", "Directeur départemental"],
    CommitteeLevel.TASK_FORCE: ["Secrétaire général de préfecture", "Point focal DLTE", "ONG", "Coopérative"],
    CommitteeLevel.REGION: ["Préfet de région", "Directeur régional de l'éducation", "Conseil régional", "Police"],
    CommitteeLevel.NATIONAL: ["Secrétaire exécutif", "Chargé d'études", "Juriste", "Statisticien"],
}


def _members(committee: Committee, names: IvorianNames, count: int, accounts: list[User | None] | None = None) -> int:
    functions = FUNCTIONS[committee.level]
    for index in range(count):
        person = names.person()
        account = accounts[index] if accounts and index < len(accounts) else None
        full_name = account.get_full_name() if account is not None and account.get_full_name() else None
        committees.member_add(
            by=None,
            actor_label=ACTOR,
            committee=committee,
            data=committees.MemberData(
                full_name=full_name or f"{person.first_name} {person.last_name}",
                sex=person.sex,
                role=ROLES[min(index, len(ROLES) - 1)],
                function=functions[index % len(functions)],
                phone=names.phone(),
                user=account,
            ),
        )
    return count


def _meeting(
    chosen: list[Committee], title: str, day: date, agenda: str, minutes: str = "", place: str = ""
) -> Meeting:
    today = timezone.localdate()
    status = Meeting.Status.HELD if day <= today else Meeting.Status.PLANNED
    return meetings.meeting_create(
        by=None,
        actor_label=ACTOR,
        data=meetings.MeetingData(
            title=title,
            held_on=day,
            committees=chosen,
            place=place,
            status=status,
            agenda=agenda,
            minutes=minutes if status == Meeting.Status.HELD else "",
        ),
    )


def _decisions(meeting: Meeting, items: list[tuple[str, str, int, str]]) -> int:
    """(text, owner, days after the meeting it is due, where its follow-up stands)."""
    for text, owner, days, status in items:
        decision = meetings.decision_add(
            by=None,
            actor_label=ACTOR,
            meeting=meeting,
            data=meetings.DecisionData(text=text, owner=owner, due_on=meeting.held_on + timedelta(days=days)),
        )
        if status == Decision.Status.DONE:
            done = min(meeting.held_on + timedelta(days=max(days - 3, 1)), timezone.localdate())
            meetings.decision_follow_up(by=None, actor_label=ACTOR, decision=decision, status=status, done_on=done)
        elif status != Decision.Status.TODO:
            meetings.decision_follow_up(
                by=None, actor_label=ACTOR, decision=decision, status=status, note="Point fait en réunion."
            )
    return len(items)


def _funders(pays: AdminUnit) -> list[Structure]:
    found = []
    for name, acronym, kind in FUNDERS:
        structure = Structure.objects.filter(name=name, admin_unit=pays).first()
        if structure is None:
            structure = structure_create(
                by=None, actor_label=ACTOR, data=StructureData(name=name, acronym=acronym, kind=kind, admin_unit=pays)
            )
        found.append(structure)
    return found


def _partner_structure() -> Structure | None:
    partner = User.objects.filter(username="partenaire").select_related("structure").first()
    if partner is not None and partner.structure is not None:
        return partner.structure
    return Structure.objects.filter(acronym="CAPN").first()


@transaction.atomic
def build(*, seed: int, home_sp: str) -> DemoCoordinationResult:
    if Committee.objects.filter(national_body=NationalBody.CIM).exists():
        return DemoCoordinationResult()
    cim_user = User.objects.filter(username="analyste").first()
    partner = _partner_structure()
    if cim_user is None or partner is None:
        return DemoCoordinationResult()
    rng = random.Random(seed + 87)
    names = IvorianNames(seed + 87)
    today = timezone.localdate()
    pays, region, departement, sp, villages = _units(home_sp)
    cnltp_user = _cnltp_account(pays)
    result = DemoCoordinationResult()

    # --- Committees and their members ------------------------------------------------------------------------------
    national = CommitteeLevel.NATIONAL
    cim = _committee(
        national,
        pays,
        "Comité interministériel de lutte contre la traite, l'exploitation et le travail des enfants",
        "Décret n° 2011-366",
        date(2011, 11, 3),
        NationalBody.CIM,
    )
    cns = _committee(
        national,
        pays,
        "Comité national de surveillance des actions de lutte contre la traite et le travail des enfants",
        "Décret n° 2011-365",
        date(2011, 11, 3),
        NationalBody.CNS,
    )
    cnltp = _committee(
        national,
        pays,
        "Comité national de lutte contre la traite des personnes",
        "Décret n° 2017-227",
        date(2017, 4, 13),
        NationalBody.CNLTP,
    )
    nawa = _committee(
        CommitteeLevel.REGION,
        region,
        f"Comité régional de protection de l'enfance de la {region.name}",
        "Arrêté préfectoral n° 041/PR-NAWA/2019",
        date(2019, 5, 6),
    )
    soubre = _committee(
        CommitteeLevel.DEPARTEMENT,
        departement,
        f"Comité départemental de protection de l'enfance de {departement.name}",
        "Arrêté préfectoral n° 112/PS/2018",
        date(2018, 9, 17),
    )
    task_force = _committee(
        CommitteeLevel.TASK_FORCE,
        departement,
        f"Task Force Alliance 8.7 de {departement.name}",
        "Arrêté préfectoral n° 027/PS/CAB/2022",
        date(2022, 3, 2),
    )
    home = _committee(
        CommitteeLevel.SOUS_PREFECTURE,
        sp,
        f"Comité sous-préfectoral de protection de l'enfance de {sp.name}",
        "Arrêté sous-préfectoral n° 009/SP-SBR/2019",
        date(2019, 2, 11),
    )
    village_committees = [
        _committee(
            CommitteeLevel.VILLAGE,
            v,
            f"Comité villageois de protection de l'enfance de {v.name}",
            f"Décision n° {index + 3:03d}/SP-SBR/2020",
            date(2020, 1, 20) + timedelta(days=30 * index),
        )
        for index, v in enumerate(villages)
    ]
    everything = [cim, cns, cnltp, nawa, soubre, task_force, home, *village_committees]
    result.committees = len(everything)
    # The demo accounts sit in the secretariats: they give the committees' opinions on programmes.
    result.members += _members(cim, names, 5, accounts=[None, cim_user])
    result.members += _members(cnltp, names, 5, accounts=[None, cnltp_user])
    for committee in [cns, nawa, soubre, task_force, home, *village_committees]:
        result.members += _members(committee, names, rng.randint(5, 8))

    # --- Meetings, decisions, trainings -----------------------------------------------------------------------------
    joint_past = _meeting(
        [cim, cnltp],
        "Réunion conjointe des secrétariats exécutifs du CIM et du CNLTP",
        today - timedelta(days=45),
        "1. Matrice des activités conjointes\n2. Examen des programmes soumis\n3. Indicateurs de traite de l'outil 4",
        "Matrice conjointe adoptée ; deux programmes examinés ; indicateurs de traite retenus pour l'outil 4.",
        "Plateau, Abidjan",
    )
    result.decisions += _decisions(
        joint_past,
        [
            ("Diffuser la matrice des activités conjointes aux ministères", "Secrétariat exécutif du CIM", 20, "done"),
            (
                "Publier le répertoire des programmes validés pour le corps préfectoral",
                "Secrétariat du CNLTP",
                30,
                "in_progress",
            ),
            ("Intégrer les indicateurs de traite dans l'outil 4", "Point focal SOSTECI", 15, "todo"),
        ],
    )
    _meeting(
        [cim, cnltp],
        "Réunion conjointe de validation des programmes",
        today + timedelta(days=12),
        "Examen des programmes en attente de validation.",
        place="Plateau, Abidjan",
    )
    dep_meeting = _meeting(
        [soubre, task_force],
        "Réunion trimestrielle de coordination départementale",
        today - timedelta(days=20),
        "1. Point des cas suivis\n2. Actions des partenaires\n3. Campagne de sensibilisation",
        "Les partenaires présentent leurs actions ; la campagne est fixée au mois prochain.",
        "Préfecture de Soubré",
    )
    result.decisions += _decisions(
        dep_meeting,
        [
            (
                "Recenser les partenaires actifs du département pour la Task Force",
                "Secrétaire général de préfecture",
                10,
                "todo",
            ),
            (
                "Organiser la campagne de sensibilisation dans les villages couverts",
                "Direction départementale de l'emploi",
                40,
                "in_progress",
            ),
        ],
    )
    sp_meeting = _meeting(
        [home],
        "Réunion mensuelle du comité sous-préfectoral",
        today - timedelta(days=70),
        "Suivi des décisions ; retours des comités villageois.",
        "Le comité prend acte des retours des villages.",
        f"Sous-préfecture de {sp.name}",
    )
    result.decisions += _decisions(
        sp_meeting,
        [
            (
                "Relancer l'établissement des actes de naissance des enfants recensés",
                "Chef du service social",
                30,
                "done",
            ),
            ("Former les nouveaux membres des comités villageois", "Sous-préfet", 20, "todo"),
            ("Installer un comité dans les villages encore non couverts", "Sous-préfet", 60, "abandoned"),
        ],
    )
    result.meetings = 4
    for committee in village_committees:
        village_meeting = _meeting(
            [committee],
            "Réunion du comité villageois",
            today - timedelta(days=rng.randint(5, 60)),
            "Enfants vus aux champs ; séance de sensibilisation.",
            "Le comité planifie une visite des campements.",
            committee.admin_unit.name,
        )
        result.meetings += 1
        result.decisions += _decisions(
            village_meeting,
            [("Visiter les campements avec le chef de village", "Président du comité", 14, "in_progress")],
        )
    for index, committee in enumerate([home, *village_committees]):
        committees.training_record(
            by=None,
            actor_label=ACTOR,
            data=committees.TrainingData(
                committee=committee,
                theme="Identification et orientation des enfants en situation de travail ou de traite",
                held_on=today - timedelta(days=120 + 7 * index),
                trainers="Direction de la lutte contre le travail des enfants ; ONG partenaire",
                participants_men=rng.randint(6, 15),
                participants_women=rng.randint(4, 12),
                place=committee.admin_unit.name,
            ),
        )
        result.trainings += 1

    # --- Awareness sessions ---------------------------------------------------------------------------------------
    themes = [AwarenessTheme.CHILD_LABOUR, AwarenessTheme.TRAFFICKING, AwarenessTheme.BIRTH_REGISTRATION]
    for index, committee in enumerate(village_committees):
        for number, theme in enumerate(themes):
            person = names.person()
            awareness.session_record(
                by=None,
                actor_label=ACTOR,
                data=awareness.SessionData(
                    locality=committee.admin_unit,
                    held_on=today - timedelta(days=10 + 25 * number + 3 * index),
                    theme=theme,
                    facilitator=f"{person.first_name} {person.last_name}",
                    men=rng.randint(10, 40),
                    women=rng.randint(10, 45),
                    boys=rng.randint(0, 25),
                    girls=rng.randint(0, 25),
                    committee=committee,
                    structure=partner if number == 1 else None,
                ),
            )
            result.sessions += 1

    # --- Programmes and their joint validation ----------------------------------------------------------------------
    funders = _funders(pays)
    plans = [
        (
            "Remédiation au travail des enfants dans les communautés cacaoyères de la Nawa",
            [region],
            0,
            850_000_000,
            "validated",
        ),
        ("Kits scolaires et actes de naissance pour les enfants de Soubré", [departement], 1, 120_000_000, "validated"),
        ("Prise en charge des enfants victimes de traite transfrontalière", [pays], 0, 640_000_000, "validated"),
        ("Activités génératrices de revenus pour les ménages vulnérables de Soubré", [sp], 1, 95_000_000, "pending"),
        ("Centres d'écoute communautaires dans les campements", [sp], 0, 60_000_000, "refused"),
        ("Renforcement des comités villageois de la Nawa", [region], 1, 45_000_000, "draft"),
    ]
    validated = []
    for title, zones, funder, budget, fate in plans:
        programme = programmes.programme_create(
            by=None,
            actor_label=ACTOR,
            data=programmes.ProgrammeData(
                title=title,
                structure=partner,
                period_start=date(today.year - 1, 1, 1),
                period_end=date(today.year + 2, 12, 31),
                budget=budget,
                zones=zones,
                funders=[funders[funder]],
                target_groups=GROUPS[: 1 + len(title) % 3],
                description="Programme de démonstration.",
            ),
        )
        result.programmes += 1
        if fate == "draft":
            continue
        programmes.programme_submit(by=None, actor_label=ACTOR, programme=programme)
        if fate == "validated":
            programmes.programme_decide(by=cim_user, programme=programme, verdict=V.APPROVED)
            programmes.programme_decide(by=cnltp_user, programme=programme, verdict=V.APPROVED)
            validated.append(programme)
        elif fate == "pending":
            programmes.programme_decide(by=cim_user, programme=programme, verdict=V.APPROVED)
        else:
            programmes.programme_decide(
                by=cnltp_user,
                programme=programme,
                verdict=V.REFUSED,
                reason="Doublon avec un programme déjà validé dans la même zone ; à fusionner.",
            )

    # --- Outil 4: the partner's efforts, quarter by quarter ---------------------------------------------------------
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for back in (3, 2, 1):
        start = _shift_months(quarter_start, -3 * back)
        end = _shift_months(start, 3) - timedelta(days=1)
        actions = [
            efforts.EffortData(
                locality=village,
                activity_type=kind,
                boys_5_11=rng.randint(5, 30),
                boys_12_14=rng.randint(3, 20),
                boys_15_17=rng.randint(0, 12),
                girls_5_11=rng.randint(5, 30),
                girls_12_14=rng.randint(3, 20),
                girls_15_17=rng.randint(0, 12),
                adult_men=rng.randint(0, 40) if kind in {EffortType.AWARENESS, EffortType.INCOME_GENERATING} else 0,
                adult_women=rng.randint(0, 50) if kind in {EffortType.AWARENESS, EffortType.INCOME_GENERATING} else 0,
                amount_spent=rng.randint(5, 60) * 50_000,
            )
            for village in villages
            for kind in rng.sample(
                [
                    EffortType.AWARENESS,
                    EffortType.SCHOOL_KITS,
                    EffortType.BIRTH_CERTIFICATES,
                    EffortType.INCOME_GENERATING,
                ],
                2,
            )
        ]
        efforts.report_create(
            by=None,
            actor_label=ACTOR,
            data=efforts.ReportData(
                structure=partner,
                period_start=start,
                period_end=end,
                efforts=actions,
                programme=validated[0] if validated else None,
                victims_identified_boys=rng.randint(0, 4),
                victims_identified_girls=rng.randint(0, 3),
                victims_assisted=rng.randint(0, 5),
                victims_referred=rng.randint(0, 4),
                victims_repatriated=rng.randint(0, 1),
            ),
        )
        result.reports += 1
    return result


def _shift_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _demo_pdf(title: str) -> bytes:
    """A one-page PDF saying what it is (a real PDF, so that the download opens)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj 0 -24 Td (Document de demonstration.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@transaction.atomic
def build_evaluations() -> int:
    """An external mid-term evaluation of the Nawa remediation programme (with its PDF report) and an internal
    annual review of SOSTECI in the Soubré département, each with recommendations at every step, some overdue."""
    if Evaluation.objects.exists():
        return 0
    programme = Programme.objects.filter(title__startswith="Remédiation au travail des enfants").first()
    departement = AdminUnit.objects.filter(pcode=DEPARTEMENT).first()
    if programme is None or departement is None:
        return 0
    today = timezone.localdate()
    region = AdminUnit.objects.get(pcode=REGION)
    title = "Évaluation à mi-parcours du programme de remédiation de la Nawa (démo)"
    mid_term = evaluations.evaluation_create(
        by=None,
        actor_label=ACTOR,
        data=evaluations.EvaluationData(
            title=title,
            evaluated_on=today - timedelta(days=90),
            kind=EvaluationKind.EXTERNAL,
            stage=EvaluationStage.MID_TERM,
            evaluator="Cabinet d'études (démo)",
            programme=programme,
            units=[region],
            summary="Évaluation de démonstration.",
            findings="Les activités génératrices de revenus ont démarré tard ; le suivi des enfants identifiés est "
            "régulier dans les villages couverts ; les comités villageois manquent de moyens de déplacement.",
        ),
        report=SimpleUploadedFile("evaluation-mi-parcours-nawa-demo.pdf", _demo_pdf(title)),
    )
    review = evaluations.evaluation_create(
        by=None,
        actor_label=ACTOR,
        data=evaluations.EvaluationData(
            title=f"Revue annuelle interne du SOSTECI dans le département de {departement.name} (démo)",
            evaluated_on=today - timedelta(days=45),
            kind=EvaluationKind.INTERNAL,
            stage=EvaluationStage.ANNUAL,
            evaluator="Direction de la lutte contre le travail des enfants",
            units=[departement],
            findings="Les visites de suivi sont saisies à temps ; les orientations vers les centres sociaux "
            "attendent parfois plus d'un mois une réponse.",
        ),
    )
    items = [
        (mid_term, "Doter les comités villageois de moyens de déplacement", "Coordination du programme", -20, "todo"),
        (mid_term, "Accélérer le démarrage des activités génératrices de revenus", "ONG partenaire", 30, "in_progress"),
        (mid_term, "Partager les listes d'enfants suivis avec les écoles", "Comités villageois", -60, "done"),
        (review, "Répondre aux orientations sous quinze jours", "Centres sociaux", -5, "in_progress"),
        (review, "Former les nouveaux agents communautaires", "Direction départementale", 40, "todo"),
    ]
    for evaluation, text, owner, days, status in items:
        due = max(today + timedelta(days=days), evaluation.evaluated_on)
        recommendation = evaluations.recommendation_add(
            by=None,
            actor_label=ACTOR,
            evaluation=evaluation,
            data=evaluations.RecommendationData(text=text, owner=owner, due_on=due),
        )
        if status != "todo":
            evaluations.recommendation_follow_up(
                by=None, actor_label=ACTOR, recommendation=recommendation, status=status, note="Point fait en revue."
            )
    return 2
