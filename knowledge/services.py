"""Every write of the knowledge base. Keyword arguments, an `actor`; the rules live
here (forms and serializers only check shapes). Refusals are `DomainError`s."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from tickets.selectors import ticket_scope
from tickets.services import ticket_event_record

from .models import Article, ArticleStatus, ArticleUse, Tag
from .permissions import can_edit_articles, can_mark_used

USED_EVENT = "knowledge.article_used"
MAX_TAGS = 10
MAX_BODY = 20_000


def _forbidden(message):
    return DomainError(message, code="forbidden", status=403)


def clean_tags(names) -> list[str]:
    """Tag names: trimmed, unique, at most MAX_TAGS of at most 30 characters."""
    if isinstance(names, str):
        names = names.replace("，", ",").split(",")
    cleaned = list(dict.fromkeys(name.strip() for name in names or [] if name and name.strip()))
    if len(cleaned) > MAX_TAGS:
        raise DomainError(_("At most %(count)d tags.") % {"count": MAX_TAGS}, field="tags")
    if any(len(name) > 30 for name in cleaned):
        raise DomainError(_("A tag has at most 30 characters."), field="tags")
    return cleaned


def _check(*, title: str, body: str, status: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise DomainError(_("An article needs a title."), field="title")
    if len(title) > 200:
        raise DomainError(_("A title has at most 200 characters."), field="title")
    if not body:
        raise DomainError(_("An article needs a body."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("A body has at most %(count)d characters.") % {"count": MAX_BODY}, field="body")
    if status not in ArticleStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    return title, body


def _set_links(article: Article, *, categories, tags: list[str]) -> None:
    article.categories.set(categories)
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=tags)}
    missing = [Tag(name=name) for name in tags if name not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=tags)}
    article.tags.set(existing.values())


@transaction.atomic
def article_create(*, actor, title: str, body: str, status: str = ArticleStatus.DRAFT, categories=(),
                   tags=(), now=None) -> Article:
    """A new article by an editor (team lead, QA specialist, manager, admin)."""
    if not can_edit_articles(actor):
        raise _forbidden(_("Only team leads, QA specialists and managers write articles."))
    now = now or timezone.now()
    title, body = _check(title=title, body=body, status=status)
    tags = clean_tags(tags)
    article = Article.objects.create(
        title=title, body=body, status=status, author=actor, created_at=now, updated_at=now,
        published_at=now if status == ArticleStatus.PUBLISHED else None)
    _set_links(article, categories=categories, tags=tags)
    return article


@transaction.atomic
def article_update(*, actor, article: Article, title: str, body: str, status: str, categories=(), tags=(),
                   now=None) -> Article:
    """Change an article (editors). `published_at` keeps the first publication."""
    if not can_edit_articles(actor):
        raise _forbidden(_("Only team leads, QA specialists and managers write articles."))
    now = now or timezone.now()
    title, body = _check(title=title, body=body, status=status)
    tags = clean_tags(tags)
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.title, article.body, article.status, article.updated_at = title, body, status, now
    if status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = now
    article.save(update_fields=["title", "body", "status", "updated_at", "published_at"])
    _set_links(article, categories=categories, tags=tags)
    return article


def article_mark_used(*, actor, article: Article, ticket, now=None) -> tuple[ArticleUse, bool]:
    """The agent used this article on this ticket: one ArticleUse per (article,
    ticket, agent), the article's use count +1 and a `knowledge.article_used` event on
    the ticket — the first time only; a repeat returns the existing use
    (`created` False) and changes nothing."""
    if not can_mark_used(actor):
        raise _forbidden(_("Only those who work tickets mark articles as used."))
    if not ticket_scope(actor).filter(pk=ticket.pk).exists():
        raise DomainError(_("Ticket not found."), code="not_found", status=404)
    if article.status != ArticleStatus.PUBLISHED:
        raise Conflict(_("Only a published article can be marked as used."), code="not_published")
    now = now or timezone.now()
    existing = ArticleUse.objects.filter(article=article, ticket=ticket, user=actor).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            use = ArticleUse.objects.create(article=article, ticket=ticket, user=actor, at=now)
            Article.objects.filter(pk=article.pk).update(use_count=F("use_count") + 1)
            ticket_event_record(ticket=ticket, kind=USED_EVENT, actor=actor, at=now,
                                data={"article": article.pk, "title": article.title[:200]})
    except IntegrityError:  # the same agent's concurrent click won the race
        return ArticleUse.objects.get(article=article, ticket=ticket, user=actor), False
    return use, True
