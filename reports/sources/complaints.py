"""Figures from the complaint loop (FCR, CSAT, major incidents). They are wired to
`complaints.selectors` once that app publishes them; until then each figure is
reported as not measured, with the reason, and no violation is derived from it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import Figure, PeriodContext


def _unavailable(name: str) -> Figure:
    return Figure(actual=None, note=_("Not measured: the complaint loop does not publish %(figure)s yet.")
                  % {"figure": name})


def fcr(ctx: PeriodContext) -> Figure:
    return _unavailable("FCR")


def csat(ctx: PeriodContext) -> Figure:
    return _unavailable("CSAT")


def major_incidents(ctx: PeriodContext) -> Figure:
    return _unavailable(_("major incidents"))
