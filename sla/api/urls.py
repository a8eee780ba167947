"""REST API of the SLA layer under /api/v1/sla/."""

from .agreements.urls import urlpatterns as agreement_urls
from .calendars.urls import urlpatterns as calendar_urls
from .clocks.urls import urlpatterns as clock_urls

urlpatterns = [*calendar_urls, *agreement_urls, *clock_urls]
