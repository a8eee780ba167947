"""Browser pages of the ticket core (the project includes these at "/")."""

from django.urls import path

from .views import create, detail, pages, queue, ratings, transfers

app_name = "tickets"
urlpatterns = [
    path("", pages.home, name="home"),
    path("notifications/", pages.notifications, name="notifications"),
    path("notifications/read/", pages.notifications_read, name="notifications_read"),
    path("tickets/", queue.workbench, name="workbench"),
    path("tickets/new/", create.ticket_new, name="new"),
    path("tickets/<id:pk>/", detail.ticket_detail, name="detail"),
    path("tickets/<id:pk>/comment/", detail.ticket_comment, name="comment"),
    path("tickets/<id:pk>/attach/", detail.ticket_attach, name="attach"),
    path("tickets/<id:pk>/transition/", detail.ticket_transition, name="transition"),
    path("tickets/<id:pk>/assign/", detail.ticket_assign, name="assign"),
    path("tickets/<id:pk>/edit/", detail.ticket_edit, name="edit"),
    path("tickets/<id:pk>/transfer/", detail.ticket_transfer, name="transfer"),
    path("inbox/", transfers.inbox, name="inbox"),
    path("transfers/<id:pk>/answer/", transfers.transfer_answer, name="transfer_answer"),
    path("transfers/<id:pk>/bounce/", transfers.transfer_bounce, name="transfer_bounce"),
    path("transfers/<id:pk>/rate/", ratings.transfer_rate, name="transfer_rate"),
    path("customers/search/", create.customer_lookup, name="customer_search"),
    path("customers/new/", create.customer_new, name="customer_new"),
    path("customers/<id:pk>/", pages.customer_detail, name="customer"),
    path("attachments/<id:pk>/", pages.attachment_download, name="attachment"),
]
