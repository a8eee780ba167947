from django.urls import path

from . import live, views

urlpatterns = [
    path("department/", views.department_sla_view, name="department_sla"),
    path("badges/", live.badges_view, name="badges"),
]
