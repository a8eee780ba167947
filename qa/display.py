"""Words for the codes stored in breakdowns and answers (translated at display)."""

from django.utils.translation import gettext_lazy as _

LINE_LABELS = {
    "qa": _("QA average"),
    "productivity": _("Productivity (handled vs team median)"),
    "satisfaction": _("Customer satisfaction"),
    "test": _("Business test"),
    "attendance": _("Attendance"),
    "weighted": _("Weighted total"),
    "praise": _("Praise bonus"),
    "fatal_penalty": _("Fatal error penalty"),
    "score": _("Performance score"),
    "band": _("Pay band and pay"),
    "base_pay": _("Base performance pay"),
    "deduct_fatal_error": _("Deduction: fatal errors"),
    "deduct_low_score": _("Deduction: low-scored evaluations"),
    "deduct_absence": _("Deduction: absences"),
    "deduct_late_arrival": _("Deduction: late arrivals"),
    "deduction_cap": _("Deductions above the base pay (not taken)"),
    "award_qa_average": _("Award: best QA average"),
    "award_handled": _("Award: most contacts handled"),
    "award_satisfaction": _("Award: best satisfaction"),
    "award_test_score": _("Award: best business test"),
    "pay": _("Performance pay"),
}


NOTES = {
    "missing: weight left out": _("missing: weight left out"),
    "clamped to 0-100": _("clamped to 0-100"),
    "at most the base pay": _("at most the base pay"),
}


def note_text(note: str) -> str:
    """A breakdown note in the page language: the fixed ones translated, the formulas
    ("base 1000 × 1.2", "pool 440 × 0.5 ÷ 1") with their words translated."""
    if note in NOTES:
        return str(NOTES[note])
    if note.startswith("base "):
        return f"{_('base')} {note[5:]}"
    if note.startswith("pool "):
        return f"{_('pool')} {note[5:]}"
    return note


def line_label(key: str):
    return LINE_LABELS.get(key, key)


def localized(entry: dict, field: str = "name") -> str:
    """A definition entry's name in the page language (name_en on English pages)."""
    from django.utils.translation import get_language

    if (get_language() or "").startswith("en") and entry.get(f"{field}_en"):
        return entry[f"{field}_en"]
    return entry.get(field) or entry.get("key", "")
