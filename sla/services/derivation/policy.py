"""Choosing the policy of a metric from the ticket's current attributes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyView:
    """The fields of an SlaPolicy the derivation reads (built by the ORM side)."""

    id: int
    revision: int
    metric: str
    criteria: dict  # kind, priority, tier, category, channel (None = any)
    rank: int
    target_minutes: int | None
    target_days: int | None
    end_of_day: bool
    pause_statuses: tuple
    warn_percent: int
    calendar_id: int | None
    rules: tuple  # ((rule_id, level, trigger, percent, offset_minutes), ...)

    @property
    def specificity(self) -> int:
        return sum(v is not None for v in self.criteria.values())


def select_policy(policies, metric: str, attrs: dict) -> PolicyView | None:
    """Most specific match, then higher rank, then lower id."""
    best, best_key = None, None
    for p in policies:
        if p.metric != metric:
            continue
        if any(want is not None and want != attrs.get(name) for name, want in p.criteria.items()):
            continue
        key = (-p.specificity, -p.rank, p.id)
        if best_key is None or key < best_key:
            best, best_key = p, key
    return best


def matched_on(policy: PolicyView, attrs: dict) -> dict:
    return {name: attrs.get(name) for name, want in policy.criteria.items() if want is not None}

