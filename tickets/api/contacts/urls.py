from django.urls import path

from . import views

urlpatterns = [
    path("contacts/", views.ContactListView.as_view(), name="api-contact-list"),
    path("contacts/<id:pk>/", views.ContactDetailView.as_view(), name="api-contact-detail"),
    path("contacts/import/", views.ContactImportView.as_view(), name="api-contact-import"),
    path("contacts/import-file/", views.ContactImportFileView.as_view(), name="api-contact-import-file"),
    path("contacts/figures/agents/", views.AgentFiguresView.as_view(), name="api-contact-figures-agents"),
    path("contacts/figures/intervals/", views.IntervalFiguresView.as_view(), name="api-contact-figures-intervals"),
]
