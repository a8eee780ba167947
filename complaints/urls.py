"""Complaint pages (included at "/complaints/") and the customer's public pages
(included at "/": /track/<token>/ and /complain/)."""

from django.urls import path

from .views import conformance, consultations, findings, hotspots, improvements, incidents, intake, panel, queues, seats

app_name = "complaints"
urlpatterns = [
    path("", queues.complaints, name="list"),
    path("new/", intake.complaint_new, name="new"),
    path("approvals/", queues.my_approvals, name="approvals"),
    path("callbacks/", queues.callback_queue, name="callbacks"),
    path("seat-groups/", seats.seat_group_list, name="seat_groups"),
    path("seat-groups/new/", seats.seat_group_edit, name="seat_group_new"),
    path("seat-groups/<id:pk>/", seats.seat_group_edit, name="seat_group_edit"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/<id:pk>/", incidents.incident_detail, name="incident"),
    path("incidents/<id:pk>/<slug:action>/", incidents.incident_action, name="incident_action"),
    path("hotspots/", hotspots.hotspot_page, name="hotspots"),
    path("conformance/", conformance.conformance_month, name="conformance"),
    path("<id:pk>/recourse/", conformance.recourse_record, name="recourse"),
    path("consultations/", consultations.consultations, name="consultations"),
    path("consultations/convene/<id:pk>/", consultations.consultation_convene, name="consultation_convene"),
    path("consultations/<id:pk>/conclude/", consultations.consultation_conclude, name="consultation_conclude"),
    path("consultations/invites/<id:pk>/answer/", consultations.invite_answer, name="consultation_answer"),
    path("findings/", findings.finding_list_page, name="findings"),
    path("findings/department/", findings.department_findings, name="findings_department"),
    path("findings/disputed/", findings.disputed_findings, name="findings_disputed"),
    path("findings/<id:pk>/", findings.finding_detail, name="finding"),
    path("findings/<id:pk>/<slug:action>/", findings.finding_action, name="finding_action"),
    path("improvements/", improvements.improvement_list, name="improvements"),
    path("improvements/new/", improvements.improvement_new, name="improvement_new"),
    path("improvements/<id:pk>/", improvements.improvement_detail, name="improvement"),
    path("improvements/<id:pk>/<slug:action>/", improvements.improvement_action, name="improvement_action"),
    path("<id:pk>/<slug:action>/", panel.complaint_action, name="action"),
    path("approvals/<id:pk>/decide/", panel.approval_decide, name="decide"),
]
