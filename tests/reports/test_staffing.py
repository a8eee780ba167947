"""Erlang C against published table values, its behaviour at high load, and the
shift-plan check."""

from datetime import time

import pytest

from reports.staffing.erlang import average_speed_of_answer, erlang_c, required_agents, service_level
from reports.staffing.shifts import Shift, plan_check


@pytest.mark.parametrize(("agents", "pw", "sl", "asa"), [
    # 10 Erlangs (100 calls per half hour, 180 s handle time), 20 s target: the
    # classic published worked example (Call Centre Helper's Erlang C table).
    (11, 0.6821, 0.3896, 122.8),
    (12, 0.4494, 0.6402, 40.4),
    (13, 0.2853, 0.7956, 17.1),
    (14, 0.1741, 0.8884, 7.8),
    (15, 0.1020, 0.9415, 3.7),
])
def test_erlang_c_table(agents, pw, sl, asa):
    assert erlang_c(agents, 10) == pytest.approx(pw, abs=5e-5)
    assert service_level(agents, 10, 180, 20) == pytest.approx(sl, abs=5e-5)
    assert average_speed_of_answer(agents, 10, 180) == pytest.approx(asa, abs=0.05)


def test_small_exact_value_and_saturation():
    assert erlang_c(3, 2) == pytest.approx(4 / 9, rel=1e-12)
    assert erlang_c(10, 10) == 1.0 and service_level(9, 10, 180, 20) == 0.0
    assert erlang_c(5, 0) == 0.0


def test_high_load_stays_exact_and_monotone():
    # Factorials of 1,000 overflow floats; the recurrence does not.
    values = [erlang_c(n, 950) for n in range(951, 1010)]
    assert all(0 < v < 1 for v in values)
    assert values == sorted(values, reverse=True)


def test_required_agents_with_shrinkage():
    need = required_agents(contacts=100, interval_seconds=1800, aht_seconds=180, target_level=0.8,
                           target_seconds=20, shrinkage=0.3)
    assert (need["agents"], need["scheduled"]) == (14, 20)
    assert required_agents(contacts=0, interval_seconds=1800, aht_seconds=180)["agents"] == 0
    with pytest.raises(ValueError):
        required_agents(contacts=10, interval_seconds=1800, aht_seconds=180, shrinkage=1)


def test_shift_plan_covers_service_hours_within_40_hours():
    shifts = []
    for day in range(7):
        early, late = ("a", "b") if day < 4 else ("c", "d")
        shifts += [Shift(early, day, time(8), time(15)), Shift(late, day, time(15), time(22))]
    result = plan_check(shifts)
    assert result["ok"], result
    assert result["hours"] == {"a": 28, "b": 28, "c": 21, "d": 21}


def test_shift_plan_reports_gaps_overtime_and_shortfall():
    shifts = [Shift("a", day, time(8), time(18)) for day in range(5)]  # 50 h, nobody after 18:00 or at weekends
    result = plan_check(shifts, required={(0, 20): 2})  # Monday 10:00 needs two
    assert not result["ok"] and result["over_hours"] == {"a": 50}
    gaps = {(g["weekday"], g["slot"]) for g in result["gaps"]}
    assert (0, 20) in gaps and (0, 36) in gaps and (5, 16) in gaps and (0, 19) not in gaps
