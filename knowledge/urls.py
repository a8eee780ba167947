"""Knowledge base pages (the project includes these at "/knowledge/")."""

from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", views.article_new, name="new"),
    path("ranking/", views.usage_ranking, name="ranking"),
    path("<id:pk>/", views.article_detail, name="detail"),
    path("<id:pk>/edit/", views.article_edit, name="edit"),
    path("tickets/<id:pk>/use/", views.article_use, name="use"),
]
