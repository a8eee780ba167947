from django.urls import path

from . import views as v

urlpatterns = [
    path("scorecards/", v.ScorecardListView.as_view(), name="api-qa-scorecards"),
    path("scorecards/<id:pk>/", v.ScorecardDetailView.as_view(), name="api-qa-scorecard"),
    path("scorecards/<id:pk>/versions/", v.ScorecardVersionCreateView.as_view(), name="api-qa-scorecard-version"),
    path("evaluations/", v.EvaluationListView.as_view(), name="api-qa-evaluations"),
    path("evaluations/<id:pk>/", v.EvaluationDetailView.as_view(), name="api-qa-evaluation"),
    path("evaluations/<id:pk>/answers/", v.EvaluationAnswersView.as_view(), name="api-qa-evaluation-answers"),
    path("evaluations/<id:pk>/transition/", v.EvaluationTransitionView.as_view(), name="api-qa-evaluation-transition"),
    path("disputes/", v.DisputeQueueView.as_view(), name="api-qa-disputes"),
    path("sampling-plans/", v.SamplingPlanListView.as_view(), name="api-qa-plans"),
    path("sampling-plans/<id:pk>/verify/", v.SamplingPlanVerifyView.as_view(), name="api-qa-plan-verify"),
    path("samples/", v.SampleListView.as_view(), name="api-qa-samples"),
    path("stars/", v.StarBoardView.as_view(), name="api-qa-stars"),
    path("stars/compute/", v.StarComputeView.as_view(), name="api-qa-stars-compute"),
    path("praise/", v.PraiseListView.as_view(), name="api-qa-praise"),
    path("calibrations/", v.CalibrationListView.as_view(), name="api-qa-calibrations"),
    path("calibrations/<id:pk>/", v.CalibrationDetailView.as_view(), name="api-qa-calibration"),
    path("calibrations/<id:pk>/score/", v.CalibrationScoreView.as_view(), name="api-qa-calibration-score"),
    path("calibrations/<id:pk>/close/", v.CalibrationCloseView.as_view(), name="api-qa-calibration-close"),
    path("performance/", v.PerformanceListView.as_view(), name="api-qa-performance"),
    path("performance/compute/", v.PerformanceComputeView.as_view(), name="api-qa-performance-compute"),
    path("performance/lock/", v.PerformanceLockView.as_view(), name="api-qa-performance-lock"),
    path("performance/export/", v.PerformanceExportView.as_view(), name="api-qa-performance-export"),
    path("performance/inputs/", v.AgentInputView.as_view(), name="api-qa-performance-input"),
]
