"""The department inbox's extension point: a *deadline provider* annotates the
inbox's transfers with their reply deadline and renders it on each card. The SLA
layer registers one in its `AppConfig.ready()`; `tickets` never imports it.

Contract: `annotate(queryset_of_transfers, now)` returns the queryset with
`reply_due_at` (an aware datetime, or None when no deadline runs); `template`
renders one card's deadline with `transfer` (annotated) and `request` in context.
Without a provider the inbox shows no deadline, sorts oldest first, and the
"overdue" filter finds nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DeadlineProvider:
    annotate: Callable
    template: str


_provider: DeadlineProvider | None = None


def register_deadline_provider(provider: DeadlineProvider) -> None:
    global _provider  # noqa: PLW0603 - one provider, set once at start-up
    _provider = provider


def deadline_provider() -> DeadlineProvider | None:
    return _provider
