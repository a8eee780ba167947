from django.urls import path

from . import views

urlpatterns = [
    path("department/", views.department_sla_view, name="department_sla"),
]
