from django.urls import path

from . import views as v

urlpatterns = [
    path("articles/", v.ArticleListView.as_view(), name="api-knowledge-articles"),
    path("articles/<id:pk>/", v.ArticleDetailView.as_view(), name="api-knowledge-article"),
    path("ranking/", v.UsageRankingView.as_view(), name="api-knowledge-ranking"),
    path("tickets/<id:pk>/suggestions/", v.TicketSuggestionsView.as_view(), name="api-knowledge-suggestions"),
    path("tickets/<id:pk>/article-uses/", v.TicketArticleUseView.as_view(), name="api-knowledge-use"),
]
