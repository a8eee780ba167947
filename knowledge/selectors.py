"""Reads of the knowledge base, every one from `article_scope(user)`.

Search hides the database vendor (`article_search`): on PostgreSQL, pg_trgm's
`word_similarity` (trigrams work on Chinese, which has no spaces for a full-text
parser to split on) plus the term hits; elsewhere (SQLite) a portable fallback that
counts the query's terms found in the title (worth 2) and the body (worth 1).
A query's terms are its words and, for a run of Chinese characters, its overlapping
two-character pieces (“退款多久到账” → 退款, 款多, 多久, 久到, 到账), so a Chinese
question finds articles that use its words in another order."""

import re
from datetime import datetime

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Left
from django.shortcuts import get_object_or_404

from tickets.selectors import ticket_scope

from .models import Article, ArticleStatus, ArticleUse, Tag
from .permissions import can_edit_articles, can_read_knowledge

MAX_QUERY = 100  # characters of a query that are searched
MAX_TERMS = 16
# A match below these is noise (PostgreSQL path): word_similarity of the query.
MIN_SIMILARITY = 0.3
# The body's similarity is read over its beginning only (its cost grows with the text;
# the term hits still look at the whole body), and for the CANDIDATES best rows by the
# cheaper scores only: a search answers at most that many articles on PostgreSQL.
SIMILAR_BODY = 1000
CANDIDATES = 200
_SEPARATORS = re.compile(r"[\s\u3000,，.。;；:：!！?？、/\\|()（）\[\]【】{}\"'“”‘’<>《》~～·…_+=*&^%$#@-]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD_RUN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def article_scope(user) -> QuerySet[Article]:
    """Published articles for every staff user; drafts for editors and their author;
    nothing for anyone else."""
    qs = Article.objects.all()
    if not can_read_knowledge(user):
        return qs.none()
    if can_edit_articles(user):
        return qs
    return qs.filter(Q(status=ArticleStatus.PUBLISHED) | Q(author=user))


def article_list(user) -> QuerySet[Article]:
    return article_scope(user).select_related("author").prefetch_related(
        "categories__parent", Prefetch("tags", queryset=Tag.objects.order_by("name")))


def article_get(user, pk) -> Article:
    return get_object_or_404(article_list(user), pk=pk)


def tag_list() -> QuerySet[Tag]:
    return Tag.objects.order_by("name")


def search_terms(query: str) -> list[str]:
    """The terms of a query: its words, and the two-character pieces of each run of
    Chinese characters longer than two. Lower-cased, unique, at most MAX_TERMS."""
    terms: list[str] = []
    for part in _SEPARATORS.split((query or "")[:MAX_QUERY].lower()):
        if not part:
            continue
        terms.append(part)
        for run in _CJK_RUN.findall(part):
            if len(run) > 2:
                terms.extend(run[i : i + 2] for i in range(len(run) - 1))
            elif run != part:
                terms.append(run)
        terms.extend(word for word in _WORD_RUN.findall(part) if len(word) > 1 and word != part)
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def _hits(terms: list[str]):
    """Term hits: 2 per term in the title, 1 per term in the body (0 … 3·len(terms)).
    A term without letters that have a case (Chinese, digits) is matched with a plain
    LIKE: PostgreSQL's icontains upper-cases the whole body of every row first, about
    four times the cost."""
    expression = Value(0)
    for term in terms:
        lookup = "contains" if term.upper() == term else "icontains"
        expression += Case(When(**{f"title__{lookup}": term}, then=Value(2)), default=Value(0))
        expression += Case(When(**{f"body__{lookup}": term}, then=Value(1)), default=Value(0))
    return Cast(expression, IntegerField())


def _is_postgresql(qs: QuerySet) -> bool:
    return connections[qs.db].vendor == "postgresql"


def search_portable(qs: QuerySet[Article], terms: list[str]) -> QuerySet[Article]:
    """The fallback on any database: articles with at least one term, `relevance` =
    the term hits."""
    if not terms:
        return qs.annotate(relevance=Value(0.0, output_field=FloatField())).none()
    return qs.annotate(hits=_hits(terms)).annotate(relevance=Cast("hits", FloatField())).filter(hits__gt=0)


def _rank_postgresql(qs: QuerySet[Article], text: str, terms: list[str], leading=()) -> QuerySet[Article]:
    """Ranking in two stages (PostgreSQL): the rows of `qs` (annotated with
    `title_similarity` and `hits`) are first ordered by those cheap scores; only the
    CANDIDATES best get the body's similarity to `text` (its trigrams cost about a third
    of a millisecond a row) and `relevance` = 2·title + body + hits scaled to 0…1."""
    hits_scale = Value(3.0 * max(len(terms), 1))
    cheap = qs.annotate(cheap=Value(2.0) * F("title_similarity") + Cast("hits", FloatField()) / hits_scale)
    best = cheap.order_by(*leading, "-cheap", "-use_count", "-id").values("pk")[:CANDIDATES]
    return qs.filter(pk__in=best).annotate(
        body_similarity=TrigramWordSimilarity(text, Left("body", SIMILAR_BODY)),
        relevance=Value(2.0) * F("title_similarity") + F("body_similarity") + Cast("hits", FloatField()) / hits_scale,
    )


def search_postgresql(qs: QuerySet[Article], query: str, terms: list[str]) -> QuerySet[Article]:
    """pg_trgm: `relevance` = 2·word_similarity(query, title) + word_similarity(query,
    beginning of the body) + the term hits scaled to 0…1, over the CANDIDATES best
    matches. A row counts when a term is found or the title's similarity reaches
    MIN_SIMILARITY (a near miss, e.g. a typo). A shared Chinese trigram holds two of the
    query's two-character terms, so leaving the body's similarity out of the filter
    loses no Chinese match (beyond the first MAX_TERMS terms of a long query)."""
    query = (query or "").strip()[:MAX_QUERY]
    if not query or not terms:
        return qs.annotate(relevance=Value(0.0, output_field=FloatField())).none()
    qs = qs.annotate(title_similarity=TrigramWordSimilarity(query, "title"), hits=_hits(terms))
    return _rank_postgresql(qs.filter(Q(hits__gt=0) | Q(title_similarity__gte=MIN_SIMILARITY)), query, terms)


def article_search(qs: QuerySet[Article], query: str) -> QuerySet[Article]:
    """THE search: the articles of `qs` matching `query`, annotated with `relevance`
    (higher is better), in no particular order (the caller sorts)."""
    terms = search_terms(query)
    if _is_postgresql(qs):
        return search_postgresql(qs, query, terms)
    return search_portable(qs, terms)


SORTS = {
    "relevance": ("-relevance", "-use_count", "-updated_at", "-id"),
    "usage": ("-use_count", "-updated_at", "-id"),
    "updated": ("-updated_at", "-id"),
}


def article_browse(user, *, query: str = "", category_id: int | None = None, tag: str = "", status: str = "",
                   sort: str = "") -> QuerySet[Article]:
    """The list page and the API list: filters, search and a sort from SORTS (relevance
    only with a query; without one, most recently updated first)."""
    qs = article_list(user)
    # Filters through the link tables (ids IN …): no duplicate rows from the joins.
    if category_id is not None:
        links = Article.categories.through.objects.filter(Q(category_id=category_id)
                                                          | Q(category__parent_id=category_id))
        qs = qs.filter(pk__in=links.values("article_id"))
    if tag:
        qs = qs.filter(pk__in=Article.tags.through.objects.filter(tag__name=tag).values("article_id"))
    if status:
        qs = qs.filter(status=status)
    if query.strip():
        qs = article_search(qs, query)
    elif sort == "relevance":
        sort = "updated"
    return qs.order_by(*SORTS.get(sort or ("relevance" if query.strip() else "updated"), SORTS["updated"]))


def ticket_suggestions(user, ticket, *, limit: int = 5) -> list[Article]:
    """Published articles for a ticket the user sees: the ticket's own category first
    (then its parent's or its children's), then text similarity to the ticket's title,
    then usage. An article with neither a category link nor a text match is not
    suggested."""
    if not can_read_knowledge(user) or not ticket_scope(user).filter(pk=ticket.pk).exists():
        return []
    through = Article.categories.through.objects.filter(article_id=OuterRef("pk"))
    category = ticket.category
    family = [c for c in (category.parent_id,) if c] + list(category.children.values_list("pk", flat=True))
    qs = article_scope(user).filter(status=ArticleStatus.PUBLISHED).annotate(
        category_rank=Case(
            When(Exists(through.filter(category_id=category.pk)), then=Value(2)),
            When(Exists(through.filter(category_id__in=family or [0])), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    terms = search_terms(ticket.title)
    if _is_postgresql(qs):
        # The ticket's title against each article's title (both short: the long
        # ticket text as an argument costs its trigrams once per row).
        title = ticket.title[:MAX_QUERY]
        qs = qs.annotate(title_similarity=TrigramWordSimilarity(title, "title"), hits=_hits(terms))
        qs = qs.filter(Q(title_similarity__gte=MIN_SIMILARITY) | Q(hits__gt=0) | Q(category_rank__gt=0))
        qs = _rank_postgresql(qs, title, terms, leading=("-category_rank",))
    else:
        qs = qs.annotate(hits=_hits(terms)).annotate(relevance=Cast("hits", FloatField()))
        qs = qs.filter(Q(hits__gt=0) | Q(category_rank__gt=0))
    return list(qs.select_related("author").order_by("-category_rank", "-relevance", "-use_count", "-id")[:limit])


def used_on_ticket(user, ticket) -> set[int]:
    """Ids of the articles this user has marked as used on this ticket."""
    return set(ArticleUse.objects.filter(ticket=ticket, user=user).values_list("article_id", flat=True))


def usage_ranking(user, *, start: datetime, end: datetime, limit: int = 20) -> list[Article]:
    """The user's visible articles by uses in [start, end) (`period_uses`), most first."""
    in_period = Q(uses__at__gte=start, uses__at__lt=end)
    return list(
        article_scope(user)
        .annotate(period_uses=Count("uses", filter=in_period))
        .filter(period_uses__gt=0)
        .select_related("author")
        .order_by("-period_uses", "-use_count", "title", "id")[:limit]
    )


def article_recent_uses(user, article, *, limit: int = 10) -> QuerySet[ArticleUse]:
    """The latest uses of an article on tickets the user may see (no hidden ticket
    numbers leak through an article page)."""
    return (ArticleUse.objects.filter(article=article, ticket__in=ticket_scope(user).values("pk"))
            .select_related("ticket", "user").order_by("-at", "-id")[:limit])
