"""Exact Erlang C (M/M/N queue), without factorials or approximations: the Erlang B
recurrence B(0)=1, B(n) = A·B(n-1) / (n + A·B(n-1)) is numerically stable at any load,
and C(N, A) = N·B / (N − A·(1 − B)) for N > A (a queue that never drains, N ≤ A,
waits with certainty). Pure functions: no ORM, no clock."""

from __future__ import annotations

import math


def erlang_b(agents: int, traffic: float) -> float:
    if agents < 0 or traffic < 0:
        raise ValueError("agents and traffic must not be negative")
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return b


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a contact waits (P_w) with `agents` servers and `traffic` Erlangs."""
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = erlang_b(agents, traffic)
    return agents * b / (agents - traffic * (1 - b))


def service_level(agents: int, traffic: float, aht_seconds: float, target_seconds: float) -> float:
    """Share of contacts answered within `target_seconds`."""
    if traffic == 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    return 1.0 - erlang_c(agents, traffic) * math.exp(-(agents - traffic) * target_seconds / aht_seconds)


def average_speed_of_answer(agents: int, traffic: float, aht_seconds: float) -> float:
    if agents <= traffic:
        return math.inf
    return erlang_c(agents, traffic) * aht_seconds / (agents - traffic)


def required_agents(*, contacts: float, interval_seconds: float, aht_seconds: float, target_level: float = 0.8,
                    target_seconds: float = 20, shrinkage: float = 0.0, max_agents: int = 10000) -> dict:
    """Agents needed in one interval for the target service level, before and after shrinkage."""
    if contacts < 0 or interval_seconds <= 0 or aht_seconds <= 0 or not 0 <= shrinkage < 1:
        raise ValueError("invalid staffing input")
    traffic = contacts * aht_seconds / interval_seconds
    agents = max(1, math.floor(traffic) + 1) if contacts else 0
    while agents and service_level(agents, traffic, aht_seconds, target_seconds) < target_level:
        agents += 1
        if agents > max_agents:
            raise ValueError("target service level needs more than max_agents")
    return {
        "traffic": traffic,
        "agents": agents,
        "scheduled": math.ceil(agents / (1 - shrinkage)) if agents else 0,
        "service_level": service_level(agents, traffic, aht_seconds, target_seconds) if agents else 1.0,
        "wait_probability": erlang_c(agents, traffic) if agents else 0.0,
    }
