"""REST API of coordination: committees and their life, programmes and their validation, outil 4 reports,
evaluations."""

from sosteci.coordination.api.activities import AwarenessSessionViewSet, TrainingViewSet
from sosteci.coordination.api.committees import (
    CommitteeMemberViewSet,
    CommitteeViewSet,
    DecisionViewSet,
    MeetingViewSet,
)
from sosteci.coordination.api.efforts import PartnerReportViewSet
from sosteci.coordination.api.evaluations import EvaluationViewSet, RecommendationViewSet
from sosteci.coordination.api.programmes import ProgrammeViewSet

__all__ = [
    "AwarenessSessionViewSet",
    "CommitteeMemberViewSet",
    "CommitteeViewSet",
    "DecisionViewSet",
    "EvaluationViewSet",
    "MeetingViewSet",
    "PartnerReportViewSet",
    "ProgrammeViewSet",
    "RecommendationViewSet",
    "TrainingViewSet",
]
