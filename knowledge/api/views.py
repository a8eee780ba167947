"""The knowledge base API: list/search, detail, create/update (editors), the
suggestions for a ticket, "mark as used" and the usage ranking. Thin: parse, call a
selector or one service, serialize."""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.api.views.common import ERROR
from tickets.selectors import ticket_get

from .. import selectors, services
from ..permissions import can_read_knowledge
from .serializers import (
    ArticleDetailSerializer,
    ArticleQuerySerializer,
    ArticleReplaceSerializer,
    ArticleSerializer,
    ArticleUseSerializer,
    ArticleWriteSerializer,
    MarkUsedSerializer,
    RankingQuerySerializer,
    RankingRowSerializer,
    SuggestionSerializer,
)


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _reader(request):
    """The knowledge base does not exist for users without a staff role."""
    if not can_read_knowledge(request.user):
        raise NotFound
    return request.user


class ArticleListView(generics.GenericAPIView):
    serializer_class = ArticleSerializer
    filter_backends: list = []

    @extend_schema(parameters=[ArticleQuerySerializer], responses={200: ArticleSerializer(many=True), 400: ERROR})
    def get(self, request):
        user = _reader(request)
        query = _valid(ArticleQuerySerializer, request.query_params)
        # An unknown category id finds nothing, like an empty category.
        qs = selectors.article_browse(user, query=query["q"], category_id=query.get("category"), tag=query["tag"],
                                      status=query.get("status", ""), sort=query.get("sort", ""))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ArticleSerializer(page, many=True).data)

    @extend_schema(request=ArticleWriteSerializer,
                   responses={201: ArticleDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request):
        user = _reader(request)
        data = _valid(ArticleWriteSerializer, request.data)
        article = services.article_create(actor=user, now=timezone.now(), **data)
        return Response(ArticleDetailSerializer(selectors.article_get(user, article.pk)).data,
                        status=status.HTTP_201_CREATED)


class ArticleDetailView(APIView):
    @extend_schema(responses={200: ArticleDetailSerializer, 404: ERROR})
    def get(self, request, pk):
        article = selectors.article_get(_reader(request), pk)
        return Response(ArticleDetailSerializer(article).data)

    @extend_schema(request=ArticleReplaceSerializer,
                   responses={200: ArticleDetailSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def put(self, request, pk):
        user = _reader(request)
        article = selectors.article_get(user, pk)
        data = _valid(ArticleReplaceSerializer, request.data)
        services.article_update(actor=user, article=article, now=timezone.now(), **data)
        return Response(ArticleDetailSerializer(selectors.article_get(user, pk)).data)


class TicketSuggestionsView(APIView):
    @extend_schema(responses={200: SuggestionSerializer(many=True), 404: ERROR})
    def get(self, request, pk):
        ticket = ticket_get(request.user, pk)
        user = _reader(request)
        suggestions = selectors.ticket_suggestions(user, ticket)
        used = selectors.used_on_ticket(user, ticket)
        return Response(SuggestionSerializer(suggestions, many=True, context={"used": used}).data)


class TicketArticleUseView(APIView):
    @extend_schema(request=MarkUsedSerializer,
                   responses={200: ArticleUseSerializer, 201: ArticleUseSerializer, 400: ERROR, 403: ERROR,
                              404: ERROR, 409: ERROR},
                   description="Mark an article as used on this ticket: 201 the first time, 200 (nothing changed) "
                               "when this agent had already marked it.")
    def post(self, request, pk):
        ticket = ticket_get(request.user, pk)  # out of scope: 404 before the body is read
        user = _reader(request)
        data = _valid(MarkUsedSerializer, request.data)
        article = get_object_or_404(selectors.article_scope(user), pk=data["article"])
        use, created = services.article_mark_used(actor=user, article=article, ticket=ticket, now=timezone.now())
        return Response(ArticleUseSerializer(use, context={"created": created}).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class UsageRankingView(APIView):
    @extend_schema(parameters=[RankingQuerySerializer], responses={200: RankingRowSerializer(many=True), 400: ERROR,
                                                                            404: ERROR})
    def get(self, request):
        user = _reader(request)
        days = int(_valid(RankingQuerySerializer, request.query_params)["days"])
        now = timezone.now()
        rows = selectors.usage_ranking(user, start=now - timedelta(days=days), end=now)
        return Response(RankingRowSerializer(rows, many=True).data)
