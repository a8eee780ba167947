from django.urls import path

from ...views.calendars import converters  # noqa: F401 - registers <isodate:>
from . import views

urlpatterns = [
    path("calendars/", views.CalendarListView.as_view(), name="sla-calendar-list"),
    path("calendars/<id:pk>/", views.CalendarDetailView.as_view(), name="sla-calendar-detail"),
    path("calendars/<id:pk>/versions/", views.VersionCreateView.as_view(), name="sla-calendar-versions"),
    path("calendars/<id:pk>/overrides/", views.OverrideSetView.as_view(), name="sla-calendar-overrides"),
    path("calendars/<id:pk>/overrides/<isodate:day>/", views.OverrideDeleteView.as_view(),
         name="sla-calendar-override-delete"),
    path("calendars/<id:pk>/import-holidays/", views.ImportHolidaysView.as_view(), name="sla-calendar-import"),
    path("simulate/", views.SimulateView.as_view(), name="sla-simulate"),
]
