"""QA pages (the project includes these at "/qa/")."""

from django.urls import path

from .views import contacts, evaluations, performance, planning

app_name = "qa"
urlpatterns = [
    path("", evaluations.evaluation_list, name="evaluations"),
    path("evaluations/new/", evaluations.evaluation_new, name="evaluation_new"),
    path("evaluations/<id:pk>/", evaluations.evaluation_detail, name="evaluation"),
    path("evaluations/<id:pk>/save/", evaluations.evaluation_save, name="evaluation_save"),
    path("evaluations/<id:pk>/move/", evaluations.evaluation_move, name="evaluation_move"),
    path("disputes/", evaluations.disputes, name="disputes"),
    path("samples/", planning.samples, name="samples"),
    path("samples/draw/", planning.samples_draw, name="samples_draw"),
    path("stars/", planning.stars, name="stars"),
    path("stars/compute/", planning.stars_compute, name="stars_compute"),
    path("calibration/", planning.calibration_list, name="calibrations"),
    path("calibration/new/", planning.calibration_new, name="calibration_new"),
    path("calibration/<id:pk>/", planning.calibration_detail, name="calibration"),
    path("calibration/<id:pk>/score/", planning.calibration_submit, name="calibration_score"),
    path("calibration/<id:pk>/close/", planning.calibration_end, name="calibration_close"),
    path("praise/", planning.praise, name="praise"),
    path("praise/new/", planning.praise_new, name="praise_new"),
    path("performance/", performance.performance, name="performance"),
    path("performance/agents/<id:agent_id>/", performance.performance_agent, name="performance_agent"),
    path("performance/run/", performance.performance_run, name="performance_run"),
    path("performance/input/", performance.performance_input, name="performance_input"),
    path("performance/inputs-import/", performance.performance_inputs_import, name="performance_inputs_import"),
    path("contacts/", contacts.contacts, name="contacts"),
    path("performance/export/", performance.performance_export, name="performance_export"),
]
