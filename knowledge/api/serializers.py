from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tickets.models import Category

from ..markup import plain_text, render
from ..models import Article, ArticleStatus, ArticleUse
from ..selectors import MAX_QUERY, SORTS
from ..services import MAX_BODY, MAX_TAGS

MAX_ID = 2**31 - 1
PERIODS = (7, 30, 90, 365)


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name"]


class ArticleCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "name_en"]


class ArticleSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(read_only=True, allow_null=True)
    categories = ArticleCategorySerializer(many=True, read_only=True)
    tags = serializers.SerializerMethodField()
    excerpt = serializers.SerializerMethodField()
    relevance = serializers.SerializerMethodField(help_text="Search relevance (higher is better); null without q.")

    class Meta:
        model = Article
        fields = ["id", "title", "status", "author", "categories", "tags", "excerpt", "use_count", "created_at",
                  "updated_at", "published_at", "relevance"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    def get_excerpt(self, obj) -> str:
        return plain_text(obj.body)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_relevance(self, obj) -> float | None:
        value = getattr(obj, "relevance", None)
        return round(float(value), 4) if value is not None else None


class ArticleDetailSerializer(ArticleSerializer):
    body_html = serializers.SerializerMethodField(help_text="The body rendered and escaped on the server.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "body_html"]

    def get_body_html(self, obj) -> str:
        return str(render(obj.body))


class ArticleWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=MAX_BODY)
    status = serializers.ChoiceField(choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    categories = serializers.PrimaryKeyRelatedField(many=True, required=False, default=list,
                                                    queryset=Category.objects.filter(is_active=True))
    tags = serializers.ListField(child=serializers.CharField(max_length=30), max_length=MAX_TAGS, required=False,
                                 default=list)


class ArticleReplaceSerializer(ArticleWriteSerializer):
    """PUT replaces the article: its status too, so it must be said (never a silent
    return to draft); categories and tags left out are cleared."""

    status = serializers.ChoiceField(choices=ArticleStatus.choices)


class ArticleQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY, required=False, allow_blank=True, default="",
                              help_text="Search text (Chinese works without spaces).")
    category = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                        help_text="Category id (its sub-categories included).")
    tag = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=ArticleStatus.choices, required=False)
    sort = serializers.ChoiceField(choices=sorted(SORTS), required=False,
                                   help_text="relevance (with q), usage or updated (the default without q).")


class SuggestionSerializer(ArticleSerializer):
    category_rank = serializers.IntegerField(read_only=True,
                                             help_text="2 = the ticket's category, 1 = its parent or child, 0 = none.")
    used = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "category_rank", "used"]

    def get_used(self, obj) -> bool:
        return obj.pk in self.context.get("used", set())


class MarkUsedSerializer(serializers.Serializer):
    article = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class ArticleUseSerializer(serializers.ModelSerializer):
    created = serializers.SerializerMethodField(help_text="False when this agent had already marked it.")

    class Meta:
        model = ArticleUse
        fields = ["id", "article", "ticket", "user", "at", "created"]

    def get_created(self, obj) -> bool:
        return bool(self.context.get("created"))


class RankingQuerySerializer(serializers.Serializer):
    days = serializers.ChoiceField(choices=PERIODS, required=False, default=30)


class RankingRowSerializer(serializers.ModelSerializer):
    period_uses = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "status", "use_count", "period_uses"]
