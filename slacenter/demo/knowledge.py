"""Demo knowledge base: 30 Chinese articles (refunds, logistics delays, damaged goods,
invoices, account security, membership, returns policy, 12315 escalation, …) by the
editors (lead, QA, manager) across the demo categories, three of them drafts; then a
few uses by agents on their own demo tickets through `article_mark_used` (so each has
its ticket event). Articles, their links and tags go in with bulk_create; idempotent
(a second run finds the first article and stops)."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from knowledge.models import Article, ArticleStatus, Tag
from knowledge.services import article_mark_used
from tickets.models import Category, Role, Ticket

from .knowledge_articles import ARTICLES, USES

EDITORS = ("lead1", "qa1", "manager1")


def _articles(now, editors: list) -> list[Article]:
    rows = []
    for index, (title, _codes, _tags, status, body) in enumerate(ARTICLES):
        updated = now - timedelta(days=len(ARTICLES) - index, hours=index % 7)
        rows.append(Article(
            title=title, body=body.strip(), status=status, author=editors[index % len(editors)],
            created_at=updated - timedelta(days=20), updated_at=updated,
            published_at=updated if status == ArticleStatus.PUBLISHED else None))
    return Article.objects.bulk_create(rows)


def _links(articles: list[Article]) -> None:
    categories = dict(Category.objects.values_list("code", "pk"))
    names = sorted({tag for row in ARTICLES for tag in row[2]})
    Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    tags = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    category_links, tag_links = [], []
    for article, (_title, codes, tag_names, _status, _body) in zip(articles, ARTICLES, strict=True):
        category_links += [Article.categories.through(article_id=article.pk, category_id=categories[code])
                           for code in codes if code in categories]
        tag_links += [Article.tags.through(article_id=article.pk, tag_id=tags[name]) for name in tag_names]
    Article.categories.through.objects.bulk_create(category_links)
    Article.tags.through.objects.bulk_create(tag_links)


def _uses(now, articles: list[Article]) -> int:
    """Agents mark articles as used on demo tickets assigned to them (of the article's
    category where there is one), a few hours to a few days ago."""
    made = 0
    tickets = list(Ticket.objects.filter(assignee__profile__role=Role.AGENT, created_at__lt=now - timedelta(days=3))
                   .select_related("assignee").order_by("-created_at")[:300])
    if not tickets:
        return 0
    for index, count in USES:
        article = articles[index]
        wanted = set(article.categories.values_list("pk", flat=True))
        candidates = [t for t in tickets if t.category_id in wanted] or tickets
        for n in range(count):
            ticket = candidates[(index + n * 7) % len(candidates)]
            _use, created = article_mark_used(actor=ticket.assignee, article=article, ticket=ticket,
                                              now=now - timedelta(hours=6 + 13 * n + index))
            made += created
    return made


def run(ctx) -> None:
    if Article.objects.filter(title=ARTICLES[0][0]).exists():
        return
    users = ctx.data.get("users") or {}
    User = get_user_model()  # noqa: N806 - a class
    editors = [users.get(name) or User.objects.get(username=name) for name in EDITORS]
    articles = _articles(ctx.now, editors)
    _links(articles)
    made = _uses(ctx.now, articles)
    drafts = sum(1 for row in ARTICLES if row[3] == ArticleStatus.DRAFT)
    print(f"  knowledge base: {len(articles)} articles ({drafts} drafts), {made} uses")
