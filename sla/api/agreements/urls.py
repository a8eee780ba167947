from django.urls import path

from . import views

_V = "agreement-versions/<id:pk>"

urlpatterns = [
    path("agreements/", views.AgreementListView.as_view(), name="sla-agreement-list"),
    path("agreements/<id:pk>/", views.AgreementDetailView.as_view(), name="sla-agreement-detail"),
    path(f"{_V}/", views.VersionDetailView.as_view(), name="sla-agreement-version"),
    path(f"{_V}/update/", views.VersionUpdateView.as_view(), name="sla-agreement-update"),
    *[
        path(f"{_V}/{action}/", views.CommandView.as_view(action=action), name=f"sla-agreement-{action}")
        for action in ("submit", "recall", "sign", "amend", "terminate")
    ],
    *[
        path(f"{_V}/{part}/", views.PartAddView.as_view(part=part), name=f"sla-agreement-{part}-add")
        for part in views.PARTS
    ],
    *[
        path(f"{_V}/{part}/<id:part_id>/remove/", views.PartRemoveView.as_view(part=part),
             name=f"sla-agreement-{part}-remove")
        for part in views.PARTS
    ],
    path(f"{_V}/indicators/<id:indicator_id>/overrides/", views.OverrideAddView.as_view(),
         name="sla-agreement-override-add"),
]
