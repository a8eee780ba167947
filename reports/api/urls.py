"""REST API of the reports app under /api/v1/reports/."""

from django.urls import path

from . import views
from .kpi import KpiReportView

urlpatterns = [
    path("months/", views.MonthListView.as_view(), name="reports-api-months"),
    path("months/close/", views.CloseMonthCommand.as_view(), name="reports-api-month-close"),
    path("months/<id:pk>/lock/", views.LockMonthCommand.as_view(), name="reports-api-month-lock"),
    path("closes/", views.CloseListView.as_view(), name="reports-api-closes"),
    path("closes/<id:pk>/", views.CloseDetailView.as_view(), name="reports-api-close"),
    path("indicator-results/", views.IndicatorResultListView.as_view(), name="reports-api-results"),
    path("violations/", views.ViolationListView.as_view(), name="reports-api-violations"),
    path("violations/<id:pk>/", views.ViolationDetailView.as_view(), name="reports-api-violation"),
    path("violations/<id:pk>/appeal/", views.AppealCommand.as_view(), name="reports-api-appeal"),
    path("violations/<id:pk>/adjust/", views.AdjustCommand.as_view(), name="reports-api-adjust"),
    path("appeals/", views.AppealListView.as_view(), name="reports-api-appeals"),
    path("appeals/<id:pk>/decide/", views.DecideCommand.as_view(), name="reports-api-decide"),
    path("order-counts/", views.OrderCountListView.as_view(), name="reports-api-order-counts"),
    path("exports/", views.ExportListView.as_view(), name="reports-api-exports"),
    path("exports/<id:pk>/", views.ExportDetailView.as_view(), name="reports-api-export"),
    path("indicators/<id:pk>/owner/", views.IndicatorOwnerCommand.as_view(), name="reports-api-indicator-owner"),
    path("kpi/<str:month>/", KpiReportView.as_view(), name="reports-api-kpi"),
    path("staffing/erlang-c/", views.StaffingCommand.as_view(), name="reports-api-erlang"),
]
