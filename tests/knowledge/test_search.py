"""Search: one selector (`article_search`) over two paths — pg_trgm on PostgreSQL, term
hits elsewhere. The portable path is called directly here whatever the database, so
it is tested on PostgreSQL too (CI) and on SQLite."""

import pytest

from knowledge.models import Article
from knowledge.selectors import article_browse, article_search, search_portable, search_postgresql, search_terms

pytestmark = pytest.mark.django_db

QUERIES = [
    ("退款多久到账", "refund_time"),
    ("发票开错了怎么重开", "invoice"),
    ("快递三天没有物流更新", "late"),
    ("金卡会员有什么权益", "membership"),
]


def test_terms_of_a_chinese_query():
    assert search_terms("退款多久到账") == ["退款多久到账", "退款", "款多", "多久", "久到", "到账"]
    assert search_terms("  iPhone退款， 发票 ") == ["iphone退款", "退款", "iphone", "发票"]
    assert search_terms("，，。") == []
    assert len(search_terms("".join(chr(0x4E00 + i) for i in range(500)))) == 16
    assert search_terms("字" * 500) == ["字" * 100, "字字"]  # cut to 100 characters, unique


def _ranked(qs) -> list[int]:
    return list(qs.order_by("-relevance", "-use_count", "-id").values_list("pk", flat=True))


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_portable_fallback_finds_the_right_article_first(articles, query, expected):
    found = _ranked(search_portable(Article.objects.all(), search_terms(query)))
    assert found[0] == articles[expected].pk


def test_portable_fallback_ranks_by_hits_and_skips_non_matches(articles):
    found = _ranked(search_portable(Article.objects.all(), search_terms("退款")))
    assert set(found) == {articles["refund_time"].pk, articles["refund_check"].pk}
    assert _ranked(search_portable(Article.objects.all(), search_terms("完全无关的词语"))) == []
    assert list(search_portable(Article.objects.all(), [])) == []


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_postgresql_trigram_search_finds_the_right_article_first(postgres_only, articles, query, expected):
    found = _ranked(search_postgresql(Article.objects.all(), query, search_terms(query)))
    assert found[0] == articles[expected].pk


def test_postgresql_similarity_finds_a_near_miss_the_terms_would_not(postgres_only, articles):
    """A query in other words than the title still reaches it through trigrams."""
    query = "物流超过72小时没更新"
    found = _ranked(search_postgresql(Article.objects.all(), query, search_terms(query)))
    assert found[0] == articles["late"].pk
    row = search_postgresql(Article.objects.filter(pk=articles["late"].pk), query, search_terms(query)).get()
    assert row.title_similarity > 0.5


def test_the_selector_picks_the_path_of_the_database(articles):
    found = _ranked(article_search(Article.objects.all(), "退款多久到账"))
    assert found[0] == articles["refund_time"].pk


def test_browse_filters_and_sorts(lead, articles, tree):
    ids = lambda qs: [a.pk for a in qs]  # noqa: E731
    refund_family = ids(article_browse(lead, category_id=tree["refund"].pk))
    assert set(refund_family) == {articles[k].pk for k in ("refund_time", "refund_check", "invoice")}
    assert ids(article_browse(lead, tag="发票")) == [articles["invoice"].pk]
    assert ids(article_browse(lead, status="draft")) == [articles["draft"].pk]
    Article.objects.filter(pk=articles["membership"].pk).update(use_count=9)
    assert ids(article_browse(lead, sort="usage"))[0] == articles["membership"].pk
    assert ids(article_browse(lead, query="退款多久到账"))[0] == articles["refund_time"].pk
    assert ids(article_browse(lead, query="，，")) == []
    assert ids(article_browse(lead, category_id=987654321)) == []


def test_postgresql_has_the_trigram_extension_and_indexes(postgres_only):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'knowledge_article'")
        indexes = dict(cursor.fetchall())
    assert "gin_trgm_ops" in indexes["knowledge_article_title_trgm"]
    assert "gin_trgm_ops" in indexes["knowledge_article_body_trgm"]
