"""The monthly performance: gather each agent's figures, run the pay method of the
policy (`qa.pay`), store one row per agent with its breakdown. Re-runnable until the
month is locked; the Celery task runs it on the 1st for the month before."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from tickets.models import ContactRecord
from tickets.models.org import Role
from tickets.permissions import is_admin, role_of
from tickets.selectors_contacts import agent_month_figures

from ..models import AgentInput, AgentPerformance, PerformanceMonth, Praise, QaPolicy
from ..pay import AgentMonth, amount_method, points_method
from ..permissions import is_lead, leads_agent
from ..policy import policy_get, policy_rules
from ..selectors import agent_month_qa, agents_queryset, counted_evaluations, first_of_month
from .common import forbidden


def month_figures(month, rules) -> list[AgentMonth]:
    month = first_of_month(month)
    qa = agent_month_qa(month)
    below = Decimal(str(rules["amount"]["low_score_below"]))
    low = dict(counted_evaluations(month).filter(score__lt=below).values("agent_id").annotate(n=Count("id"))
               .values_list("agent_id", "n"))
    contacts = agent_month_figures(ContactRecord.objects.all(), month)
    inputs = {i.agent_id: i for i in AgentInput.objects.filter(month=month)}
    praise = {row["agent_id"]: row for row in Praise.objects.filter(month=month).values("agent_id").annotate(
        n=Count("id"), points=Sum("points"))}
    out = []
    for agent_id in agents_queryset().values_list("id", flat=True):
        q, c, i, p = qa.get(agent_id, {}), contacts.get(agent_id, {}), inputs.get(agent_id), praise.get(agent_id, {})
        out.append(AgentMonth(
            agent_id=agent_id,
            qa_average=None if q.get("average") is None else Decimal(q["average"]).quantize(Decimal("0.01")),
            qa_count=q.get("count", 0), fatal_errors=q.get("fatal", 0), low_scores=low.get(agent_id, 0),
            handled=c.get("handled", 0), satisfaction=c.get("satisfaction_avg"),
            test_score=i.test_score if i else None, attendance_score=i.attendance_score if i else None,
            absences=i.absences if i else 0, late_arrivals=i.late_arrivals if i else 0,
            praises=p.get("n", 0), praise_points=p.get("points") or Decimal(0),
        ))
    return out


def _can_run(actor) -> bool:
    return role_of(actor) in {Role.QA_SPECIALIST, Role.SERVICE_MANAGER} or is_admin(actor)


@transaction.atomic
def performance_compute(*, actor, month, now=None, system: bool = False) -> PerformanceMonth:
    now = now or timezone.now()
    if not system and not _can_run(actor):
        raise forbidden(_("Only QA specialists and managers compute the month."))
    month = first_of_month(month)
    policy = policy_get()
    rules = policy_rules(policy)
    record, _created = PerformanceMonth.objects.select_for_update().get_or_create(
        month=month, defaults={"method": policy.method, "rules": rules})
    if record.status == PerformanceMonth.Status.LOCKED:
        raise Conflict(_("%(month)s is locked.") % {"month": f"{month:%Y-%m}"}, code="locked")
    figures = month_figures(month, rules)
    pool = Decimal(0)
    if policy.method == QaPolicy.Method.AMOUNT:
        outcomes, pool = amount_method(figures, rules["amount"])
    else:
        outcomes = points_method(figures, rules["points"])
    by_agent = {f.agent_id: f for f in figures}
    record.agents.all().delete()
    AgentPerformance.objects.bulk_create([
        AgentPerformance(performance_month=record, agent_id=o.agent_id, score=o.score, band=o.band, pay=o.pay,
                         rank=o.rank, lines=[_facts(by_agent[o.agent_id]), *o.lines])
        for o in outcomes
    ])
    record.method, record.rules, record.pool, record.computed_at = policy.method, rules, pool, now
    record.save(update_fields=["method", "rules", "pool", "computed_at"])
    return record


def _facts(figures: AgentMonth) -> dict:
    """The first line of a breakdown: the month's raw figures."""
    return {"key": "facts", "figure": None, "weight": None, "amount": None, "note": "", "facts": {
        "qa_average": None if figures.qa_average is None else str(figures.qa_average),
        "qa_count": figures.qa_count, "fatal_errors": figures.fatal_errors, "low_scores": figures.low_scores,
        "handled": figures.handled,
        "satisfaction": None if figures.satisfaction is None else str(figures.satisfaction),
        "test_score": None if figures.test_score is None else str(figures.test_score),
        "attendance_score": None if figures.attendance_score is None else str(figures.attendance_score),
        "absences": figures.absences, "late_arrivals": figures.late_arrivals, "praises": figures.praises}}


@transaction.atomic
def performance_lock(*, actor, month, now=None) -> PerformanceMonth:
    now = now or timezone.now()
    if role_of(actor) != Role.SERVICE_MANAGER and not is_admin(actor):
        raise forbidden(_("Only a service manager locks a month."))
    record = PerformanceMonth.objects.select_for_update().filter(month=first_of_month(month)).first()
    if record is None or record.computed_at is None:
        raise DomainError(_("Compute the month before locking it."), code="not_computed", status=409)
    if record.status == PerformanceMonth.Status.LOCKED:
        raise Conflict(_("%(month)s is locked.") % {"month": f"{record.month:%Y-%m}"}, code="locked")
    record.status, record.locked_at, record.locked_by = PerformanceMonth.Status.LOCKED, now, actor
    record.save(update_fields=["status", "locked_at", "locked_by"])
    return record


@transaction.atomic
def agent_input_set(*, actor, agent, month, test_score=None, attendance_score=None, absences: int = 0,
                    late_arrivals: int = 0, now=None) -> AgentInput:
    """A lead enters (or imports, row by row) an agent's test and attendance."""
    now = now or timezone.now()
    manager = role_of(actor) == Role.SERVICE_MANAGER or is_admin(actor)
    if not (manager or (is_lead(actor) and leads_agent(actor, agent))):
        raise forbidden(_("Leads enter their own team's test and attendance."))
    month = first_of_month(month)
    if PerformanceMonth.objects.filter(month=month, status=PerformanceMonth.Status.LOCKED).exists():
        raise Conflict(_("%(month)s is locked.") % {"month": f"{month:%Y-%m}"}, code="locked")
    for name, value in (("test_score", test_score), ("attendance_score", attendance_score)):
        if value is not None and not Decimal(0) <= Decimal(str(value)) <= Decimal(100):
            raise DomainError(_("Scores are between 0 and 100."), field=name)
    if absences < 0 or late_arrivals < 0 or absences > 31 or late_arrivals > 31:
        raise DomainError(_("Absences and late arrivals are 0 to 31."), field="absences")
    item, _created = AgentInput.objects.update_or_create(
        month=month, agent=agent,
        defaults={"test_score": test_score, "attendance_score": attendance_score, "absences": absences,
                  "late_arrivals": late_arrivals, "entered_by": actor, "updated_at": now})
    return item


INPUT_COLUMNS = ("agent", "test_score", "attendance_score", "absences", "late_arrivals")


@transaction.atomic
def agent_inputs_import(*, actor, month, rows, agents, now=None) -> int:
    """A lead's CSV of the month's test and attendance (`INPUT_COLUMNS`, agent by
    username): every row through `agent_input_set`; any bad row → DomainError with
    `errors` [{row, message}] and nothing saved. `agents`: who the actor may enter for."""
    from decimal import InvalidOperation

    now = now or timezone.now()
    by_name = {a.username: a for a in agents}
    errors, done = [], 0
    for number, row in enumerate(rows, start=1):
        try:
            agent = by_name.get((row.get("agent") or "").strip())
            if agent is None:
                raise DomainError(_("Unknown agent or not in your team: “%(value)s”.") % {"value": row.get("agent")})

            def number_or_none(name, row=row):
                text = (row.get(name) or "").strip()
                return Decimal(text) if text else None

            def count(name, row=row):
                text = (row.get(name) or "0").strip() or "0"
                if not text.isdigit() or len(text) > 3:
                    raise DomainError(_("“%(name)s” is a whole number.") % {"name": name})
                return int(text)

            with transaction.atomic():
                agent_input_set(actor=actor, agent=agent, month=month, test_score=number_or_none("test_score"),
                                attendance_score=number_or_none("attendance_score"), absences=count("absences"),
                                late_arrivals=count("late_arrivals"), now=now)
            done += 1
        except InvalidOperation:
            errors.append({"row": number, "message": _("Scores are numbers between 0 and 100.")})
        except DomainError as exc:
            errors.append({"row": number, "message": exc.message})
    if errors:
        raise DomainError(_("%(count)s rows are invalid; nothing was saved.") % {"count": len(errors)},
                          code="invalid_rows", errors=errors[:500])
    return done
