"""A small world with asymmetric departments for the security walks: every role,
and objects of each scoped kind that the *outsiders* may not see.

- the hidden ticket is logistics' (transferred to logistics only), assigned to agent1,
  with a hidden customer, comment, transfer and attachment;
- outsiders: a merchandise staff member, the merchandise head and agent2 (an agent
  who never touched it); they must get 404 on every route naming these objects and
  must find none of the MARKERS in any list or page.

`HIDDEN[kind](world) -> pk` is what `routes.Obj(kind)` refers to: add a builder when
your app has a scoped object (and switch its routes from `Unknown()` to `Obj(kind)`).
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role
from tickets.services import attachment_add, comment_add, ticket_create, transfer_create

from . import world_complaints, world_qa_reports

MARKER = "HIDDEN7f3a"
TICKET_MARKERS = (f"T-{MARKER}", f"Q-{MARKER}", f"N-{MARKER}",  # hidden from every outsider
                  f"K-{MARKER}")  # (K: a knowledge article draft, which no outsider may read)
# Hidden from the merchandise users (not from agents): the customer, logistics' agreement.
CUSTOMER_MARKERS = (f"C-{MARKER}", "13999990000", f"A-{MARKER}")
# Which outsiders each kind of object is hidden from (agents see every customer).
OUTSIDERS = {
    "ticket": ("merchandise_staff", "merchandise_head", "agent2"),
    "transfer": ("merchandise_staff", "merchandise_head", "agent2"),
    "attachment": ("merchandise_staff", "merchandise_head", "agent2"),
    "customer": ("merchandise_staff", "merchandise_head"),
    "calendar": ("merchandise_staff", "merchandise_head"),  # calendars are not secret to the center
    "agreement": ("merchandise_staff", "merchandise_head"),  # logistics' agreement with the center
    "agreement_version": ("merchandise_staff", "merchandise_head"),
    "article": ("merchandise_staff", "merchandise_head", "agent2"),  # a manager's draft: editors only
    # A finding against logistics and an improvement action for it: other departments' are hidden.
    "finding": ("merchandise_staff", "merchandise_head"),
    "improvement": ("merchandise_staff", "merchandise_head"),
    # A complaint put to logistics in an open joint consultation (merchandise not invited).
    "consultation": ("merchandise_staff", "merchandise_head"),
    "consultation_invite": ("merchandise_staff", "merchandise_head"),
    "consultation_complaint": ("merchandise_staff", "merchandise_head"),
}
# Which users may see each kind of object: the walk expects them to get an answer
# (a page, a redirect, a refusal of an empty command — never 404 nor 5xx) on every
# route naming it. A kind without an entry is only walked by its outsiders.
_SEE_TICKET = ("agent1", "lead", "qa", "manager", "admin", "logistics_staff", "logistics_head")
INSIDERS = {
    "ticket": _SEE_TICKET,
    "transfer": _SEE_TICKET,
    "attachment": _SEE_TICKET,
    "customer": ("agent1", "agent2", "lead", "qa", "manager", "admin", "logistics_staff", "logistics_head"),
    "calendar": ("agent1", "lead", "manager", "admin", "logistics_staff", "logistics_head"),
    "agreement": ("manager", "admin"),
    "agreement_version": ("manager", "admin"),
    "article": ("lead", "qa", "manager", "admin"),  # editors read every draft
}
for _more in (world_complaints, world_qa_reports):
    OUTSIDERS.update(_more.OUTSIDERS)
    INSIDERS.update(_more.INSIDERS)
MISSING_ID = 987654321


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role label -> user (None = anonymous)
    objects: dict = field(default_factory=dict)  # kind -> pk of the hidden object


def build_world() -> World:
    world = World()
    center = ServiceCenterFactory()
    logistics = DepartmentFactory(code="w-logistics", name="物流部", name_en="Logistics")
    merchandise = DepartmentFactory(code="w-merchandise", name="商品部", name_en="Merchandise")
    users = {
        "agent1": make_staff(Role.AGENT, center, username="w_agent1"),
        "agent2": make_staff(Role.AGENT, center, username="w_agent2"),
        "lead": make_staff(Role.TEAM_LEAD, center, username="w_lead"),
        "qa": make_staff(Role.QA_SPECIALIST, center, username="w_qa"),
        "manager": make_staff(Role.SERVICE_MANAGER, center, username="w_manager"),
        "logistics_staff": make_staff(Role.DEPT_STAFF, logistics, username="w_log_staff"),
        "logistics_head": make_staff(Role.DEPT_HEAD, logistics, username="w_log_head"),
        "merchandise_staff": make_staff(Role.DEPT_STAFF, merchandise, username="w_merch_staff"),
        "merchandise_head": make_staff(Role.DEPT_HEAD, merchandise, username="w_merch_head"),
    }
    from django.contrib.auth import get_user_model

    users["admin"] = get_user_model().objects.create_superuser("w_admin", "admin@example.com", "x")
    users["norole"] = get_user_model().objects.create_user("w_norole", password="x")
    users["anonymous"] = None
    world.users = users

    category = CategoryFactory(code="w-cat", name="配送延误", name_en="Late delivery", default_department=logistics)
    customer = CustomerFactory(name=f"C-{MARKER}", phone="13999990000")
    agent1 = users["agent1"]
    ticket = ticket_create(actor=agent1, customer=customer, title=f"T-{MARKER}", channel="hotline",
                           category=category, assignee=agent1, description=f"N-{MARKER}")
    comment_add(ticket=ticket, actor=agent1, body=f"N-{MARKER} note")
    transfer = transfer_create(ticket=ticket, actor=agent1, department=logistics, question=f"Q-{MARKER}")
    attachment = attachment_add(ticket=ticket, actor=agent1, uploaded_file=SimpleUploadedFile("a.txt", b"hello"))
    # Something the outsiders may see, so their lists are not empty by accident.
    visible = CustomerFactory(name="可见客户", phone="13700000000")
    ticket_create(actor=users["agent2"], customer=visible, title="可见工单", channel="hotline", category=category)
    from django.utils import timezone

    from sla.services.calendars import calendar_default_for_department

    calendar = calendar_default_for_department(department=logistics, now=timezone.now())
    from datetime import timedelta

    from sla.services.agreements import agreement_create_draft

    version = agreement_create_draft(
        actor=users["manager"], title=f"A-{MARKER}", client_departments=[logistics], provider=center,
        purpose="保障业务正常运行", scope="物流相关投诉", effective_from=timezone.localdate() + timedelta(days=30),
        effective_to=None, calendar=calendar, channels=["hotline"], now=timezone.now(),
    )
    world.objects = {"ticket": ticket.pk, "customer": customer.pk, "transfer": transfer.pk,
                     "attachment": attachment.pk, "calendar": calendar.pk, "agreement": version.agreement_id,
                     "agreement_version": version.pk}
    from knowledge.services import article_create

    draft = article_create(actor=users["manager"], title=f"K-{MARKER} 草稿", body=f"K-{MARKER} 正文", status="draft",
                           categories=[category])
    world.objects["article"] = draft.pk
    world.objects.update(_accountability(users, customer, category, logistics))
    world.objects.update(world_complaints.build(users, customer=customer, category=category, logistics=logistics))
    world.objects.update(_consultation(users, customer, category, logistics))
    world.objects.update(world_qa_reports.build(users))
    return world


def _consultation(users, customer, category, logistics) -> dict:
    """An open joint consultation on a complaint, logistics invited (its question
    carries the customer marker: hidden from merchandise, which is not invited)."""
    from datetime import timedelta

    from django.utils import timezone

    from complaints.services import complaint_create
    from complaints.services.consultations import consultation_convene

    complaint = complaint_create(actor=users["agent1"], customer=customer, category=category, title="会诊投诉",
                                 channel="hotline", desired_remedy="查明原因")
    consultation = consultation_convene(actor=users["lead"], ticket=complaint.ticket, departments=[logistics],
                                        question=f"C-{MARKER} consultation", deadline=timezone.now() + timedelta(7))
    return {"consultation": consultation.pk, "consultation_invite": consultation.invites.get().pk,
            "consultation_complaint": complaint.pk}


def _accountability(users, customer, category, logistics) -> dict:
    """A complaint's root-cause finding against logistics, and an improvement action
    proposed to logistics (their notes carry the customer marker: hidden from merchandise)."""
    from datetime import timedelta

    from django.utils import timezone

    from complaints.models import RootCause
    from complaints.services import complaint_create
    from complaints.services.accountability import finding_record
    from complaints.services.improvements import improvement_propose

    cause, _created = RootCause.objects.get_or_create(code="logistics", defaults={"name": "物流延误或破损"})
    complaint = complaint_create(actor=users["agent1"], customer=customer, category=category, title="投诉",
                                 channel="hotline", desired_remedy="赔偿")
    finding = finding_record(actor=users["agent1"], complaint=complaint, root_cause=cause,
                             responsible_department=logistics, note=f"C-{MARKER} finding")
    action = improvement_propose(actor=users["lead"], department=logistics, suggestion=f"C-{MARKER} improvement",
                                 due_at=timezone.now() + timedelta(days=30))
    return {"finding": finding.pk, "improvement": action.pk}
