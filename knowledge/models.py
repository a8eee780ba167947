"""The knowledge base (智能导航知识库): articles agents look up while they handle a
ticket, and the record of which article helped on which ticket (its uses rank it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import Category, Ticket


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    """`body` is the author's text in a small Markdown subset (`knowledge.markup`),
    rendered and escaped on the server; raw HTML in it is shown as text."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="knowledge_articles")
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), blank=True,
                                        related_name="knowledge_articles")
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"), db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # How many (article, ticket, agent) uses there are: kept by `article_mark_used`
    # (one increment per new ArticleUse row), read by the rankings.
    use_count = models.PositiveIntegerField(_("uses"), default=0, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-use_count"], name="knowledge_status_uses")]
        # On PostgreSQL, migration 0002 adds GIN trigram indexes on title and body.

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class ArticleUse(models.Model):
    """An agent used this article on this ticket: once per (article, ticket, agent)."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="uses")
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE,
                               related_name="knowledge_uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="knowledge_uses")
    at = models.DateTimeField(_("used at"), db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("article use")
        verbose_name_plural = _("article uses")
        constraints = [
            models.UniqueConstraint(fields=["article", "ticket", "user"], name="knowledge_use_once_per_agent"),
        ]

    def __str__(self):
        return f"{self.article} · {self.ticket.number}"
