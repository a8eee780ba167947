"""The complaint API: list (filters) and detail in the user's scope, and one command
endpoint per operation — parse the body, call one service, answer with the
complaint. Rules (403/409) are the services'; scope (404) the selectors'."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.api.views.common import CONFLICT, ERROR, ID_PARAM
from tickets.selectors import category_list, customer_get

from .. import selectors, services
from ..filters import ComplaintFilter
from . import serializers as s


def _detail(request, pk, status=200) -> Response:
    complaint = selectors.complaint_get(request.user, pk)
    return Response(s.ComplaintDetailSerializer(complaint).data, status=status)


class ComplaintListView(generics.ListAPIView):
    """Complaints in the user's scope (VIP first, newest first); POST takes one in."""

    serializer_class = s.ComplaintListSerializer
    filterset_class = ComplaintFilter

    def get_queryset(self):
        return selectors.complaint_list(self.request.user)

    @extend_schema(request=s.ComplaintCreateSerializer, responses={201: s.ComplaintDetailSerializer, 400: ERROR,
                                                                   403: ERROR, 404: ERROR})
    def post(self, request):
        body = s.ComplaintCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        customer = customer_get(request.user, data.pop("customer"))
        from django.shortcuts import get_object_or_404

        category = get_object_or_404(category_list(), pk=data.pop("category"))
        complaint = services.complaint_create(actor=request.user, customer=customer, category=category,
                                              now=timezone.now(), **data)
        return _detail(request, complaint.pk, status=201)


@extend_schema(parameters=[ID_PARAM], responses={200: s.ComplaintDetailSerializer, 404: ERROR})
class ComplaintDetailView(generics.GenericAPIView):
    serializer_class = s.ComplaintDetailSerializer

    def get(self, request, pk):
        return _detail(request, pk)


def command(body_serializer, description: str, *, target: str = "complaint"):
    """A command endpoint: `handle(request, obj, data, now)` calls one service."""

    def wrap(handle):
        @extend_schema(parameters=[ID_PARAM], request=body_serializer, description=description,
                       responses={200: s.ComplaintDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT})
        def post(self, request, pk):
            if target == "complaint":
                obj = selectors.complaint_get(request.user, pk)
            elif target == "remedy":
                from django.shortcuts import get_object_or_404

                obj = get_object_or_404(selectors.remedy_scope(request.user), pk=pk)
            elif target == "approval":
                obj = selectors.approval_get(request.user, pk)
            else:
                obj = selectors.callback_get(request.user, pk)
            body = body_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            complaint_id = handle(request, obj, body.validated_data, timezone.now())
            if target == "approval" and not selectors.complaint_scope(request.user).filter(pk=complaint_id).exists():
                return Response(status=204)
            return _detail(request, complaint_id)

        return type(handle.__name__, (APIView,), {"post": post, "__doc__": description})

    return wrap


@command(s.NoteSerializer, "Acknowledge the complaint by hand (e.g. told on the phone).")
def AcknowledgeView(request, complaint, data, now):  # noqa: N802 - a view class
    return services.complaint_acknowledge(actor=request.user, complaint=complaint, now=now, **data).pk


@command(s.AssessSerializer, "The initial assessment: severity and priority set or confirmed.")
def AssessView(request, complaint, data, now):  # noqa: N802
    return services.complaint_assess(actor=request.user, complaint=complaint, now=now, **data).pk


@command(s.ReplySerializer, "A stage reply to the customer (shown on the tracking page, sent by the outbox).")
def StageReplyView(request, complaint, data, now):  # noqa: N802
    services.complaint_stage_reply(actor=request.user, complaint=complaint, now=now, **data)
    return complaint.pk


@command(s.ReplySerializer, "The final reply: resolves the ticket and opens the callback.")
def FinalReplyView(request, complaint, data, now):  # noqa: N802
    return services.complaint_final_reply(actor=request.user, complaint=complaint, now=now, **data).pk


@command(s.RemedyCreateSerializer, "Propose a remedy: granted at once within your authority limit, otherwise sent "
         "up the approval chain.")
def ProposeRemedyView(request, complaint, data, now):  # noqa: N802
    services.remedy_propose(actor=request.user, complaint=complaint, now=now, **data)
    return complaint.pk


@command(s.ResubmitSerializer, "Send a remedy returned for changes again.", target="remedy")
def ResubmitRemedyView(request, remedy, data, now):  # noqa: N802
    return services.remedy_resubmit(actor=request.user, remedy=remedy, now=now, **data).complaint_id


@command(s.OptionalReasonSerializer, "Withdraw a remedy awaiting approval or returned.", target="remedy")
def WithdrawRemedyView(request, remedy, data, now):  # noqa: N802
    return services.remedy_withdraw(actor=request.user, remedy=remedy, now=now, **data).complaint_id


@command(s.ExecuteSerializer, "Record that a granted remedy was carried out (e.g. the refund number).",
         target="remedy")
def ExecuteRemedyView(request, remedy, data, now):  # noqa: N802
    return services.remedy_execute(actor=request.user, remedy=remedy, now=now, **data).complaint_id


@command(s.OptionalReasonSerializer, "Approve an approval step addressed to you.", target="approval")
def ApproveView(request, approval, data, now):  # noqa: N802
    services.approval_approve(actor=request.user, approval=approval, now=now, **data)
    return approval.remedy.complaint_id


@command(s.ReasonSerializer, "Reject an approval step addressed to you (reason required).", target="approval")
def RejectView(request, approval, data, now):  # noqa: N802
    services.approval_reject(actor=request.user, approval=approval, now=now, **data)
    return approval.remedy.complaint_id


@command(s.ReasonSerializer, "Return an approval step for changes (reason required).", target="approval")
def ReturnView(request, approval, data, now):  # noqa: N802
    services.approval_return(actor=request.user, approval=approval, now=now, **data)
    return approval.remedy.complaint_id


@command(s.CallbackAttemptSerializer, "Record a callback attempt; `reached` needs the survey answers and ends the "
         "callback.", target="callback")
def CallbackAttemptView(request, task, data, now):  # noqa: N802
    services.callback_attempt_record(actor=request.user, task=task, now=now, **data)
    return task.complaint_id


@command(s.NoteSerializer, "Close the callback as unreachable (after 3 unanswered attempts on 2 days).",
         target="callback")
def CallbackUnreachableView(request, task, data, now):  # noqa: N802
    services.callback_give_up(actor=request.user, task=task, now=now)
    return task.complaint_id


@command(s.CloseSerializer, "Close the loop by its rule (satisfied callback, accepted survey, unreachable), "
         "recording the root cause, responsible department and person (required unless already recorded).")
def CloseView(request, complaint, data, now):  # noqa: N802
    return services.complaint_close(actor=request.user, complaint=complaint, now=now,
                                    finding=s.FindingFieldsSerializer.finding(data), recourse=data["recourse"]).pk


@command(s.ForceCloseSerializer, "The service manager closes a loop its rule would not close, with a reason "
         "(and the root cause, as for close).")
def ForceCloseView(request, complaint, data, now):  # noqa: N802
    return services.complaint_force_close(actor=request.user, complaint=complaint, now=now, reason=data["reason"],
                                          finding=s.FindingFieldsSerializer.finding(data),
                                          recourse=data["recourse"]).pk


@command(s.ReasonSerializer, "Reopen to the team lead at a higher priority (team leads and managers).")
def ReopenView(request, complaint, data, now):  # noqa: N802
    return services.complaint_reopen(actor=request.user, complaint=complaint, now=now, **data).pk


@command(s.NoteSerializer, "Issue a new tracking link (the old one stops working).")
def ReissueLinkView(request, complaint, data, now):  # noqa: N802
    return services.tracking_link_reissue(actor=request.user, complaint=complaint, now=now).pk


@command(s.NoteSerializer, "Revoke the tracking link (the page answers 404).")
def RevokeLinkView(request, complaint, data, now):  # noqa: N802
    return services.tracking_link_revoke(actor=request.user, complaint=complaint, now=now).pk


class SeatGroupListView(generics.ListAPIView):
    """Seat groups (专席组) with their complaint types, tiers and members."""

    serializer_class = s.SeatGroupSerializer
    pagination_class = None

    def get_queryset(self):
        from ..permissions import can_handle

        if not can_handle(self.request.user):
            return selectors.seat_groups().none()
        return selectors.seat_groups()


class AuthorityLimitListView(generics.ListAPIView):
    """Who may grant which remedy up to what amount, level by level."""

    serializer_class = s.AuthorityLimitSerializer
    pagination_class = None

    def get_queryset(self):
        from tickets.permissions import role_of

        if role_of(self.request.user) is None:
            return selectors.authority_limits().none()
        return selectors.authority_limits()
