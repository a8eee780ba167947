"""QA (质检): scorecards and their versions, evaluations with their workflow,
monthly sampling, calibration, praise, exempt stars and monthly agent performance."""

from .calibration import CalibrationSession
from .evaluations import Evaluation, EvaluationEvent, EvaluationStatus
from .performance import AgentInput, AgentPerformance, PerformanceMonth, QaPolicy
from .praise import Praise
from .sampling import ExemptStar, Sample, SamplingPlan
from .scorecards import ChannelKind, Scorecard, ScorecardVersion

__all__ = [
    "AgentInput",
    "AgentPerformance",
    "CalibrationSession",
    "ChannelKind",
    "Evaluation",
    "EvaluationEvent",
    "EvaluationStatus",
    "ExemptStar",
    "PerformanceMonth",
    "Praise",
    "QaPolicy",
    "Sample",
    "SamplingPlan",
    "Scorecard",
    "ScorecardVersion",
]
