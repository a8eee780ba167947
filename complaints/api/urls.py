"""The complaint API under /api/v1/complaints/."""

from django.urls import path

from . import consultations as c
from . import hotspots as h
from . import improvements as m
from . import incidents as i
from . import views as v

urlpatterns = [
    path("complaints/", v.ComplaintListView.as_view(), name="api-complaint-list"),
    path("complaints/hotspots/", h.HotspotView.as_view(), name="api-complaint-hotspots"),
    path("complaints/conformance/", h.MonthConformanceView.as_view(), name="api-complaint-conformance-month"),
    path("complaints/<id:pk>/", v.ComplaintDetailView.as_view(), name="api-complaint-detail"),
    path("complaints/<id:pk>/conformance/", h.ComplaintConformanceView.as_view(), name="api-complaint-conformance"),
    path("complaints/<id:pk>/recourse/", h.RecourseView.as_view(), name="api-complaint-recourse"),
    path("complaints/<id:pk>/acknowledge/", v.AcknowledgeView.as_view(), name="api-complaint-acknowledge"),
    path("complaints/<id:pk>/assess/", v.AssessView.as_view(), name="api-complaint-assess"),
    path("complaints/<id:pk>/stage-reply/", v.StageReplyView.as_view(), name="api-complaint-stage-reply"),
    path("complaints/<id:pk>/final-reply/", v.FinalReplyView.as_view(), name="api-complaint-final-reply"),
    path("complaints/<id:pk>/remedies/", v.ProposeRemedyView.as_view(), name="api-complaint-remedy"),
    path("complaints/<id:pk>/close/", v.CloseView.as_view(), name="api-complaint-close"),
    path("complaints/<id:pk>/force-close/", v.ForceCloseView.as_view(), name="api-complaint-force-close"),
    path("complaints/<id:pk>/reopen/", v.ReopenView.as_view(), name="api-complaint-reopen"),
    path("complaints/<id:pk>/tracking-link/reissue/", v.ReissueLinkView.as_view(), name="api-complaint-reissue"),
    path("complaints/<id:pk>/tracking-link/revoke/", v.RevokeLinkView.as_view(), name="api-complaint-revoke"),
    path("remedies/<id:pk>/resubmit/", v.ResubmitRemedyView.as_view(), name="api-remedy-resubmit"),
    path("remedies/<id:pk>/withdraw/", v.WithdrawRemedyView.as_view(), name="api-remedy-withdraw"),
    path("remedies/<id:pk>/execute/", v.ExecuteRemedyView.as_view(), name="api-remedy-execute"),
    path("approvals/<id:pk>/approve/", v.ApproveView.as_view(), name="api-approval-approve"),
    path("approvals/<id:pk>/reject/", v.RejectView.as_view(), name="api-approval-reject"),
    path("approvals/<id:pk>/return/", v.ReturnView.as_view(), name="api-approval-return"),
    path("callbacks/<id:pk>/attempts/", v.CallbackAttemptView.as_view(), name="api-callback-attempt"),
    path("callbacks/<id:pk>/unreachable/", v.CallbackUnreachableView.as_view(), name="api-callback-unreachable"),
    path("seat-groups/", v.SeatGroupListView.as_view(), name="api-seat-group-list"),
    path("authority-limits/", v.AuthorityLimitListView.as_view(), name="api-authority-limit-list"),
    path("consultations/", c.ConsultationListView.as_view(), name="api-consultation-list"),
    path("consultations/<id:pk>/", c.ConsultationDetailView.as_view(), name="api-consultation-detail"),
    path("consultations/<id:pk>/conclude/", c.ConcludeView.as_view(), name="api-consultation-conclude"),
    path("consultation-invites/<id:pk>/answer/", c.AnswerView.as_view(), name="api-consultation-answer"),
    path("complaints/<id:pk>/consultations/", c.ConveneView.as_view(), name="api-complaint-consultation"),
    path("incidents/", i.IncidentListView.as_view(), name="api-incident-list"),
    path("incidents/<id:pk>/", i.IncidentDetailView.as_view(), name="api-incident-detail"),
    path("incidents/<id:pk>/confirm/", i.IncidentConfirmView.as_view(), name="api-incident-confirm"),
    path("incidents/<id:pk>/dismiss/", i.IncidentDismissView.as_view(), name="api-incident-dismiss"),
    path("incidents/<id:pk>/links/", i.IncidentLinkView.as_view(), name="api-incident-link"),
    path("incidents/<id:pk>/broadcast/", i.IncidentBroadcastView.as_view(), name="api-incident-broadcast"),
    path("incidents/<id:pk>/resolve/", i.IncidentResolveView.as_view(), name="api-incident-resolve"),
    path("findings/", i.FindingListView.as_view(), name="api-finding-list"),
    path("findings/<id:pk>/", i.FindingDetailView.as_view(), name="api-finding-detail"),
    path("improvements/", m.ImprovementListView.as_view(), name="api-improvement-list"),
    path("improvements/<id:pk>/", m.ImprovementDetailView.as_view(), name="api-improvement-detail"),
    path("improvements/<id:pk>/accept/", m.ImprovementAcceptView.as_view(), name="api-improvement-accept"),
    path("improvements/<id:pk>/reject/", m.ImprovementRejectView.as_view(), name="api-improvement-reject"),
    path("improvements/<id:pk>/complete/", m.ImprovementCompleteView.as_view(), name="api-improvement-complete"),
    path("improvements/<id:pk>/verify/", m.ImprovementVerifyView.as_view(), name="api-improvement-verify"),
    path("complaints/<id:pk>/finding/", i.FindingRecordView.as_view(), name="api-finding-record"),
    path("findings/<id:pk>/confirm/", i.FindingConfirmView.as_view(), name="api-finding-confirm"),
    path("findings/<id:pk>/dispute/", i.FindingDisputeView.as_view(), name="api-finding-dispute"),
    path("findings/<id:pk>/decide/", i.FindingDecideView.as_view(), name="api-finding-decide"),
]
