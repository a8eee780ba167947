from django.urls import path

from . import actions, pages

# The `id` converter is registered by slacenter.urls.
urlpatterns = [
    path("agreements/", pages.agreement_list_view, name="agreement_list"),
    path("agreements/new/", pages.agreement_new_view, name="agreement_new"),
    path("agreements/<id:pk>/", pages.agreement_detail_view, name="agreement_detail"),
    path("agreements/versions/<id:pk>/", pages.agreement_version_view, name="agreement_version"),
    path("agreements/versions/<id:pk>/edit/", pages.agreement_edit_view, name="agreement_edit"),
    path("agreements/versions/<id:pk>/print/", pages.agreement_print_view, name="agreement_print"),
    path("agreements/versions/<id:pk>/<slug:part>/add/", actions.part_add_view, name="agreement_part_add"),
    path("agreements/versions/<id:pk>/<slug:part>/<id:part_id>/remove/", actions.part_remove_view,
         name="agreement_part_remove"),
    path("agreements/versions/<id:pk>/indicators/<id:indicator_id>/override/", actions.override_add_view,
         name="agreement_override_add"),
    path("agreements/versions/<id:pk>/do/<slug:action>/", actions.command_view, name="agreement_command"),
]
