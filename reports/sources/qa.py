"""Figures from QA (质检), read through `qa.selectors`: the month's average score and
fatal-error count over the evaluations that count."""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, Q

from qa.selectors import counted_evaluations


def month_figures(month: date) -> dict:
    row = counted_evaluations(month).aggregate(average=Avg("score"), count=Count("id"),
                                               fatal=Count("id", filter=Q(fatal=True)))
    return {"average": round(row["average"], 2) if row["average"] is not None else None,
            "evaluations": row["count"], "fatal": row["fatal"]}
