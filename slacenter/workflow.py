"""Shared state-machine machinery: every workflow in slacenter is a transition table
(data) plus one transition service that calls `transition_apply`.

An app's `workflow.py` declares its table:

    TABLE = TransitionTable(
        (
            Transition("submit", {S.DRAFT}, S.SUBMITTED, _("Submit")),
            Transition("dispute", {S.SUBMITTED}, S.DISPUTED, _("Dispute"), reason_required=True),
            Transition("expire", {S.SUBMITTED}, S.FINAL, _("Expire"), manual=False),
        ),
        stamp_on_enter={S.SUBMITTED: "submitted_at"},
        clear_on={"reopen": ("resolved_at",)},
    )

and its service (the only code that writes that status) checks who may ask, then

    instance, move, old = transition_apply(instance=obj, table=TABLE, action=action,
                                           reason=reason, now=now, system=system)

and writes its own event or audit row. `transition_apply` locks the row, refuses a
move the table does not list (409 with the allowed actions), a non-manual move asked
by a person, or a missing reason, then sets the status and timestamps and saves.

`manual` moves are offered to people (buttons, command endpoints); the others are made
by services only (`system=True`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .errors import Conflict, DomainError


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    label: str
    manual: bool = True
    reason_required: bool = False

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


@dataclass(frozen=True)
class TransitionTable:
    transitions: tuple[Transition, ...]
    # Timestamp field set when a move enters a status (e.g. {"resolved": "resolved_at"}).
    stamp_on_enter: dict = field(default_factory=dict)
    # Fields cleared by an action (e.g. {"reopen": ("resolved_at", "closed_at")}).
    clear_on: dict = field(default_factory=dict)

    def __init__(self, transitions: Iterable[Transition], *, stamp_on_enter=None, clear_on=None):
        transitions = tuple(transitions)
        actions = [t.action for t in transitions]
        if len(actions) != len(set(actions)):
            raise ValueError("each action appears once in a transition table")
        object.__setattr__(self, "transitions", transitions)
        object.__setattr__(self, "stamp_on_enter", dict(stamp_on_enter or {}))
        object.__setattr__(self, "clear_on", {k: tuple(v) for k, v in (clear_on or {}).items()})

    def get(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def allowed(self, status: str, *, manual_only: bool = True) -> list[Transition]:
        return [t for t in self.transitions if status in t.sources and (t.manual or not manual_only)]

    def statuses(self) -> set[str]:
        found = {t.target for t in self.transitions}
        for t in self.transitions:
            found |= t.sources
        return found

    def check(self, status: str, action: str, *, system: bool = False, status_display: str = "") -> Transition:
        """The move `action` from `status`, or `Conflict` (409) naming the allowed ones."""
        move = self.get(action)
        if move is None or status not in move.sources or (not move.manual and not system):
            raise Conflict(
                _("Cannot “%(action)s” from status “%(status)s”.")
                % {"action": move.label if move else action, "status": status_display or status},
                code="illegal_transition",
                status_now=status,
                allowed=[t.action for t in self.allowed(status)],
            )
        return move


def transition_apply(
    *, instance, table: TransitionTable, action: str, reason: str = "", now, system: bool = False,
    status_field: str = "status", changes: dict | None = None, before=None,
):
    """Lock `instance`'s row, check `action` against `table`, move it and save.

    Returns `(locked_instance, move, old_status)`; the caller records the event.
    Must run inside the caller's `transaction.atomic()`. `changes` are further fields
    the move itself sets (saved in the same UPDATE). `before(locked, move)` runs after
    the table check and before the change, under the lock; it may raise to refuse
    (e.g. the ticket's transition guards)."""
    model = type(instance)
    # NO KEY UPDATE: a status move never changes keys, so foreign-key checks of other
    # transactions (FOR KEY SHARE, e.g. the sweep inserting a breach) need not wait on it.
    locked = model._default_manager.select_for_update(no_key=True).get(pk=instance.pk)
    old_status = getattr(locked, status_field)
    display = getattr(locked, f"get_{status_field}_display", lambda: old_status)()
    move = table.check(old_status, action, system=system, status_display=str(display))
    if move.reason_required and not (reason or "").strip():
        raise DomainError(_("This move needs a reason."), field="reason", code="reason_required")
    if before is not None:
        before(locked, move)
    setattr(locked, status_field, move.target)
    fields = {status_field}
    for name in table.clear_on.get(action, ()):
        setattr(locked, name, None)
        fields.add(name)
    if stamp := table.stamp_on_enter.get(move.target):
        setattr(locked, stamp, now)
        fields.add(stamp)
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
        fields.add(name)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        locked.updated_at = now
        fields.add("updated_at")
    locked.save(update_fields=sorted(fields))
    return locked, move, old_status
