"""The complaint loop's objects in the security walks' world, built through the services
like the demo: a complaint on the hidden customer (handled by agent1, transferred to
logistics) with a remedy awaiting the lead's approval, a second one answered by the
center alone and waiting for its callback (called back by the lead), a batch incident logistics answers
for with the first complaint linked.

Who may see each (`INSIDERS`) and who may not (`OUTSIDERS`): the walk expects 404 from
the outsiders and an answer that is neither a 404 nor a 5xx from the insiders."""

from django.utils import timezone

from tests.factories import DepartmentFactory

MARKER_TITLE = "T-HIDDEN7f3a"  # world.TICKET_MARKERS[0]: the walk looks for it in every outsider's page

TICKET_SEERS = ("agent1", "lead", "qa", "manager", "admin", "logistics_staff", "logistics_head")
OUTSIDERS = {
    "complaint": ("merchandise_staff", "merchandise_head", "agent2"),
    "remedy": ("merchandise_staff", "merchandise_head", "agent2"),
    "approval": ("merchandise_staff", "merchandise_head", "agent2"),
    "callback": ("merchandise_staff", "merchandise_head", "agent2"),
    # Incidents and findings are the center's business and the answering department's.
    "incident": ("merchandise_staff", "merchandise_head"),
}
INSIDERS = {
    "complaint": TICKET_SEERS,
    "remedy": TICKET_SEERS,
    "approval": TICKET_SEERS,
    "callback": ("agent1", "lead", "qa", "manager", "admin"),  # only the service center calls back
    "incident": ("agent1", "agent2", "lead", "qa", "manager", "admin", "logistics_staff", "logistics_head"),
    # world._accountability's finding against logistics (its outsiders are declared there).
    "finding": ("agent1", "agent2", "lead", "qa", "manager", "admin", "logistics_staff", "logistics_head"),
}


def build(users: dict, *, customer, category, logistics) -> dict:
    from complaints.defaults import install_default_chain
    from complaints.models import IncidentLink
    from complaints.services import complaint_assess, complaint_create, complaint_final_reply, remedy_propose
    from complaints.services.incidents import incident_confirm, incident_link_decide, incident_open
    from tickets.services import ticket_assign, transfer_create

    now = timezone.now()
    agent1, lead = users["agent1"], users["lead"]
    install_default_chain(DepartmentFactory(code="w-finance", name="财务部", name_en="Finance"))

    def complaint(title, *, transfer=True):
        made = complaint_create(actor=agent1, customer=customer, category=category, title=title, channel="hotline",
                                desired_remedy="赔偿", now=now)
        ticket_assign(ticket=made.ticket, actor=agent1, assignee=agent1, now=now)
        if transfer:
            transfer_create(ticket=made.ticket, actor=agent1, department=logistics, question="请核实物流")
        return complaint_assess(actor=agent1, complaint=made, severity="general", now=now)

    first = complaint(MARKER_TITLE)
    remedy = remedy_propose(actor=agent1, complaint=first, kind="compensation", amount="300", now=now)
    approval = remedy.approvals.get(status="pending")
    answered = complaint(f"{MARKER_TITLE} 2", transfer=False)  # answered without asking logistics
    answered = complaint_final_reply(actor=agent1, complaint=answered, body="已处理", caller=lead, now=now)
    callback = answered.callbacks.get()

    incident = incident_open(actor=lead, title="物流延误批量投诉", category=category, responsible_department=logistics,
                             now=now)
    incident = incident_confirm(actor=lead, incident=incident, now=now)
    link, _created = IncidentLink.objects.get_or_create(incident=incident, complaint=first,
                                                        defaults={"created_at": now, "updated_at": now})
    incident_link_decide(actor=lead, link=link, accept=True, now=now)
    return {"complaint": first.pk, "remedy": remedy.pk, "approval": approval.pk, "callback": callback.pk,
            "incident": incident.pk}
