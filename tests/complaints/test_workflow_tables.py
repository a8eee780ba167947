"""Every action × every status of each complaint state machine: legal moves land on
their target, every other one is a 409 naming the allowed moves."""

import pytest

from complaints.workflow import APPROVAL, CALLBACK, LOOP, OUTBOX, REMEDY
from slacenter.errors import Conflict

# table → {action: (sources, target)} as the domain wants it (independent of the table).
EXPECTED = {
    "loop": (LOOP, {
        "acknowledge": ({"received"}, "acknowledged"),
        "assess": ({"received", "acknowledged"}, "handling"),
        "final_reply": ({"handling"}, "answered"),
        "close": ({"answered"}, "closed"),
        "force_close": ({"received", "acknowledged", "handling", "answered"}, "closed"),
        "reopen": ({"answered", "closed"}, "handling"),
    }),
    "remedy": (REMEDY, {
        "grant": ({"proposed", "pending"}, "granted"),
        "request_approval": ({"proposed", "returned"}, "pending"),
        "reject": ({"pending"}, "rejected"),
        "return": ({"pending"}, "returned"),
        "withdraw": ({"pending", "returned"}, "withdrawn"),
        "execute": ({"granted"}, "executed"),
    }),
    "approval": (APPROVAL, {
        "approve": ({"pending"}, "approved"),
        "reject": ({"pending"}, "rejected"),
        "return": ({"pending"}, "returned"),
        "cancel": ({"pending"}, "cancelled"),
    }),
    "callback": (CALLBACK, {
        "reach": ({"open"}, "reached"),
        "give_up": ({"open"}, "unreachable"),
        "survey": ({"open"}, "surveyed"),
        "cancel": ({"open"}, "cancelled"),
    }),
    "outbox": (OUTBOX, {
        "deliver": ({"pending", "failed"}, "sent"),
        "fail": ({"pending", "failed"}, "failed"),
        "give_up": ({"pending", "failed"}, "dead"),
        "retry": ({"dead"}, "pending"),
    }),
}

CASES = []
for name, (table, moves) in EXPECTED.items():
    statuses = table.statuses()
    for action in moves:
        for status in sorted(statuses):
            CASES.append(pytest.param(table, moves, action, status, id=f"{name}-{action}-{status}"))


def test_tables_list_exactly_the_expected_actions():
    for table, moves in EXPECTED.values():
        assert {t.action for t in table.transitions} == set(moves)


@pytest.mark.parametrize("table,moves,action,status", CASES)
def test_every_move_from_every_status(table, moves, action, status):
    sources, target = moves[action]
    if status in sources:
        assert table.check(status, action, system=True).target == target
    else:
        with pytest.raises(Conflict) as exc:
            table.check(status, action, system=True)
        assert exc.value.extra["allowed"] == [t.action for t in table.allowed(status)]


def test_service_only_moves_are_refused_to_people():
    for table, action, status in ((LOOP, "final_reply", "handling"), (LOOP, "close", "answered"),
                                  (REMEDY, "grant", "pending"), (CALLBACK, "reach", "open"),
                                  (OUTBOX, "deliver", "pending")):
        with pytest.raises(Conflict):
            table.check(status, action, system=False)


def test_reasons_are_required_where_the_domain_wants_one():
    required = {(name, t.action) for name, (table, _m) in EXPECTED.items() for t in table.transitions
                if t.reason_required}
    assert required == {("loop", "force_close"), ("loop", "reopen"), ("approval", "reject"), ("approval", "return")}
