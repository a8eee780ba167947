"""The ticket API under /api/v1/. Ids use the `id` converter registered in
slacenter.urls, so a huge or non-numeric id is a 404."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from .contacts.urls import urlpatterns as contact_urls
from .views import attachments, commands, customers, reference, tickets, transfers

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("tickets/", tickets.TicketListCreateView.as_view(), name="api-ticket-list"),
    path("tickets/<id:pk>/", tickets.TicketDetailView.as_view(), name="api-ticket-detail"),
    path("tickets/<id:pk>/assign/", commands.TicketAssignView.as_view(), name="api-ticket-assign"),
    path("tickets/<id:pk>/transition/", commands.TicketTransitionView.as_view(), name="api-ticket-transition"),
    path("tickets/<id:pk>/comments/", commands.TicketCommentView.as_view(), name="api-ticket-comment"),
    path("tickets/<id:pk>/transfers/", commands.TicketTransferView.as_view(), name="api-ticket-transfer"),
    path("tickets/<id:pk>/attachments/", commands.TicketAttachmentView.as_view(), name="api-ticket-attachment"),
    path("transfers/", transfers.TransferInboxView.as_view(), name="api-transfer-list"),
    path("transfers/<id:pk>/answer/", transfers.TransferAnswerView.as_view(), name="api-transfer-answer"),
    path("transfers/<id:pk>/bounce/", transfers.TransferBounceView.as_view(), name="api-transfer-bounce"),
    path("transfers/<id:pk>/rate/", transfers.TransferRateView.as_view(), name="api-transfer-rate"),
    path("attachments/<id:pk>/download/", attachments.AttachmentDownloadView.as_view(),
         name="api-attachment-download"),
    path("customers/", customers.CustomerListCreateView.as_view(), name="api-customer-list"),
    path("customers/<id:pk>/", customers.CustomerDetailView.as_view(), name="api-customer-detail"),
    path("customers/<id:pk>/tickets/", customers.CustomerTicketsView.as_view(), name="api-customer-tickets"),
    path("departments/", reference.DepartmentListView.as_view(), name="api-department-list"),
    path("categories/", reference.CategoryListView.as_view(), name="api-category-list"),
    path("reply-templates/", reference.ReplyTemplateListView.as_view(), name="api-reply-template-list"),
    path("notifications/", reference.NotificationListView.as_view(), name="api-notification-list"),
    path("notifications/read/", reference.NotificationReadView.as_view(), name="api-notification-read"),
    *contact_urls,
]
