"""Browser pages of the SLA layer. Each area keeps its own url list."""

from .views.agreements.urls import urlpatterns as agreement_urls
from .views.calendars.urls import urlpatterns as calendar_urls
from .views.clocks.urls import urlpatterns as clock_urls

app_name = "sla"
urlpatterns = [*calendar_urls, *agreement_urls, *clock_urls]
