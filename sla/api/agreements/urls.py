from django.urls import path

from . import commands, views

_V = "agreement-versions/<id:pk>"

urlpatterns = [
    path("agreements/", views.AgreementListView.as_view(), name="sla-agreement-list"),
    path("agreements/<id:pk>/", views.AgreementDetailView.as_view(), name="sla-agreement-detail"),
    path(f"{_V}/", views.VersionDetailView.as_view(), name="sla-agreement-version"),
    path(f"{_V}/update/", views.VersionUpdateView.as_view(), name="sla-agreement-update"),
    path(f"{_V}/submit/", commands.AgreementSubmitView.as_view(), name="sla-agreement-submit"),
    path(f"{_V}/recall/", commands.AgreementRecallView.as_view(), name="sla-agreement-recall"),
    path(f"{_V}/sign/", commands.AgreementSignView.as_view(), name="sla-agreement-sign"),
    path(f"{_V}/amend/", commands.AgreementAmendView.as_view(), name="sla-agreement-amend"),
    path(f"{_V}/terminate/", commands.AgreementTerminateView.as_view(), name="sla-agreement-terminate"),
    path(f"{_V}/items/", commands.ServiceItemAddView.as_view(), name="sla-agreement-items-add"),
    path(f"{_V}/indicators/", commands.IndicatorAddView.as_view(), name="sla-agreement-indicators-add"),
    path(f"{_V}/penalties/", commands.PenaltyAddView.as_view(), name="sla-agreement-penalties-add"),
    *[
        path(f"{_V}/{part}/<id:part_id>/remove/", views.PartRemoveView.as_view(part=part),
             name=f"sla-agreement-{part}-remove")
        for part in views.PARTS
    ],
    path(f"{_V}/indicators/<id:indicator_id>/overrides/", views.OverrideAddView.as_view(),
         name="sla-agreement-override-add"),
]
