"""ISO 10002 handling conformance: each step on hand-built complaints (in time, late,
overdue, missing, not due), a complaint taken through the loop with its SLA clocks,
the further-recourse record, the monthly share per step (scoped), its API with 400s
and the formula-injection-safe CSV/XLSX export."""

import io
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from complaints.models import CallbackStatus, Complaint, ComplaintStage
from complaints.selectors_conformance import complaint_steps, conformance_of, monthly_conformance, parse_month
from complaints.services import (
    callback_attempt_record,
    complaint_acknowledge,
    complaint_assess,
    complaint_create,
    complaint_final_reply,
    complaint_stage_reply,
)
from complaints.services.conformance import complaint_recourse_record
from sla.services.policies import policy_create
from slacenter.errors import DomainError
from tests.factories import DepartmentFactory, make_staff
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at
from tickets.models import Role
from tickets.services import transfer_create

SH = ZoneInfo("Asia/Shanghai")
T = datetime(2026, 3, 2, 10, tzinfo=SH)
NOW = T + timedelta(days=20)


def clock(state, due, started=T, stopped=None):
    return SimpleNamespace(state=state, due_at=due, started_at=started, stopped_at=stopped)


def complaint(**kw):
    values = {"stage": ComplaintStage.HANDLING, "desired_remedy": "退款", "created_at": T, "acknowledged_at": None,
              "assessed_at": None, "final_reply_at": None, "closed_at": None, "recourse_told_at": None,
              "recourse_note": ""}
    values.update(kw)
    return Complaint(**values)


def steps_of(c, clocks=None, *, breached=False, callback=None, now=NOW):
    return {s.code: s for s in complaint_steps(c, clocks=clocks or {}, update_breached=breached, callback=callback,
                                                now=now)}


def test_a_complaint_handled_in_time_conforms_at_every_step():
    c = complaint(stage=ComplaintStage.CLOSED, acknowledged_at=T + timedelta(minutes=5),
                  assessed_at=T + timedelta(hours=1), final_reply_at=T + timedelta(hours=5),
                  closed_at=T + timedelta(days=1))
    callback = SimpleNamespace(status=CallbackStatus.REACHED, completed_at=T + timedelta(hours=22), satisfied=True,
                               get_status_display=lambda: "Reached")
    clocks = {"acknowledgement": clock("met", T + timedelta(minutes=15)),
              "assessment": clock("met", T + timedelta(hours=2)),
              "stage_update": clock("met", T + timedelta(hours=9)),
              "resolution": clock("met", T + timedelta(days=2)),
              "callback": clock("met", T + timedelta(days=1))}
    steps = steps_of(c, clocks, callback=callback)
    assert list(steps) == ["recorded", "acknowledged", "assessed", "updates", "responded", "communicated", "closed"]
    assert {code: s.status for code, s in steps.items()} == dict.fromkeys(steps, "in_time")
    assert steps["acknowledged"].due == T + timedelta(minutes=15)
    assert steps["closed"].note  # the customer's acceptance is named


def test_late_overdue_missing_and_not_due_steps():
    c = complaint(stage=ComplaintStage.HANDLING, acknowledged_at=T + timedelta(minutes=40), desired_remedy=" ")
    clocks = {"acknowledgement": clock("breached", T + timedelta(minutes=15), stopped=T + timedelta(minutes=40)),
              "assessment": clock("running", T + timedelta(hours=2)),
              "stage_update": clock("running", NOW + timedelta(hours=3)),
              "resolution": clock("running", NOW + timedelta(days=1))}
    steps = steps_of(c, clocks)
    assert steps["recorded"].status == "missing"  # no desired remedy recorded
    assert steps["acknowledged"].status == "late"
    assert steps["assessed"].status == "overdue"  # due two hours after intake, not done, loop open
    assert steps["updates"].status == "pending"
    assert steps["responded"].status == "pending"
    assert steps["communicated"].status == "pending" and steps["closed"].status == "pending"
    # A late stage update is kept by its breach record once the rolling clock has moved on.
    assert steps_of(c, clocks, breached=True)["updates"].status == "overdue"


def test_a_loop_closed_without_the_steps_done_shows_them_missing():
    c = complaint(stage=ComplaintStage.CLOSED, final_reply_at=T + timedelta(days=3), closed_at=T + timedelta(days=4))
    clocks = {"acknowledgement": clock("breached", T + timedelta(minutes=15)),
              "resolution": clock("breached", T + timedelta(days=2), stopped=T + timedelta(days=3)),
              "callback": clock("cancelled", None)}
    steps = steps_of(c, clocks, breached=True)
    assert steps["acknowledged"].status == "missing"
    assert steps["assessed"].status == "missing"  # no clock, never done, loop closed
    assert steps["updates"].status == "late"
    assert steps["responded"].status == "late"
    assert steps["communicated"].status == "missing"
    assert steps["closed"].status == "missing" and steps["closed"].note
    # Told of further recourse (12315): the close conforms.
    told = complaint(stage=ComplaintStage.CLOSED, closed_at=T + timedelta(days=4), recourse_told_at=T,
                     recourse_note="12315")
    closed = steps_of(told, clocks)["closed"]
    assert closed.status == "in_time" and "12315" in closed.note


@pytest.fixture
def complaint_policies(policies):
    for metric, minutes in (("acknowledgement", 15), ("assessment", 120), ("stage_update", 540)):
        policy_create(actor=None, system=True, name=metric, metric=metric, kind="complaint", target_minutes=minutes,
                      now=at(1, 0), recompute=False)


@pytest.mark.django_db
def test_conformance_from_the_clocks_of_a_real_complaint(complaint_policies, agent, other_agent, customer,
                                                         category):
    c = complaint_create(actor=agent, customer=customer, category=category, title="破损", channel="hotline",
                         desired_remedy="换货", now=at(2, 10))
    complaint_acknowledge(actor=agent, complaint=c, now=at(2, 10, 5))
    complaint_assess(actor=agent, complaint=c, severity="general", now=at(2, 13))  # due 12:00
    steps = {s.code: s for s in conformance_of(Complaint.objects.get(pk=c.pk), now=at(2, 14))}
    assert (steps["acknowledged"].status, steps["acknowledged"].at) == ("in_time", at(2, 10, 5))
    assert (steps["assessed"].status, steps["assessed"].due) == ("late", at(2, 12))
    assert steps["updates"].status == "pending"
    with pytest.raises(DomainError) as exc:  # no decision yet: nothing to take further
        complaint_recourse_record(actor=agent, complaint=c, note="12315", now=at(2, 14))
    assert exc.value.status == 409
    complaint_stage_reply(actor=agent, complaint=c, body="核实中", now=at(3, 9))
    complaint_final_reply(actor=agent, complaint=Complaint.objects.get(pk=c.pk), body="换新", caller=other_agent,
                          now=at(3, 11))
    callback_attempt_record(actor=other_agent, task=c.callbacks.get(), outcome="reached", solved=False,
                            first_contact=False, satisfaction=2, now=at(3, 15))
    c = Complaint.objects.get(pk=c.pk)
    with pytest.raises(DomainError):
        complaint_recourse_record(actor=agent, complaint=c, note="  ", now=at(3, 16))
    steps = {s.code: s for s in conformance_of(c, now=at(3, 16))}
    assert steps["updates"].status == "in_time" and steps["updates"].at == at(3, 11)  # the final reply
    assert steps["responded"].status == "in_time"


@pytest.mark.django_db
def test_recourse_is_recorded_after_the_final_reply(agent, other_agent, customer, category, client):
    c = complaint_create(actor=agent, customer=customer, category=category, title="破损", channel="hotline",
                         desired_remedy="换货", now=T)
    complaint_assess(actor=agent, complaint=c, severity="general", now=T + timedelta(minutes=5))
    client.force_login(agent)
    url = f"/api/v1/complaints/{c.pk}/recourse/"
    assert client.post(url, {"note": "12315"}, content_type="application/json").status_code == 409
    complaint_final_reply(actor=agent, complaint=Complaint.objects.get(pk=c.pk), body="退款", caller=other_agent,
                          now=T + timedelta(hours=1))
    assert client.post(url, {"note": ""}, content_type="application/json").status_code == 400
    response = client.post(url, {"note": "已告知可拨打12315"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["recourse_note"] == "已告知可拨打12315"
    c.refresh_from_db()
    assert c.recourse_told_at is not None and c.ticket.events.filter(kind="complaint.recourse_told").exists()
    detail = client.get(f"/api/v1/complaints/{c.pk}/conformance/").json()
    assert [s["code"] for s in detail["steps"]][0] == "recorded"
    # The panel on the ticket page shows the steps and the recorded recourse.
    page = client.get(f"/tickets/{c.ticket_id}/").content.decode()
    assert 'data-testid="conformance-panel"' in page and "已告知可拨打12315" in page


@pytest.fixture
def month_world(agent, other_agent, customer, category, manager):
    logistics = DepartmentFactory(code="logistics2", name="物流部")
    head = make_staff(Role.DEPT_HEAD, logistics, username="head2")
    a = complaint_create(actor=agent, customer=customer, category=category, title="=HYPERLINK(\"http://x\")",
                         channel="hotline", desired_remedy="退款", now=T)
    complaint_acknowledge(actor=agent, complaint=a, now=T + timedelta(minutes=1))
    transfer_create(ticket=a.ticket, actor=agent, department=logistics, question="查件", now=T + timedelta(minutes=2))
    b = complaint_create(actor=agent, customer=customer, category=category, title="未确认", channel="hotline",
                         desired_remedy="补发", now=T + timedelta(days=1))
    complaint_create(actor=agent, customer=customer, category=category, title="四月", channel="hotline",
                     desired_remedy="补发", now=datetime(2026, 4, 2, 10, tzinfo=SH))
    return {"a": a, "b": b, "head": head}


@pytest.mark.django_db
def test_monthly_share_in_time_per_step_is_scoped(month_world, manager):
    figures = monthly_conformance(manager, date(2026, 3, 1), now=NOW)
    assert figures["complaints"] == 2
    rows = {r["code"]: r for r in figures["steps"]}
    assert (rows["recorded"]["in_time"], rows["recorded"]["share"]) == (2, 100.0)
    # No acknowledgement policy here: acknowledged is in time, the other not due yet.
    assert (rows["acknowledged"]["in_time"], rows["acknowledged"]["pending"], rows["acknowledged"]["share"]) == (
        1, 1, 100.0)
    assert rows["closed"]["share"] is None and rows["closed"]["pending"] == 2
    head = monthly_conformance(month_world["head"], date(2026, 3, 1), now=NOW)
    assert head["complaints"] == 1  # only the complaint transferred to their department


@pytest.mark.django_db
def test_monthly_page_api_and_their_400s(month_world, manager, agent, client):
    client.force_login(manager)
    page = client.get("/complaints/conformance/?month=2026-03")
    assert page.status_code == 200 and 'data-testid="month-recorded"' in page.content.decode()
    assert client.get("/complaints/conformance/?month=2026-3x").status_code == 400
    data = client.get("/api/v1/complaints/conformance/", {"month": "2026-03"}).json()
    assert data["month"] == "2026-03" and data["complaints"] == 2 and len(data["steps"]) == 7
    for bad in ("2026-13", "03-2026", "2999-01", "x" * 40):
        assert client.get("/api/v1/complaints/conformance/", {"month": bad}).status_code == 400
    client.force_login(agent)
    assert client.get("/complaints/conformance/").status_code == 404
    assert client.get("/api/v1/complaints/conformance/").status_code == 404
    assert client.get("/reports/export/complaint_conformance.csv?month=2026-03").status_code == 404


@pytest.mark.django_db
def test_export_is_formula_injection_safe(month_world, manager, client):
    client.force_login(manager)
    response = client.get("/reports/export/complaint_conformance.csv?month=2026-03")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 3  # the header and the two March complaints
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    xlsx = client.get("/reports/export/complaint_conformance.xlsx?month=2026-03")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["'=HYPERLINK(\"http://x\")", "未确认"]
    assert client.get("/reports/export/complaint_conformance.csv?month=2026-13").status_code == 400


def test_parse_month():
    today = date(2026, 11, 25)
    assert parse_month("", today=today) == date(2026, 11, 1)
    assert parse_month("2025-02", today=today) == date(2025, 2, 1)
    for bad in ("2026-12", "2026-00", "2026/01", "1999-12"):
        with pytest.raises(DomainError):
            parse_month(bad, today=today)


@pytest.mark.django_db
def test_further_recourse_told_at_a_managers_close(agent, manager, customer, category, client):
    from complaints.models import RootCause

    c = complaint_create(actor=agent, customer=customer, category=category, title="拒不接受", channel="hotline",
                         desired_remedy="三倍赔偿", now=T)
    cause = RootCause.objects.create(code="policy-limit", name="政策限制")
    dept = DepartmentFactory(code="merch9", name="商品部")
    client.force_login(manager)
    response = client.post(f"/api/v1/complaints/{c.pk}/force-close/", {
        "reason": "客户不接受处理方案", "root_cause": cause.code, "responsible_department": dept.pk,
        "recourse": "已告知可向12315投诉"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["recourse_note"] == "已告知可向12315投诉" and response.json()["recourse_told_at"]
    c.refresh_from_db()
    assert (c.stage, c.recourse_note) == ("closed", "已告知可向12315投诉") and c.recourse_told_at is not None
    closed = {s.code: s for s in conformance_of(c, now=NOW)}["closed"]
    assert closed.status == "in_time" and "12315" in closed.note
    long = client.post(f"/api/v1/complaints/{c.pk}/force-close/", {"reason": "x", "recourse": "长" * 201},
                       content_type="application/json")
    assert long.status_code == 400


@pytest.mark.django_db
def test_close_form_on_the_ticket_page_records_further_recourse(agent, manager, customer, category, client):
    from complaints.models import RootCause

    c = complaint_create(actor=agent, customer=customer, category=category, title="拒不接受", channel="hotline",
                         desired_remedy="三倍赔偿", now=T)
    cause = RootCause.objects.create(code="policy-form", name="政策限制")
    dept = DepartmentFactory(code="merch10", name="商品部")
    client.force_login(manager)
    page = client.get(f"/tickets/{c.ticket_id}/").content.decode()
    assert 'data-testid="ff-recourse"' in page
    response = client.post(f"/complaints/{c.pk}/force_close/", {
        "reason": "客户不接受处理方案", "root_cause": cause.code, "responsible_department": dept.pk,
        "recourse": "已告知可拨打12315"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.stage, c.recourse_note) == ("closed", "已告知可拨打12315")


@pytest.mark.django_db
def test_admin_shows_the_steps_of_a_complaint(agent, customer, category, admin_client):
    c = complaint_create(actor=agent, customer=customer, category=category, title="破损", channel="hotline",
                         desired_remedy="换货", now=T)
    page = admin_client.get(f"/admin/complaints/complaint/{c.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "ISO 10002" in body and body.count("<br>") >= 6  # seven steps, one per line
