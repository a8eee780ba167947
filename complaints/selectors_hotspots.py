"""Hotspots (热点分析): what complaints are about in a period — categories, root causes,
responsible departments, tags — by count and by growth against the period before,
and the most frequent terms of the complaint texts (jieba word segmentation with a
stop-word list). Every figure starts from `complaint_scope(user)`, the complaint
list's own scope: a department head counts only what they may open.

Counts are SQL aggregates (one query per dimension, both periods at once); the terms
are counted in Python over the period's texts and cached per scope and period."""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import DomainError
from tickets.permissions import sees_whole_center

from .models import ComplaintTag, RootCause
from .selectors import complaint_scope

PERIODS = ("week", "month")
TOP = 10
TOP_TERMS = 30
# The terms of at most this many complaints are counted (a period's texts, newest first).
MAX_TEXTS = 20_000
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str  # "week" | "month"
    start: date  # first day (Monday of the week, 1st of the month)
    end: date  # first day after

    @property
    def previous(self) -> Period:
        return period_of(self.kind, self.start - timedelta(days=1))

    @property
    def next(self) -> Period:
        return period_of(self.kind, self.end)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        iso = self.start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware instants of the period in the site's time zone (Asia/Shanghai)."""
        zone = timezone.get_default_timezone()
        return (datetime.combine(self.start, time.min, tzinfo=zone), datetime.combine(self.end, time.min, tzinfo=zone))


def period_of(kind: str, day: date) -> Period:
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return Period(kind, start, end)


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_period(kind, raw, *, today: date) -> Period:
    """`kind` week|month (default month) and `raw` a day inside it (YYYY-MM-DD or
    YYYY-MM; default today). A period starting after today is refused (400)."""
    kind = (kind or "month").strip()
    if kind not in PERIODS:
        raise DomainError(_("period must be week or month."), field="period")
    raw = (raw or "").strip()[:20]
    if not raw:
        day = today
    else:
        try:
            day = date.fromisoformat(f"{raw}-01" if _MONTH.match(raw) else raw)
        except ValueError:
            raise DomainError(_("date must look like 2026-11-23 or 2026-11."), field="date") from None
    if day < EARLIEST:
        raise DomainError(_("date must look like 2026-11-23 or 2026-11."), field="date")
    period = period_of(kind, day)
    if period.start > today:
        raise DomainError(_("The period has not started yet."), field="date")
    return period


@dataclass
class HotspotRow:
    key: str  # what the complaint list filters by (an id or the tag itself)
    name: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def growth(self) -> float | None:
        """Relative growth in percent; None when the previous period had none."""
        if not self.previous:
            return None
        return round(100.0 * (self.current - self.previous) / self.previous, 1)


@dataclass
class Dimension:
    code: str  # category | root_cause | department | tag
    title: str
    filter_param: str
    rows: list[HotspotRow] = field(default_factory=list)  # by count this period
    risers: list[HotspotRow] = field(default_factory=list)  # by increase over the period before


def growth(current: int, previous: int) -> float | None:
    return HotspotRow("", "", current, previous).growth


def _rank(code, title, param, counts: dict, names: dict) -> Dimension:
    rows = [HotspotRow(str(k), names.get(k, str(k)), cur, prev) for k, (cur, prev) in counts.items()
            if k is not None and (cur or prev)]
    by_count = sorted((r for r in rows if r.current), key=lambda r: (-r.current, -r.change, r.name))[:TOP]
    risers = sorted((r for r in rows if r.change > 0), key=lambda r: (-r.change, -r.current, r.name))[:TOP]
    return Dimension(code, title, param, by_count, risers)


def _two_periods(qs, key: str, start, split, end) -> dict:
    rows = (qs.filter(created_at__gte=start, created_at__lt=end).order_by().values(key)
            .annotate(cur=Count("id", filter=Q(created_at__gte=split)),
                      prev=Count("id", filter=Q(created_at__lt=split))))
    return {r[key]: (r["cur"], r["prev"]) for r in rows}


def hotspots(user, period: Period) -> dict:
    """The four dimensions and the totals of `period` against the one before."""
    from tickets.models import Category, Department

    start, end = period.bounds()
    prev_start, _prev_end = period.previous.bounds()
    scope = complaint_scope(user)
    totals = (scope.filter(created_at__gte=prev_start, created_at__lt=end).order_by()
              .aggregate(cur=Count("id", filter=Q(created_at__gte=start)),
                         prev=Count("id", filter=Q(created_at__lt=start))))

    cats = _two_periods(scope, "ticket__category_id", prev_start, start, end)
    cat_names = {c.pk: str(c) for c in Category.objects.filter(pk__in=[k for k in cats if k])
                 .select_related("parent")}
    causes = _two_periods(scope, "finding__root_cause_id", prev_start, start, end)
    cause_names = {c.pk: c.display_name for c in RootCause.objects.filter(pk__in=[k for k in causes if k])}
    # The department answering for the complaint: its finding's, else the one that
    # usually fixes its category (a ticket's own responsible department is the center).
    depts = _two_periods(scope.annotate(answering_department=Coalesce(
        "finding__responsible_department_id", "ticket__category__default_department_id")),
        "answering_department", prev_start, start, end)
    dept_names = {d.pk: d.display_name for d in Department.objects.filter(pk__in=[k for k in depts if k])}
    tag_rows = (ComplaintTag.objects.filter(complaint__in=scope.order_by().values("pk"), created_at__gte=prev_start,
                                            created_at__lt=end)
                .order_by().values("value")
                .annotate(cur=Count("id", filter=Q(created_at__gte=start)),
                          prev=Count("id", filter=Q(created_at__lt=start))))
    tags = {r["value"]: (r["cur"], r["prev"]) for r in tag_rows}
    return {
        "period": period,
        "total": HotspotRow("", _("All complaints"), totals["cur"], totals["prev"]),
        "dimensions": [
            _rank("category", _("Categories"), "category", cats, cat_names),
            _rank("root_cause", _("Root causes"), "root_cause", causes, cause_names),
            _rank("department", _("Responsible departments"), "department", depts, dept_names),
            _rank("tag", _("Tags"), "tag", tags, {k: k for k in tags}),
        ],
    }


# --- Terms ------------------------------------------------------------------------------

STOPWORDS_FILE = Path(__file__).with_name("hotspot_stopwords.txt")
_lock = threading.Lock()
_state: dict = {}
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_ONLY_DIGITS = re.compile(r"^[\d.,:/\-]+$")


def stopwords() -> frozenset[str]:
    words = _state.get("stopwords")
    if words is None:
        text = STOPWORDS_FILE.read_text(encoding="utf-8")
        words = frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
        _state["stopwords"] = words
    return words


def _tokenizer():
    """jieba's dictionary takes a second or two to load: once per process, on first
    use, behind a lock (gunicorn threads may ask at the same time)."""
    tokenizer = _state.get("jieba")
    if tokenizer is None:
        with _lock:
            tokenizer = _state.get("jieba")
            if tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _state["jieba"] = tokenizer
    return tokenizer


def terms_of(texts) -> Counter:
    """Term → number of texts it appears in (a complaint repeating a word counts once).
    Words of one character, numbers, punctuation and stop words are left out."""
    tokenizer, stop = _tokenizer(), stopwords()
    counts: Counter = Counter()
    for text in texts:
        seen = set()
        for word in tokenizer.lcut(text or ""):
            word = word.strip().lower()
            if len(word) < 2 or word in stop or not _WORD.search(word) or _ONLY_DIGITS.match(word):
                continue
            seen.add(word)
        counts.update(seen)
    return counts


def _scope_key(user) -> str:
    # The center-wide roles share one scope; anyone else's scope is their own.
    return "center" if sees_whole_center(user) else f"user:{user.pk}"


def term_counts(user, period: Period, *, today: date | None = None) -> list[tuple[str, int]]:
    """The most frequent terms of the period's complaint texts (title, description,
    desired remedy), cached per scope, period and what the period holds (one
    aggregate query decides whether the cached counts still hold)."""
    today = today or timezone.localdate()
    start, end = period.bounds()
    complaints = complaint_scope(user).filter(created_at__gte=start, created_at__lt=end)
    # The key names what is counted (how many complaints, the last one, the last change),
    # so a complaint taken in, edited or newly visible is counted at once.
    seen = complaints.order_by().aggregate(n=Count("id"), last=Max("id"), changed=Max("ticket__updated_at"))
    changed = seen["changed"].timestamp() if seen["changed"] else 0
    key = (f"complaints:hotspot-terms:v2:{_scope_key(user)}:{period.kind}:{period.start.isoformat()}:"
           f"{seen['n']}:{seen['last']}:{changed}")
    cached = cache.get(key)
    if cached is not None:
        return [tuple(t) for t in cached]
    texts = (f"{t} {d} {r}" for t, d, r in complaints.order_by("-created_at")
             .values_list("ticket__title", "ticket__description", "desired_remedy")[:MAX_TEXTS])
    top = sorted(terms_of(texts).items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
    cache.set(key, top, 600 if period.end > today else 86_400)
    return top
