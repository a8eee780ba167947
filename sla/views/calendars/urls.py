from django.urls import path

from . import (
    converters,  # noqa: F401 - registers <isodate:>
    views,
)

urlpatterns = [
    path("calendars/", views.calendar_list_view, name="calendar_list"),
    path("calendars/<id:pk>/", views.calendar_detail_view, name="calendar_detail"),
    path("calendars/<id:pk>/hours/", views.calendar_hours_view, name="calendar_hours"),
    path("calendars/<id:pk>/overrides/add/", views.override_add_view, name="calendar_override_add"),
    path("calendars/<id:pk>/overrides/<isodate:day>/delete/", views.override_delete_view,
         name="calendar_override_delete"),
    path("calendars/<id:pk>/import/", views.import_view, name="calendar_import"),
    path("calendars/<id:pk>/simulate/", views.simulate_view, name="calendar_simulate"),
]
