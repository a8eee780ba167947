"""`{% sla_badge ticket %}` for queue rows annotated by the SLA queue column."""

from django import template
from django.utils import timezone

from sla.views.clocks.display import CalendarCache, badge

register = template.Library()


def _memo(context):
    # One calendar cache and one `now` per render, shared by every row.
    # (Each include gets a fresh render_context, so the memo lives on the request.)
    holder = context.get("request") or context.render_context
    memo = getattr(holder, "_sla_badge_memo", None) if holder is not context.render_context else None
    if memo is None:
        memo = (CalendarCache(), timezone.now())
        if holder is not context.render_context:
            holder._sla_badge_memo = memo
    return memo


@register.simple_tag(takes_context=True)
def sla_transfer_deadline(context, transfer):
    """{due, badge} of a transfer annotated by `annotate_inbox`, or None without a deadline."""
    due = getattr(transfer, "reply_due_at", None)
    if due is None:
        return None
    cache, now = _memo(context)
    state = getattr(transfer, "reply_state", None)
    return {"due": due, "badge": {"ref": f"c:{transfer.reply_clock_id}", **badge(
        state=state, due_at=due, warn_at=getattr(transfer, "reply_warn_at", None),
        calendar_id=getattr(transfer, "reply_calendar_id", None), paused=state == "paused", any_clock=True,
        now=now, cache=cache,
    )}}


@register.inclusion_tag("sla/clocks/_badge.html", takes_context=True)
def sla_badge(context, ticket):
    cache, now = _memo(context)
    return {"badge": {"ref": f"t:{ticket.pk}", **badge(
        state=getattr(ticket, "sla_next_state", None), due_at=getattr(ticket, "sla_next_due", None),
        warn_at=getattr(ticket, "sla_next_warn", None), calendar_id=getattr(ticket, "sla_calendar_id", None),
        paused=getattr(ticket, "sla_any_paused", False), any_clock=getattr(ticket, "sla_any_clock", False),
        now=now, cache=cache,
    )}}
