"""Read-only reference data (departments, categories, reply templates) and the
user's own notifications."""

from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import selectors, services
from ...filters import CategoryFilter, ReplyTemplateFilter
from ...models import Category, Notification
from ..serializers import (
    CategorySerializer,
    DepartmentSerializer,
    MarkedSerializer,
    NotificationReadSerializer,
    NotificationSerializer,
    ReplyTemplateSerializer,
)
from .common import ERROR


class DepartmentListView(generics.ListAPIView):
    serializer_class = DepartmentSerializer
    filterset_class = None
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return selectors.department_list()


class CategoryListView(generics.ListAPIView):
    """Active categories with their parent, path and whether they have children."""

    serializer_class = CategorySerializer
    filterset_class = CategoryFilter
    ordering_fields = ["sort_order", "code"]

    def get_queryset(self):
        children = Category.objects.filter(parent=OuterRef("pk"), is_active=True)
        return selectors.category_list().annotate(has_children=Exists(children))


class ReplyTemplateListView(generics.ListAPIView):
    serializer_class = ReplyTemplateSerializer
    filterset_class = ReplyTemplateFilter
    ordering_fields = ["title"]

    def get_queryset(self):
        return selectors.reply_templates().select_related("category__parent")


class NotificationListView(generics.ListAPIView):
    """The user's own notifications whose delivery time has come, unread first."""

    serializer_class = NotificationSerializer
    filterset_class = None
    ordering_fields: list[str] = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(self.request.user, now=timezone.now()).order_by(
            F("read_at").asc(nulls_first=True), "-created_at", "-id"
        )


@extend_schema(
    request=NotificationReadSerializer,
    responses={200: MarkedSerializer, 400: ERROR},
    description="Mark the given notifications (or all of them when `ids` is absent) as read.",
)
class NotificationReadView(APIView):
    def post(self, request):
        body = NotificationReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        marked = services.notification_mark_read(
            user=request.user, notification_ids=body.validated_data.get("ids"), now=timezone.now()
        )
        return Response({"marked": marked})
