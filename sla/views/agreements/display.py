"""What the agreement pages show, prepared for the templates: section numbers in the
reader's language, service hours in words, indicator rows with their overrides, and
the signature block. No business rules here."""

from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tickets.display import person_name

from ...kernel_calendars import weekly_from_json
from ...models.agreements import AgreementStatus
from ...selectors.agreements import calendar_version_for

# The sections of the printed agreement, in order (the template gives each its heading).
SECTION_KEYS = ("parties", "purpose", "scope", "hours", "content", "indicators", "prerequisites", "reporting",
                "duties", "penalties", "period", "signatures")
_CN_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (enough for an agreement's sections)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def section_numbers() -> dict[str, str]:
    """{"parties": "一、", …} in Chinese, {"parties": "1. ", …} otherwise."""
    chinese = (get_language() or "").startswith("zh")
    return {key: (f"{chinese_numeral(i)}、" if chinese else f"{i}. ") for i, key in enumerate(SECTION_KEYS, 1)}


def _weekday_names() -> list[str]:
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


def hours_in_words(weekly: dict) -> list[str]:
    """Weekly hours as sentences, consecutive days with the same hours grouped:
    ["Monday – Friday: 09:00–12:00, 13:30–18:00", "Saturday – Sunday: closed"]."""
    hours = weekly_from_json(weekly)
    names = _weekday_names()
    groups: list[tuple[int, int, tuple]] = []
    for day in range(7):
        windows = tuple(tuple(w) for w in hours.get(day, []))
        if groups and groups[-1][2] == windows:
            groups[-1] = (groups[-1][0], day, windows)
        else:
            groups.append((day, day, windows))
    lines = []
    for first, last, windows in groups:
        days = names[first] if first == last else f"{names[first]} – {names[last]}"
        text = ", ".join(f"{a}–{b}" for a, b in windows) if windows else _("closed")
        lines.append(f"{days}: {text}")
    return lines


def service_hours(version, on: date) -> dict:
    calendar_version = calendar_version_for(version, on)
    return {
        "calendar": version.calendar,
        "lines": hours_in_words(calendar_version.weekly) if calendar_version else [],
        "holidays": bool(version.calendar and version.calendar.observes_statutory_holidays),
    }


def indicator_rows(version) -> list[dict]:
    return [{"indicator": i, "overrides": list(i.overrides.all())} for i in version.indicators.all()]


def signature_rows(version) -> list[dict]:
    return [{"department": s.department, "signer": person_name(s.signer), "signed_at": s.signed_at}
            for s in version.signatures.all()]


def signature_block(version, parties: list) -> list[dict]:
    """One entry per party, signed or not, in party order (A first, then B)."""
    signed = {s.department_id: s for s in version.signatures.all()}
    provider_id = version.provider_id
    return [
        {"department": d, "party": _("Party B") if d.pk == provider_id else _("Party A"), "signature": signed.get(d.pk),
         "signer": person_name(signed[d.pk].signer) if d.pk in signed else ""}
        for d in parties
    ]


def _action_labels() -> dict:
    return {
        "create": _("Draft created"), "update": _("Draft edited"), "submit": _("Submitted for signatures"),
        "recall": _("Recalled to draft"), "activate": _("Activated"), "expire": _("Expired"),
        "supersede": _("Superseded"), "terminate": _("Terminated"), "sign": _("Signed"),
        "amend": _("Amendment drafted"), "service_item_add": _("Service item added"),
        "service_item_remove": _("Service item removed"), "indicator_add": _("Indicator added"),
        "indicator_remove": _("Indicator removed"), "penalty_add": _("Penalty clause added"),
        "penalty_remove": _("Penalty clause removed"), "override_add": _("Period target agreed"),
    }


def event_rows(events) -> list[dict]:
    labels = _action_labels()
    statuses = dict(AgreementStatus.choices)
    return [{"at": e.at, "actor": person_name(e.actor) or _("system"), "action": labels.get(e.action, e.action),
             "to_status": statuses.get(e.to_status, ""), "reason": e.reason} for e in events]


STATUS_BADGES = {
    "draft": "st-new",
    "awaiting_signatures": "st-waiting_department",
    "active": "st-in_progress",
    "expired": "st-closed",
    "terminated": "st-closed",
    "superseded": "st-resolved",
}


def status_badge(version) -> str:
    return STATUS_BADGES.get(version.status, "")
