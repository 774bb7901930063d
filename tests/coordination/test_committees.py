"""Committees, members, meetings, decisions and their follow-up, trainings, sessions: the services' rules and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.coordination import selectors
from sosteci.coordination.models import Committee, CommitteeLevel, Decision, Meeting, NationalBody
from sosteci.coordination.services import awareness, committees, meetings
from tests.conftest import MiniTerritory, Team
from tests.coordination.conftest import Coordination
from tests.coordination.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def data(level: str, unit, name: str = "Comité", **kwargs) -> committees.CommitteeData:
    return committees.CommitteeData(name=name, level=level, admin_unit=unit, **kwargs)


# --- Committees ----------------------------------------------------------------------------------------------------


def test_a_supervisor_creates_a_village_committee_audited(team: Team, territory: MiniTerritory) -> None:
    created = committees.committee_create(
        by=team.superviseur,
        data=data(
            CommitteeLevel.VILLAGE,
            territory.l2,
            "  Comité   villageois de Galéa ",
            act_number="Décision n° 12/SP",
            act_date=date(2024, 2, 1),
        ),
    )
    assert created.name == "Comité villageois de Galéa"
    event = AuditEvent.objects.get(action="committee.create")
    assert (event.actor, event.object_id) == (team.superviseur, str(created.pk))
    assert event.after["act_number"] == "Décision n° 12/SP" and event.after["admin_unit"] == territory.l2.pk


@pytest.mark.parametrize(
    ("level", "unit", "ok"),
    [
        (CommitteeLevel.VILLAGE, "l1", True),
        (CommitteeLevel.VILLAGE, "sp1", False),
        (CommitteeLevel.SOUS_PREFECTURE, "sp1", True),
        (CommitteeLevel.DEPARTEMENT, "dep1", True),
        (CommitteeLevel.TASK_FORCE, "dep1", True),
        (CommitteeLevel.TASK_FORCE, "r1", False),
        (CommitteeLevel.REGION, "r1", True),
        (CommitteeLevel.NATIONAL, "pays", True),
        (CommitteeLevel.NATIONAL, "dep1", False),
    ],
)
def test_each_level_sits_at_its_kind_of_unit(team: Team, territory: MiniTerritory, level, unit, ok) -> None:
    target = getattr(territory, unit)
    if ok:
        assert committees.committee_create(by=team.admin, data=data(level, target)).level == level
    else:
        with pytest.raises(ValidationError) as caught:
            committees.committee_create(by=team.admin, data=data(level, target))
        assert "admin_unit" in caught.value.message_dict
        assert not Committee.objects.exists()


def test_one_committee_of_a_kind_per_unit_and_one_cim(team: Team, coord: Coordination, territory) -> None:
    with pytest.raises(ValidationError) as caught:
        committees.committee_create(by=team.admin, data=data(CommitteeLevel.VILLAGE, territory.l1, "Autre"))
    assert caught.value.message_dict["admin_unit"] == ["Badayo a déjà ce comité : « Comité villageois de Badayo »."]
    with pytest.raises(ValidationError) as caught:
        committees.committee_create(
            by=team.admin, data=data(CommitteeLevel.NATIONAL, territory.pays, "CIM bis", national_body=NationalBody.CIM)
        )
    assert caught.value.message_dict["national_body"] == ["Le CIM existe déjà : « CIM »."]
    with pytest.raises(ValidationError) as caught:
        committees.committee_create(
            by=team.admin, data=data(CommitteeLevel.REGION, territory.r2, "X", national_body=NationalBody.CNS)
        )
    assert "national_body" in caught.value.message_dict


def test_committees_follow_the_jurisdiction(team: Team, coord: Coordination, territory) -> None:
    with pytest.raises(ValidationError) as caught:
        committees.committee_create(by=team.pointfocal, data=data(CommitteeLevel.VILLAGE, territory.l3))
    assert caught.value.message_dict["admin_unit"] == ["« Natiokobadara » est hors de votre ressort territorial."]
    with pytest.raises(PermissionDenied):
        committees.committee_create(by=team.agent, data=data(CommitteeLevel.VILLAGE, territory.l2))
    with pytest.raises(PermissionDenied):
        committees.committee_update(
            by=team.pointfocal,
            committee=coord.korhogo,
            data=committees.committee_data_from(coord.korhogo),
        )
    seen = {c.name for c in selectors.committees_for(team.superviseur)}
    assert seen == {"Comité sous-préfectoral de Soubre", "Comité villageois de Badayo"}
    assert selectors.committees_for(team.partenaire).count() == 0
    assert selectors.committees_for(team.analyste).count() == 8


def test_an_unchanged_committee_writes_no_audit_row(team: Team, coord: Coordination) -> None:
    committees.committee_update(
        by=team.pointfocal, committee=coord.task_force, data=committees.committee_data_from(coord.task_force)
    )
    assert not AuditEvent.objects.filter(action="committee.update").exists()
    changed = committees.committee_data_from(coord.task_force)
    changed.act_number = "Arrêté n° 27"
    committees.committee_update(by=team.pointfocal, committee=coord.task_force, data=changed)
    event = AuditEvent.objects.get(action="committee.update")
    assert (event.before, event.after) == ({"act_number": ""}, {"act_number": "Arrêté n° 27"})


def test_a_founding_act_cannot_be_dated_in_the_future(team: Team, territory) -> None:
    with pytest.raises(ValidationError) as caught:
        committees.committee_create(
            by=team.admin, data=data(CommitteeLevel.VILLAGE, territory.l2, act_date=TODAY + timedelta(days=2))
        )
    assert "act_date" in caught.value.message_dict


# --- Members -------------------------------------------------------------------------------------------------------


def test_members_with_their_phone_normalised_and_an_account(team: Team, coord: Coordination) -> None:
    member = committees.member_add(
        by=team.superviseur,
        committee=coord.village,
        data=committees.MemberData(
            full_name="Kouassi Aya", sex="F", role="president", phone="07 07 12 34 56", function="Présidente"
        ),
    )
    assert member.phone == "+2250707123456"
    with pytest.raises(ValidationError) as caught:
        committees.member_add(
            by=team.superviseur,
            committee=coord.village,
            data=committees.MemberData(full_name="X", sex="M", role="member", phone="123"),
        )
    assert "phone" in caught.value.message_dict
    # An account outside the editor's jurisdiction cannot be linked.
    with pytest.raises(ValidationError) as caught:
        committees.member_add(
            by=team.superviseur,
            committee=coord.village,
            data=committees.MemberData(full_name="Y", sex="M", role="member", user=team.agent_sp2),
        )
    assert caught.value.message_dict["user"] == ["Aucun compte actif « agent_korhogo » dans votre ressort."]
    assert AuditEvent.objects.filter(action="committee_member.add").count() == 1


def test_the_same_account_is_one_member_of_a_committee(team: Team, coord: Coordination) -> None:
    with pytest.raises(ValidationError) as caught:
        committees.member_add(
            by=team.admin,
            committee=coord.cim,
            data=committees.MemberData(full_name="Doublon", sex="F", role="member", user=team.analyste),
        )
    assert caught.value.message_dict["user"] == ["Ce compte est déjà celui de « Secrétaire du CIM » dans ce comité."]


# --- Meetings and decisions ------------------------------------------------------------------------------------------


def test_a_joint_meeting_of_the_cim_and_cnltp_secretariats(team: Team, coord: Coordination) -> None:
    meeting = meetings.meeting_create(
        by=team.analyste,
        data=meetings.MeetingData(
            title="Réunion conjointe", held_on=TODAY + timedelta(days=3), committees=[coord.cim, coord.cnltp]
        ),
    )
    assert set(meeting.committees.all()) == {coord.cim, coord.cnltp}
    assert AuditEvent.objects.get(action="meeting.create").after["committees"] == sorted([coord.cim.pk, coord.cnltp.pk])
    # National staff see it; the focal point of Soubré does not.
    assert meeting in selectors.meetings_for(team.analyste)
    assert meeting not in selectors.meetings_for(team.pointfocal)
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_create(
            by=team.pointfocal,
            data=meetings.MeetingData(title="X", held_on=TODAY, committees=[coord.departement, coord.korhogo]),
        )
    assert caught.value.message_dict["committees"] == [
        "Comités hors de votre ressort territorial : Comité départemental de Korhogo."
    ]


def test_a_meeting_to_come_cannot_be_held_nor_have_minutes(team: Team, coord: Coordination) -> None:
    later = TODAY + timedelta(days=5)
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_create(
            by=team.pointfocal,
            data=meetings.MeetingData(
                title="X", held_on=later, committees=[coord.departement], status=Meeting.Status.HELD
            ),
        )
    assert "status" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_create(
            by=team.pointfocal,
            data=meetings.MeetingData(title="X", held_on=later, committees=[coord.departement], minutes="CR"),
        )
    assert "minutes" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_create(by=team.pointfocal, data=meetings.MeetingData(title="X", held_on=TODAY))
    assert caught.value.message_dict["committees"] == ["Choisissez au moins un comité."]
    assert not Meeting.objects.exists()


def test_the_calendar_spans_committees_in_date_order(team: Team, coord: Coordination) -> None:
    first = date(2026, 5, 1)
    MeetingFactory.create(title="B", held_on=date(2026, 5, 20), committees=[coord.village])
    MeetingFactory.create(title="A", held_on=date(2026, 5, 3), committees=[coord.departement, coord.task_force])
    MeetingFactory.create(title="Korhogo", held_on=date(2026, 5, 10), committees=[coord.korhogo])
    MeetingFactory.create(title="Juin", held_on=date(2026, 6, 1), committees=[coord.village])
    month = selectors.meeting_month(user=team.pointfocal, year=first.year, month=first.month)
    assert [m.title for m in month] == ["A", "B"]
    only = selectors.meeting_month(user=team.pointfocal, year=2026, month=5, committee=coord.village)
    assert [m.title for m in only] == ["B"]


def test_a_decision_due_before_its_meeting_is_refused(team: Team, coord: Coordination) -> None:
    meeting = MeetingFactory.create(held_on=TODAY - timedelta(days=3), committees=[coord.sous_prefecture])
    with pytest.raises(ValidationError) as caught:
        meetings.decision_add(
            by=team.superviseur,
            meeting=meeting,
            data=meetings.DecisionData(text="Former", owner="Sous-préfet", due_on=TODAY - timedelta(days=10)),
        )
    assert caught.value.message_dict["due_on"] == ["L'échéance précède la réunion qui a pris la décision."]
    decision = meetings.decision_add(
        by=team.superviseur,
        meeting=meeting,
        data=meetings.DecisionData(text="Former", owner="Sous-préfet", due_on=TODAY + timedelta(days=10)),
    )
    assert decision.status == Decision.Status.TODO
    assert AuditEvent.objects.filter(action="decision.create", object_id=str(decision.pk)).exists()


S = Decision.Status
MOVES = [
    (S.TODO, S.IN_PROGRESS, True),
    (S.TODO, S.DONE, True),
    (S.TODO, S.ABANDONED, True),
    (S.IN_PROGRESS, S.DONE, True),
    (S.IN_PROGRESS, S.ABANDONED, True),
    (S.IN_PROGRESS, S.TODO, False),
    (S.DONE, S.IN_PROGRESS, True),
    (S.DONE, S.TODO, False),
    (S.DONE, S.ABANDONED, False),
    (S.ABANDONED, S.TODO, True),
    (S.ABANDONED, S.DONE, False),
]


@pytest.mark.parametrize(("start", "target", "allowed"), MOVES)
def test_decision_follow_up_moves(team: Team, coord: Coordination, start, target, allowed) -> None:
    decision = DecisionFactory.create(meeting=MeetingFactory.create(committees=[coord.sous_prefecture]), status=start)
    if allowed:
        moved = meetings.decision_follow_up(by=team.superviseur, decision=decision, status=target, note="Vu")
        assert moved.status == target
        assert (moved.done_on is not None) is (target == S.DONE)
        event = AuditEvent.objects.get(action="decision.follow_up")
        assert (event.before["status"], event.after["status"]) == (start, target)
    else:
        with pytest.raises(ValidationError) as caught:
            meetings.decision_follow_up(by=team.superviseur, decision=decision, status=target)
        assert caught.value.message_dict["status"][0].startswith("Passage impossible de «")
        decision.refresh_from_db()
        assert decision.status == start
        assert not AuditEvent.objects.filter(action="decision.follow_up").exists()


def test_follow_up_notes_are_kept_and_overdue_decisions_listed(team: Team, coord: Coordination) -> None:
    meeting = MeetingFactory.create(held_on=TODAY - timedelta(days=40), committees=[coord.village])
    late = DecisionFactory.create(meeting=meeting, due_on=TODAY - timedelta(days=1))
    DecisionFactory.create(meeting=meeting, due_on=TODAY + timedelta(days=1))
    DecisionFactory.create(meeting=meeting, due_on=TODAY - timedelta(days=5), status=S.DONE)
    assert late.is_overdue
    assert list(selectors.decision_list(user=team.agent, overdue=True)) == [late]
    meetings.decision_follow_up(by=team.superviseur, decision=late, status=S.IN_PROGRESS, note="Relancé")
    meetings.decision_follow_up(by=team.superviseur, decision=late, status=S.IN_PROGRESS, note="Presque fini")
    late.refresh_from_db()
    assert late.follow_up_note.splitlines() == [f"{TODAY:%d/%m/%Y} : Relancé", f"{TODAY:%d/%m/%Y} : Presque fini"]
    with pytest.raises(ValidationError) as caught:
        meetings.decision_follow_up(
            by=team.superviseur, decision=late, status=S.DONE, done_on=TODAY + timedelta(days=1)
        )
    assert "done_on" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        meetings.decision_follow_up(by=team.agent, decision=late, status=S.DONE)


# --- Trainings and awareness sessions --------------------------------------------------------------------------------


def test_a_training_counts_participants_by_sex(team: Team, coord: Coordination) -> None:
    base = committees.TrainingData(
        committee=coord.village,
        theme="Traite",
        held_on=TODAY,
        trainers="DLTE",
        participants_men=4,
        participants_women=6,
    )
    training = committees.training_record(by=team.superviseur, data=base)
    assert training.participants == 10
    with pytest.raises(ValidationError) as caught:
        committees.training_record(
            by=team.superviseur,
            data=committees.TrainingData(committee=coord.village, theme="X", held_on=TODAY, trainers="DLTE"),
        )
    assert caught.value.message_dict["participants_women"] == ["Indiquez au moins un participant."]
    with pytest.raises(ValidationError) as caught:
        committees.training_record(
            by=team.superviseur,
            data=committees.TrainingData(
                committee=coord.village,
                theme="X",
                held_on=TODAY,
                ends_on=TODAY - timedelta(days=1),
                trainers="DLTE",
                participants_men=1,
            ),
        )
    assert caught.value.message_dict["ends_on"] == ["Le dernier jour de la formation précède son premier jour."]
    with pytest.raises(PermissionDenied):
        committees.training_record(by=team.superviseur_sp2, data=base)


def test_awareness_sessions_by_agents_and_partners(team: Team, coord: Coordination, territory) -> None:
    session = awareness.session_record(
        by=team.agent,
        data=awareness.SessionData(
            locality=territory.l1,
            held_on=TODAY,
            theme="trafficking",
            facilitator="Awa",
            men=3,
            women=5,
            boys=1,
            girls=2,
            committee=coord.village,
        ),
    )
    assert session.audience == 11 and session.recorded_by == team.agent
    partner_session = awareness.session_record(
        by=team.partenaire,
        data=awareness.SessionData(locality=territory.l2, held_on=TODAY, theme="child_labour", facilitator="B", men=1),
    )
    assert partner_session.structure == team.structure  # a partner's session is its structure's
    assert list(selectors.sessions_for(team.partenaire)) == [partner_session]
    assert set(selectors.sessions_for(team.superviseur)) == {session, partner_session}
    assert not selectors.sessions_for(team.agent_sp2).exists()
    problems = [
        ({"locality": territory.sp1}, "locality"),
        ({"held_on": TODAY + timedelta(days=1)}, "held_on"),
        ({"theme": "other"}, "theme_other"),
        ({"men": 0}, "girls"),
        ({"committee": coord.korhogo}, "committee"),
    ]
    for change, field in problems:
        values = {"locality": territory.l1, "held_on": TODAY, "theme": "child_labour", "facilitator": "A", "men": 1}
        values.update(change)
        with pytest.raises(ValidationError) as caught:
            awareness.session_record(by=team.superviseur, data=awareness.SessionData(**values))
        assert field in caught.value.message_dict, change
    with pytest.raises(ValidationError) as caught:
        awareness.session_record(
            by=team.agent_sp2,
            data=awareness.SessionData(
                locality=territory.l1, held_on=TODAY, theme="child_labour", facilitator="A", men=1
            ),
        )
    assert caught.value.message_dict["locality"] == ["« Badayo » est hors de votre ressort territorial."]
