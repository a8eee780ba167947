"""Browser pages of the monthly close under /reports/."""

from django.urls import path, re_path

from .views import actions, dashboard, exports, kpi, orders, pages, staffing

app_name = "reports"
MONTH = r"(?P<month>\d{4}-\d{2})"
urlpatterns = [
    path("", pages.month_list, name="months"),
    path("close/", actions.close_run, name="close_run"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("staffing/", staffing.staffing, name="staffing"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/set/", orders.order_set, name="order_set"),
    path("exports/", exports.export_list, name="exports"),
    path("exports/start/", exports.export_start, name="export_start"),
    path("exports/<id:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<id:pk>/download/", exports.export_download, name="export_download"),
    re_path(r"^export/(?P<report>violations|indicator_results|kpi|complaint_conformance)\.(?P<fmt>csv|xlsx)$",
            exports.export_direct, name="export_direct"),
    path("closes/<id:pk>/", pages.close_detail, name="close"),
    path("closes/<id:pk>/print/", pages.close_print, name="close_print"),
    path("closes/<id:pk>/pdf/", pages.close_pdf, name="close_pdf"),
    path("results/<id:pk>/rows/", pages.result_rows, name="result_rows"),
    path("violations/<id:pk>/appeal/", actions.violation_appeal, name="violation_appeal"),
    path("violations/<id:pk>/adjust/", actions.violation_adjust, name="violation_adjust"),
    path("appeals/<id:pk>/decide/", actions.appeal_decide, name="appeal_decide"),
    re_path(rf"^kpi/{MONTH}/$", kpi.kpi_report, name="kpi"),
    re_path(rf"^kpi/{MONTH}/(?P<figure>[a-z_]{{1,30}})/$", kpi.kpi_rows, name="kpi_rows"),
    re_path(rf"^{MONTH}/$", pages.month_detail, name="month"),
    re_path(rf"^{MONTH}/lock/$", actions.month_lock_view, name="month_lock"),
]
