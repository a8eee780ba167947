from django.urls import path

from . import views

urlpatterns = [
    path("policies/", views.PolicyListView.as_view(), name="sla-policy-list"),
    path("policies/<id:pk>/", views.PolicyDetailView.as_view(), name="sla-policy-detail"),
    path("clocks/", views.ClockListView.as_view(), name="sla-clock-list"),
    path("clocks/<id:pk>/", views.ClockDetailView.as_view(), name="sla-clock-detail"),
    path("breaches/", views.BreachListView.as_view(), name="sla-breach-list"),
    path("tickets/<id:pk>/clocks/", views.TicketClocksView.as_view(), name="sla-ticket-clocks"),
]
