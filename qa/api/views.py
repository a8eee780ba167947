from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.api.views.common import ERROR
from tickets.selectors_contacts import contact_get

from .. import selectors
from ..export import performance_xlsx
from ..models import CalibrationSession, Evaluation
from ..services import calibration as calibration_services
from ..services import evaluations as evaluation_services
from ..services import performance as performance_services
from ..services import praise as praise_services
from ..services import sampling as sampling_services
from ..services import scorecards as scorecard_services
from .filters import EvaluationFilter, MonthFilter, SampleFilter
from .serializers import (
    AgentInputSerializer,
    AnswersSerializer,
    CalibrationCreateSerializer,
    CalibrationSerializer,
    EvaluationCreateSerializer,
    EvaluationDetailSerializer,
    EvaluationSerializer,
    EvaluationTransitionSerializer,
    MonthSerializer,
    PerformanceSerializer,
    PraiseCreateSerializer,
    PraiseSerializer,
    SampleSerializer,
    SamplingPlanCreateSerializer,
    SamplingPlanSerializer,
    ScorecardCreateSerializer,
    ScorecardSerializer,
    ScorecardVersionCreateSerializer,
    ScorecardVersionSerializer,
    StarSerializer,
)

MONTH_PARAM = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM", required=True)


def _body(serializer_class, request):
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _month(request):
    return _body_query(MonthSerializer, request)["month"]


def _body_query(serializer_class, request):
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _evaluation_response(request, pk, code=200):
    evaluation = selectors.evaluation_get(request.user, pk)
    return Response(EvaluationDetailSerializer(evaluation).data, status=code)


class ScorecardListView(generics.ListAPIView):
    serializer_class = ScorecardSerializer
    ordering_fields = ["id", "name"]

    def get_queryset(self):
        return selectors.scorecard_list(self.request.user)

    @extend_schema(request=ScorecardCreateSerializer, responses={201: ScorecardSerializer, 400: ERROR, 403: ERROR})
    def post(self, request):
        data = _body(ScorecardCreateSerializer, request)
        scorecard = scorecard_services.scorecard_create(actor=request.user, now=timezone.now(), **data)
        return Response(ScorecardSerializer(scorecard).data, status=status.HTTP_201_CREATED)


class ScorecardDetailView(generics.RetrieveAPIView):
    serializer_class = ScorecardSerializer

    def get_queryset(self):
        return selectors.scorecard_list(self.request.user)


class ScorecardVersionCreateView(APIView):
    @extend_schema(request=ScorecardVersionCreateSerializer,
                   responses={201: ScorecardVersionSerializer, 400: ERROR, 403: ERROR})
    def post(self, request, pk):
        scorecard = selectors.scorecard_get(request.user, pk)
        data = _body(ScorecardVersionCreateSerializer, request)
        version = scorecard_services.scorecard_version_create(actor=request.user, scorecard=scorecard,
                                                              now=timezone.now(), **data)
        return Response(ScorecardVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class EvaluationListView(generics.ListAPIView):
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter
    ordering_fields = ["created_at", "score", "id"]

    def get_queryset(self):
        return selectors.evaluation_list(self.request.user)

    @extend_schema(request=EvaluationCreateSerializer,
                   responses={201: EvaluationDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request):
        data = _body(EvaluationCreateSerializer, request)
        contact = contact_get(request.user, data["contact"])
        sample = get_object_or_404(selectors.sample_list(request.user), pk=data["sample"]) if "sample" in data \
            else None
        evaluation = evaluation_services.evaluation_create(actor=request.user, contact=contact, sample=sample,
                                                           now=timezone.now())
        return _evaluation_response(request, evaluation.pk, status.HTTP_201_CREATED)


class EvaluationDetailView(APIView):
    @extend_schema(responses={200: EvaluationDetailSerializer, 404: ERROR})
    def get(self, request, pk):
        return _evaluation_response(request, pk)


class EvaluationAnswersView(APIView):
    @extend_schema(request=AnswersSerializer, responses={200: EvaluationDetailSerializer, 400: ERROR, 409: ERROR})
    def post(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk)
        data = _body(AnswersSerializer, request)
        evaluation_services.evaluation_save_draft(actor=request.user, evaluation=evaluation, now=timezone.now(),
                                                  **data)
        return _evaluation_response(request, pk)


class EvaluationTransitionView(APIView):
    @extend_schema(request=EvaluationTransitionSerializer,
                   responses={200: EvaluationDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk)
        data = _body(EvaluationTransitionSerializer, request)
        evaluation_services.evaluation_transition(actor=request.user, evaluation=evaluation, now=timezone.now(),
                                                  **data)
        return _evaluation_response(request, pk)


class DisputeQueueView(generics.ListAPIView):
    serializer_class = EvaluationSerializer
    ordering_fields = ["disputed_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Evaluation.objects.none()
        return selectors.disputes_queue(self.request.user)


class SamplingPlanListView(generics.ListAPIView):
    serializer_class = SamplingPlanSerializer
    ordering_fields = ["month"]

    def get_queryset(self):
        return selectors.plan_list(self.request.user)

    @extend_schema(request=SamplingPlanCreateSerializer, responses={201: SamplingPlanSerializer, 403: ERROR,
                                                                    409: ERROR})
    def post(self, request):
        data = _body(SamplingPlanCreateSerializer, request)
        plan = sampling_services.sampling_plan_draw(actor=request.user, now=timezone.now(), **data)
        return Response(SamplingPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class SamplingPlanVerifyView(APIView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 404: ERROR})
    def post(self, request, pk):
        plan = selectors.plan_get(request.user, pk)
        reproduced = sampling_services.sampling_plan_verify(plan)
        return Response({"plan": plan.pk, "seed": plan.seed, "reproduced": reproduced})


class SampleListView(generics.ListAPIView):
    serializer_class = SampleSerializer
    filterset_class = SampleFilter
    ordering_fields = ["id", "week"]

    def get_queryset(self):
        return selectors.sample_list(self.request.user)


class StarBoardView(APIView):
    @extend_schema(parameters=[MONTH_PARAM], responses=StarSerializer(many=True))
    def get(self, request):
        return Response(StarSerializer(selectors.star_board(request.user, _month(request)), many=True).data)


class StarComputeView(APIView):
    @extend_schema(request=MonthSerializer, responses={200: StarSerializer(many=True), 403: ERROR})
    def post(self, request):
        from ..permissions import can_manage_qa
        from ..services.common import forbidden

        if not can_manage_qa(request.user):
            raise forbidden()
        stars = sampling_services.exempt_stars_compute(month=_body(MonthSerializer, request)["month"],
                                                       now=timezone.now())
        return Response(StarSerializer(stars, many=True).data)


class PraiseListView(generics.ListAPIView):
    serializer_class = PraiseSerializer
    filterset_class = MonthFilter
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.praise_list(self.request.user)

    @extend_schema(request=PraiseCreateSerializer, responses={201: PraiseSerializer, 400: ERROR, 403: ERROR})
    def post(self, request):
        from tickets.selectors import ticket_get

        data = _body(PraiseCreateSerializer, request)
        agent = get_object_or_404(selectors.team_agents(request.user), pk=data.pop("agent"))
        ticket = ticket_get(request.user, data.pop("ticket")) if "ticket" in data else None
        contact = contact_get(request.user, data.pop("contact")) if "contact" in data else None
        praise = praise_services.praise_record(actor=request.user, agent=agent, ticket=ticket, contact=contact,
                                               now=timezone.now(), **data)
        return Response(PraiseSerializer(praise).data, status=status.HTTP_201_CREATED)


class CalibrationListView(generics.ListAPIView):
    serializer_class = CalibrationSerializer
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CalibrationSession.objects.none()
        return selectors.calibration_list(self.request.user).prefetch_related("participants")

    @extend_schema(request=CalibrationCreateSerializer, responses={201: CalibrationSerializer, 400: ERROR})
    def post(self, request):
        data = _body(CalibrationCreateSerializer, request)
        users = get_user_model().objects
        participants = [get_object_or_404(users, pk=pk) for pk in dict.fromkeys(data["participants"])]
        expert = get_object_or_404(users, pk=data["expert"]) if "expert" in data else None
        session = calibration_services.calibration_create(
            actor=request.user, title=data["title"], contact=contact_get(request.user, data["contact"]),
            participants=participants, standard=data["standard"], expert=expert, now=timezone.now())
        return Response(CalibrationSerializer(session).data, status=status.HTTP_201_CREATED)


def _calibration_body(request, session) -> dict:
    body = CalibrationSerializer(session).data
    body["scores"] = [{"evaluator": e.evaluator_id, "score": str(e.score), "answers": e.answers}
                      for e in selectors.calibration_scores_visible(request.user, session)]
    body["results"] = None
    if session.status == session.Status.CLOSED:
        results = calibration_services.calibration_results(session)
        body["results"] = {
            "standard": {k: None if v is None else str(v) for k, v in results["standard"].items()},
            "standard_total": None if results["standard_total"] is None else str(results["standard_total"]),
            "people": {str(who): {"total": None if p["total"] is None else str(p["total"]),
                                  "alignment": None if p["alignment"] is None else str(p["alignment"]),
                                  "total_deviation": None if p["total_deviation"] is None
                                  else str(p["total_deviation"]),
                                  "deviations": {k: None if v is None else str(v) for k, v in p["deviations"].items()}}
                       for who, p in results["people"].items()},
        }
    return body


class CalibrationDetailView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: ERROR})
    def get(self, request, pk):
        return Response(_calibration_body(request, selectors.calibration_get(request.user, pk)))


class CalibrationScoreView(APIView):
    @extend_schema(request=AnswersSerializer, responses={200: OpenApiTypes.OBJECT, 400: ERROR, 403: ERROR})
    def post(self, request, pk):
        session = selectors.calibration_get(request.user, pk)
        data = _body(AnswersSerializer, request)
        calibration_services.calibration_score(actor=request.user, session=session, answers=data["answers"],
                                               now=timezone.now())
        return Response(_calibration_body(request, session))


class CalibrationCloseView(APIView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 403: ERROR, 409: ERROR})
    def post(self, request, pk):
        session = selectors.calibration_get(request.user, pk)
        session = calibration_services.calibration_close(actor=request.user, session=session, now=timezone.now())
        return Response(_calibration_body(request, session))


class PerformanceListView(APIView):
    @extend_schema(parameters=[MONTH_PARAM], responses=PerformanceSerializer(many=True))
    def get(self, request):
        rows = selectors.performance_rows(request.user, _month(request))
        return Response(PerformanceSerializer(rows, many=True).data)


class PerformanceComputeView(APIView):
    @extend_schema(request=MonthSerializer, responses={200: OpenApiTypes.OBJECT, 403: ERROR, 409: ERROR})
    def post(self, request):
        record = performance_services.performance_compute(actor=request.user,
                                                          month=_body(MonthSerializer, request)["month"],
                                                          now=timezone.now())
        return Response({"month": f"{record.month:%Y-%m}", "status": record.status, "method": record.method,
                         "pool": str(record.pool), "agents": record.agents.count()})


class PerformanceLockView(APIView):
    @extend_schema(request=MonthSerializer, responses={200: OpenApiTypes.OBJECT, 403: ERROR, 409: ERROR})
    def post(self, request):
        record = performance_services.performance_lock(actor=request.user,
                                                       month=_body(MonthSerializer, request)["month"],
                                                       now=timezone.now())
        return Response({"month": f"{record.month:%Y-%m}", "status": record.status})


class PerformanceExportView(APIView):
    @extend_schema(parameters=[MONTH_PARAM], responses={(200, "application/vnd.openxmlformats-officedocument."
                                                              "spreadsheetml.sheet"): OpenApiTypes.BINARY})
    def get(self, request):
        month = _month(request)
        rows = list(selectors.performance_rows(request.user, month).order_by("rank", "agent__username"))
        response = HttpResponse(performance_xlsx(rows, month),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="performance-{month:%Y-%m}.xlsx"'
        return response


class AgentInputView(APIView):
    @extend_schema(request=AgentInputSerializer, responses={200: OpenApiTypes.OBJECT, 403: ERROR, 404: ERROR})
    def post(self, request):
        data = _body(AgentInputSerializer, request)
        agent = get_object_or_404(selectors.team_agents(request.user), pk=data.pop("agent"))
        item = performance_services.agent_input_set(actor=request.user, agent=agent, now=timezone.now(), **data)
        return Response({"agent": agent.pk, "month": f"{item.month:%Y-%m}", "test_score": item.test_score,
                         "attendance_score": item.attendance_score, "absences": item.absences,
                         "late_arrivals": item.late_arrivals})
