"""THE route table of the security walks (`test_route_walk.py`, `test_hostile_inputs.py`).

Every URL pattern of the project (outside /admin/) has one entry here, keyed by its
URL name (`namespace:name`); a route without an entry — or an entry without a route —
fails `test_every_route_has_an_entry`. When you add a route, add a line:

    "myapp:thing_detail": Obj("ticket"),     # pk is a scoped object: out of scope = 404
    "myapp:thing_list": List(),              # a list/page: no out-of-scope rows in it
    "myapp:thing_do": Obj("ticket", post=True),   # a command on a scoped object
    "myapp:other": Unknown(),                # an object kind the walk cannot build yet:
                                             # only "a missing id is a 404, never a 5xx"
    "public:page": Public(),                 # open to anonymous users on purpose

`Obj(kind)` names a builder in `tests/security/world.py` (`HIDDEN`): the walk makes
an object of that kind that the outsiders (a merchandise department user and an agent
who never touched it) may not see and expects 404 for them, on GET (or POST with an
empty body for `post=True`). Prefer `Obj` over `Unknown`: add a builder for your kind.

`kwargs` fills the other URL parameters (`{"action": "acknowledge"}`); `path` gives a
concrete path for regex routes. `{pk}` in `path` is replaced like `<id:pk>`.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    kind: str = ""  # builder in world.HIDDEN ("" = no scoped object)
    post: bool = False  # the route is a command: POST (an empty body) instead of GET
    kwargs: dict = field(default_factory=dict)
    path: str = ""
    public: bool = False
    unknown: bool = False
    few_roles: bool = False  # slow route (e.g. the schema): anonymous, no role, one outsider, admin
    # Roles for whom the route's whole feature does not exist (404 like an unknown URL),
    # though they may see its object: the walk does not count them as insiders there.
    off_for: tuple = ()


def Obj(kind: str, post: bool = False, **kwargs) -> Entry:  # noqa: N802 - reads like a declaration
    return Entry(kind=kind, post=post, kwargs=kwargs)


def List(path: str = "", **kwargs) -> Entry:  # noqa: N802
    return Entry(path=path, kwargs=kwargs)


def Post(**kwargs) -> Entry:  # noqa: N802
    return Entry(post=True, kwargs=kwargs)


def Unknown(post: bool = False, path: str = "", **kwargs) -> Entry:  # noqa: N802
    return Entry(post=post, path=path, kwargs=kwargs, unknown=True)


def Public(path: str = "", post: bool = False, **kwargs) -> Entry:  # noqa: N802
    return Entry(path=path, post=post, kwargs=kwargs, public=True)


ROUTES: dict[str, Entry] = {
    # --- project -------------------------------------------------------------------
    "healthz": Public(),
    "set_language": Public(post=True),
    "login": Public(),
    "logout": Public(post=True),
    "home": List(),
    "javascript-catalog": Public(),
    "api-schema": Entry(few_roles=True),
    "api-docs": Entry(few_roles=True),
    # --- tickets API -----------------------------------------------------------------
    "api-token": Public(post=True),
    "api-ticket-list": List(),
    "api-ticket-detail": Obj("ticket"),
    "api-ticket-assign": Obj("ticket", post=True),
    "api-ticket-transition": Obj("ticket", post=True),
    "api-ticket-comment": Obj("ticket", post=True),
    "api-ticket-transfer": Obj("ticket", post=True),
    "api-ticket-attachment": Obj("ticket", post=True),
    "api-transfer-list": List(),
    "api-transfer-answer": Obj("transfer", post=True),
    "api-transfer-bounce": Obj("transfer", post=True),
    "api-transfer-rate": Obj("transfer", post=True),
    "api-attachment-download": Obj("attachment"),
    "api-customer-list": List(),
    "api-customer-detail": Obj("customer"),
    "api-customer-tickets": Obj("customer"),
    "api-department-list": List(),
    "api-category-list": List(),
    "api-reply-template-list": List(),
    "api-notification-list": List(),
    "api-notification-read": Post(),
    "api-contact-list": List(),
    "api-contact-detail": Unknown(),
    "api-contact-import": Post(),
    "api-contact-import-file": Post(),
    "api-contact-figures-agents": List(),
    "api-contact-figures-intervals": List(),
    # --- knowledge base (pages and API) ------------------------------------------------
    "knowledge:list": List(),
    "knowledge:new": List(),
    "knowledge:ranking": List(),
    "knowledge:detail": Obj("article"),
    "knowledge:edit": Obj("article"),
    # Marking an article as used is for those who work tickets: a department user who
    # sees the ticket (and reads published articles) has no such button: 404.
    "knowledge:use": Entry(kind="ticket", post=True, off_for=("logistics_staff", "logistics_head")),
    "api-knowledge-articles": List(),
    "api-knowledge-article": Obj("article"),
    "api-knowledge-ranking": List(),
    "api-knowledge-suggestions": Obj("ticket"),
    "api-knowledge-use": Obj("ticket", post=True),
    # --- tickets pages ----------------------------------------------------------------
    "tickets:home": List(),
    "tickets:notifications": List(),
    "tickets:notifications_read": Post(),
    "tickets:workbench": List(),
    "tickets:new": List(),
    "tickets:detail": Obj("ticket"),
    "tickets:comment": Obj("ticket", post=True),
    "tickets:attach": Obj("ticket", post=True),
    "tickets:transition": Obj("ticket", post=True),
    "tickets:assign": Obj("ticket", post=True),
    "tickets:edit": Obj("ticket", post=True),
    "tickets:transfer": Obj("ticket", post=True),
    "tickets:inbox": List(),
    "tickets:transfer_answer": Obj("transfer", post=True),
    "tickets:transfer_bounce": Obj("transfer", post=True),
    "tickets:transfer_rate": Obj("transfer", post=True),
    "tickets:customer_search": List(customer_q="HIDDEN"),
    "tickets:customer_new": Post(),
    "tickets:customer": Obj("customer"),
    "tickets:attachment": Obj("attachment"),
    # --- SLA API ----------------------------------------------------------------------
    "sla-calendar-list": List(),
    "sla-calendar-detail": Obj("calendar"),
    "sla-calendar-versions": Obj("calendar", post=True),
    "sla-calendar-overrides": Obj("calendar", post=True),
    "sla-calendar-override-delete": Unknown(day="2030-01-01"),
    "sla-calendar-import": Obj("calendar", post=True),
    "sla-simulate": List(),
    "sla-agreement-list": List(),
    "sla-agreement-detail": Obj("agreement"),
    "sla-agreement-version": Obj("agreement_version"),
    "sla-agreement-update": Obj("agreement_version", post=True),
    "sla-agreement-submit": Obj("agreement_version", post=True),
    "sla-agreement-recall": Obj("agreement_version", post=True),
    "sla-agreement-sign": Obj("agreement_version", post=True),
    "sla-agreement-amend": Obj("agreement_version", post=True),
    "sla-agreement-terminate": Obj("agreement_version", post=True),
    "sla-agreement-items-add": Obj("agreement_version", post=True),
    "sla-agreement-indicators-add": Obj("agreement_version", post=True),
    "sla-agreement-penalties-add": Obj("agreement_version", post=True),
    "sla-agreement-items-remove": Unknown(post=True, part_id=1),
    "sla-agreement-indicators-remove": Unknown(post=True, part_id=1),
    "sla-agreement-penalties-remove": Unknown(post=True, part_id=1),
    "sla-agreement-override-add": Unknown(post=True, indicator_id=1),
    "sla-policy-list": List(),
    "sla-policy-detail": Unknown(),
    "sla-clock-list": List(),
    "sla-clock-detail": Unknown(),
    "sla-breach-list": List(),
    "sla-ticket-clocks": Obj("ticket"),
    # --- SLA pages --------------------------------------------------------------------
    "sla:calendar_list": List(),
    "sla:calendar_detail": Obj("calendar"),
    "sla:calendar_hours": Obj("calendar", post=True),
    "sla:calendar_override_add": Obj("calendar", post=True),
    "sla:calendar_override_delete": Unknown(post=True, day="2030-01-01"),
    "sla:calendar_import": Obj("calendar", post=True),
    "sla:calendar_simulate": Obj("calendar"),
    "sla:agreement_list": List(),
    "sla:agreement_new": List(),
    "sla:agreement_detail": Obj("agreement"),
    "sla:agreement_version": Obj("agreement_version"),
    "sla:agreement_edit": Obj("agreement_version"),
    "sla:agreement_print": Obj("agreement_version"),
    "sla:agreement_part_add": Obj("agreement_version", post=True, part="items"),
    "sla:agreement_part_remove": Unknown(post=True, part="items", part_id=1),
    "sla:agreement_override_add": Unknown(post=True, indicator_id=1),
    "sla:agreement_command": Obj("agreement_version", post=True, action="submit"),
    "sla:department_sla": List(),
    "sla:badges": List(path="/sla/badges/?ref=t:987654321&ref=c:987654321"),  # refs out of scope are absent
    # --- complaints -------------------------------------------------------------------
    "api-complaint-list": List(),
    "api-complaint-detail": Obj("complaint"),
    "api-complaint-acknowledge": Obj("complaint", post=True),
    "api-complaint-assess": Obj("complaint", post=True),
    "api-complaint-stage-reply": Obj("complaint", post=True),
    "api-complaint-final-reply": Obj("complaint", post=True),
    "api-complaint-remedy": Obj("complaint", post=True),
    "api-complaint-close": Obj("complaint", post=True),
    "api-complaint-force-close": Obj("complaint", post=True),
    "api-complaint-reopen": Obj("complaint", post=True),
    "api-complaint-reissue": Obj("complaint", post=True),
    "api-complaint-revoke": Obj("complaint", post=True),
    "api-remedy-resubmit": Obj("remedy", post=True),
    "api-remedy-withdraw": Obj("remedy", post=True),
    "api-remedy-execute": Obj("remedy", post=True),
    "api-approval-approve": Obj("approval", post=True),
    "api-approval-reject": Obj("approval", post=True),
    "api-approval-return": Obj("approval", post=True),
    "api-callback-attempt": Obj("callback", post=True),
    "api-callback-unreachable": Obj("callback", post=True),
    "api-seat-group-list": List(),
    "api-authority-limit-list": List(),
    "complaints:list": List(),
    "complaints:new": List(),
    "complaints:approvals": List(),
    "complaints:callbacks": List(),
    "complaints:seat_groups": List(),
    "complaints:seat_group_new": List(),
    "complaints:seat_group_edit": Unknown(),
    "complaints:action": Obj("complaint", post=True, action="acknowledge"),
    "complaints:decide": Obj("approval", post=True),
    # batch incidents and findings (issue 9)
    "api-incident-list": List(),
    "api-incident-detail": Obj("incident"),
    "api-incident-confirm": Obj("incident", post=True),
    "api-incident-dismiss": Obj("incident", post=True),
    "api-incident-link": Obj("incident", post=True),
    "api-incident-broadcast": Obj("incident", post=True),
    "api-incident-resolve": Obj("incident", post=True),
    "api-finding-list": List(),
    "api-finding-record": Obj("complaint", post=True),
    "api-finding-confirm": Obj("finding", post=True),
    "api-finding-dispute": Obj("finding", post=True),
    "api-finding-decide": Obj("finding", post=True),
    # hotspots and handling conformance (issue 9 §4, §5)
    "api-complaint-hotspots": List(),
    "api-complaint-conformance-month": List(),
    "api-complaint-conformance": Obj("complaint"),
    "api-complaint-recourse": Obj("complaint", post=True),
    "complaints:hotspots": List(),
    "complaints:conformance": List(),
    "complaints:recourse": Obj("complaint", post=True),
    "api-finding-detail": Obj("finding"),
    "complaints:findings": List(),
    "complaints:findings_department": List(),
    "complaints:findings_disputed": List(),
    "complaints:finding": Obj("finding"),
    "complaints:finding_action": Obj("finding", post=True, action="confirm"),
    # improvement actions (issue 9 §3)
    "api-improvement-list": List(),
    "api-improvement-detail": Obj("improvement"),
    "api-improvement-accept": Obj("improvement", post=True),
    "api-improvement-reject": Obj("improvement", post=True),
    "api-improvement-complete": Obj("improvement", post=True),
    "api-improvement-verify": Obj("improvement", post=True),
    "complaints:improvements": List(),
    "complaints:improvement_new": List(),
    "complaints:improvement": Obj("improvement"),
    "complaints:improvement_action": Obj("improvement", post=True, action="accept"),
    # joint consultations (issue 9 §2)
    "api-consultation-list": List(),
    "api-consultation-detail": Obj("consultation"),
    "api-consultation-conclude": Obj("consultation", post=True),
    "api-consultation-answer": Obj("consultation_invite", post=True),
    "api-complaint-consultation": Obj("consultation_complaint", post=True),
    "complaints:consultations": List(),
    "complaints:consultation_convene": Obj("consultation_complaint", post=True),
    "complaints:consultation_conclude": Obj("consultation", post=True),
    "complaints:consultation_answer": Obj("consultation_invite", post=True),
    "complaints:incidents": List(),
    "complaints:incident": Obj("incident"),
    "complaints:incident_action": Obj("incident", post=True, action="confirm"),
    "complaints_public:track": Public(token="not-a-token"),
    "complaints_public:form": Public(),
    # --- reports ----------------------------------------------------------------------
    "reports-api-months": List(),
    "reports-api-month-close": Post(),
    "reports-api-month-lock": Unknown(post=True),
    "reports-api-closes": List(),
    "reports-api-close": Unknown(),
    "reports-api-results": List(),
    "reports-api-violations": List(),
    "reports-api-violation": Unknown(),
    "reports-api-appeal": Unknown(post=True),
    "reports-api-adjust": Unknown(post=True),
    "reports-api-appeals": List(),
    "reports-api-decide": Unknown(post=True),
    "reports-api-order-counts": List(),
    "reports-api-exports": List(),
    "reports-api-export": Obj("export"),
    "reports-api-erlang": List(),
    "reports-api-kpi": List(path="/api/v1/reports/kpi/2026-01/"),
    "reports:months": List(),
    "reports:close_run": Post(),
    "reports:dashboard": List(),
    "reports:staffing": List(),
    "reports:orders": List(),
    "reports:order_set": Post(),
    "reports:exports": List(),
    "reports:export_start": Post(),
    "reports:export_detail": Obj("export"),
    "reports:export_download": Obj("export"),
    "reports:export_direct": List(path="/reports/export/violations.csv"),
    "reports:close": Unknown(),
    "reports:close_print": Unknown(),
    "reports:close_pdf": Unknown(),
    "reports:result_rows": Unknown(),
    "reports:violation_appeal": Unknown(post=True),
    "reports:violation_adjust": Unknown(post=True),
    "reports:appeal_decide": Unknown(post=True),
    "reports:kpi": List(path="/reports/kpi/2026-01/"),
    "reports:month": List(path="/reports/2026-01/"),
    "reports:month_lock": Unknown(post=True, path="/reports/2999-01/lock/"),
    # --- QA ---------------------------------------------------------------------------
    "api-qa-scorecards": List(),
    "api-qa-scorecard": Obj("scorecard"),
    "api-qa-scorecard-version": Obj("scorecard", post=True),
    "api-qa-evaluations": List(),
    "api-qa-evaluation": Obj("evaluation"),
    "api-qa-evaluation-answers": Obj("evaluation", post=True),
    "api-qa-evaluation-transition": Obj("evaluation", post=True),
    "api-qa-disputes": List(),
    "api-qa-plans": List(),
    "api-qa-plan-verify": Unknown(),
    "api-qa-samples": List(),
    "api-qa-stars": List(),
    "api-qa-stars-compute": Post(),
    "api-qa-praise": List(),
    "api-qa-calibrations": List(),
    "api-qa-calibration": Unknown(),
    "api-qa-calibration-score": Unknown(post=True),
    "api-qa-calibration-close": Unknown(post=True),
    "api-qa-performance": List(),
    "api-qa-performance-compute": Post(),
    "api-qa-performance-lock": Post(),
    "api-qa-performance-export": List(),
    "api-qa-performance-input": Post(),
    "qa:evaluations": List(),
    "qa:evaluation_new": List(),
    "qa:evaluation": Obj("evaluation"),
    "qa:evaluation_save": Obj("evaluation", post=True),
    "qa:evaluation_move": Obj("evaluation", post=True),
    "qa:disputes": List(),
    "qa:samples": List(),
    "qa:samples_draw": Post(),
    "qa:stars": List(),
    "qa:stars_compute": Post(),
    "qa:calibrations": List(),
    "qa:calibration_new": List(),
    "qa:calibration": Unknown(),
    "qa:calibration_score": Unknown(post=True),
    "qa:calibration_close": Unknown(post=True),
    "qa:praise": List(),
    "qa:praise_new": List(),
    "qa:performance": List(),
    "qa:performance_agent": Unknown(path="/qa/performance/agents/987654321/"),
    "qa:performance_run": Post(),
    "qa:performance_input": Post(),
    "qa:performance_export": List(),
    "qa:contacts": List(),
    "qa:performance_inputs_import": Post(),
    "reports-api-indicator-owner": Unknown(post=True),
    "reports:kpi_rows": List(path="/reports/kpi/2026-01/fcr/"),
}
