"""Admin for the knowledge base: articles are written through their services (an
editor's refusal comes back as a message); uses and tags are written only by the
services and are read-only here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tickets.admin.base import ReadOnlyAdmin, ServiceSaveMixin

from .models import Article, ArticleUse, Tag
from .services import article_create, article_update


class ArticleAdminForm(forms.ModelForm):
    tag_names = forms.CharField(label=_("Tags"), required=False, max_length=400,
                                help_text=_("Separated by commas, e.g. 退款, 物流"))

    class Meta:
        model = Article
        fields = ("title", "body", "status", "categories")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())


@admin.register(Article)
class ArticleAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ("title", "status", "author", "use_count", "updated_at")
    list_filter = ("status", "categories")
    search_fields = ("title", "body")
    filter_horizontal = ("categories",)
    readonly_fields = ("author", "use_count", "created_at", "updated_at", "published_at")
    list_select_related = ("author",)

    def save_model(self, request, obj, form, change):
        self._data = form.cleaned_data  # written in save_related, through the service

    def save_related(self, request, form, formsets, change):
        data = dict(self._data)
        fields = {"title": data["title"], "body": data["body"], "status": data["status"],
                  "categories": list(data["categories"]), "tags": data.get("tag_names", "")}
        if change:
            article = article_update(actor=request.user, article=form.instance, **fields)
        else:
            article = article_create(actor=request.user, **fields)
        form.instance.pk, form.instance._state.adding = article.pk, False


@admin.register(ArticleUse)
class ArticleUseAdmin(ReadOnlyAdmin):
    list_display = ("article", "ticket", "user", "at")
    list_select_related = ("article", "ticket", "user")
    search_fields = ("article__title", "ticket__number", "user__username")
    date_hierarchy = "at"


@admin.register(Tag)
class TagAdmin(ReadOnlyAdmin):
    list_display = ("name",)
    search_fields = ("name",)
