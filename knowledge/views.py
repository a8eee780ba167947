"""Knowledge base pages: the list with search and filters, an article, the editors'
create/edit form, the usage ranking, and the "mark as used" post of the ticket
panel. Reads through `knowledge.selectors`, writes through `knowledge.services`."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slacenter.errors import DomainError
from slacenter.inputs import parse_int
from tickets.models import Category
from tickets.selectors import category_list, ticket_get
from tickets.views.common import edge_now, form_error, safe_next

from . import selectors, services
from .forms import ArticleForm
from .markup import plain_text
from .markup import render as render_body
from .models import ArticleStatus
from .permissions import can_edit_articles, can_mark_used, can_read_knowledge

PAGE_SIZE = 20
PERIODS = (7, 30, 90, 365)  # days of the usage ranking


def _reader(request):
    if not can_read_knowledge(request.user):
        raise Http404
    return request.user


def _editor(request):
    if not can_edit_articles(request.user):
        raise Http404
    return request.user


@login_required
def article_list(request):
    user = _reader(request)
    query = (request.GET.get("q") or "").strip()[: selectors.MAX_QUERY]
    category_id = parse_int(request.GET.get("category"), min_value=1, max_value=2**31 - 1)
    category = Category.objects.filter(pk=category_id).first() if category_id else None
    tag = (request.GET.get("tag") or "").strip()[:30]
    status = request.GET.get("status") or ""
    if status not in ArticleStatus.values:
        status = ""
    sort = request.GET.get("sort") or ""
    if sort not in selectors.SORTS:
        sort = ""
    qs = selectors.article_browse(user, query=query, category_id=category.pk if category else None, tag=tag,
                                  status=status, sort=sort)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for article in page.object_list:
        article.excerpt = plain_text(article.body)
    filters = {k: v for k, v in {"q": query, "category": category.pk if category else "", "tag": tag,
                                 "status": status, "sort": sort}.items() if v}
    return render(request, "knowledge/list.html", {
        "page": page, "query": query, "category": category, "tag": tag, "status": status, "sort": sort,
        "categories": category_list().select_related("parent"), "tags": selectors.tag_list(),
        "statuses": ArticleStatus.choices, "can_edit": can_edit_articles(user),
        "sorts": [("relevance", _("Relevance")), ("usage", _("Most used")), ("updated", _("Recently updated"))],
        "filters_query": urlencode(filters),
    })


@login_required
def article_detail(request, pk):
    user = _reader(request)
    article = selectors.article_get(user, pk)
    return render(request, "knowledge/detail.html", {
        "article": article, "body_html": render_body(article.body), "can_edit": can_edit_articles(user),
        "recent_uses": selectors.article_recent_uses(user, article),
    })


def _save(request, article=None):
    user = _editor(request)
    if request.method == "POST":
        form = ArticleForm(request.POST)
        error = None if form.is_valid() else form_error(form)
        if error is None:
            data = dict(form.cleaned_data)
            try:
                if article is None:
                    article = services.article_create(actor=user, now=edge_now(), **data)
                    messages.success(request, _("Article created."))
                else:
                    article = services.article_update(actor=user, article=article, now=edge_now(), **data)
                    messages.success(request, _("Article saved."))
            except DomainError as exc:
                error = exc
            else:
                return redirect("knowledge:detail", article.pk)
        return render(request, "knowledge/form.html", {"form": form, "article": article, "error": error},
                      status=400)
    initial = {}
    if article is not None:
        initial = {"title": article.title, "body": article.body, "status": article.status,
                   "categories": list(article.categories.all()),
                   "tags": ", ".join(tag.name for tag in article.tags.all())}
    return render(request, "knowledge/form.html", {"form": ArticleForm(initial=initial), "article": article})


@login_required
def article_new(request):
    return _save(request)


@login_required
def article_edit(request, pk):
    _editor(request)
    return _save(request, selectors.article_get(request.user, pk))


@login_required
def usage_ranking(request):
    user = _reader(request)
    days = parse_int(request.GET.get("days"), 30)
    if days not in PERIODS:
        days = 30
    now = edge_now()
    rows = selectors.usage_ranking(user, start=now - timedelta(days=days), end=now)
    return render(request, "knowledge/ranking.html", {"rows": rows, "days": days, "periods": PERIODS})


@login_required
@require_POST
def article_use(request, pk):
    """The ticket panel's "mark as used": `pk` is the ticket, `article` in the body."""
    ticket = ticket_get(request.user, pk)  # out of scope: 404 before anything else
    back = safe_next(request, reverse("tickets:detail", args=[ticket.pk]))
    if not can_read_knowledge(request.user) or not can_mark_used(request.user):
        raise Http404
    article_id = parse_int(request.POST.get("article"), min_value=1, max_value=2**31 - 1)
    if article_id is None:
        messages.error(request, _("Choose an article."))
        return redirect(back)
    article = get_object_or_404(selectors.article_scope(request.user), pk=article_id)
    try:
        _use, created = services.article_mark_used(actor=request.user, article=article, ticket=ticket,
                                                   now=edge_now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked as used.") if created else _("You had already marked it as used."))
    return redirect(back)
