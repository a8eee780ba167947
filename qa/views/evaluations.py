from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from slacenter.errors import DomainError
from tickets.selectors_contacts import contact_get, contact_messages

from .. import selectors
from ..display import localized
from ..models import EvaluationStatus
from ..permissions import can_evaluate, can_review, is_agent
from ..scoring import SCALES
from ..services.evaluations import evaluation_create, evaluation_save_draft, evaluation_transition
from ..workflow import TABLE
from .common import answers_from_post, month_param, run

# yes/no items are standards: 1 = met, 0 = not met (a fatal item "not met" is the fatal error).
SCALE_VALUES = {"yes_no": [(1, pgettext_lazy("scorecard item", "Met")),
                           (0, pgettext_lazy("scorecard item", "Not met"))],
                "three": [(2, "2"), (1, "1"), (0, "0")],
                "five": [(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")]}


@login_required
def evaluation_list(request):
    qs = selectors.evaluation_list(request.user)
    status = request.GET.get("status", "")
    if status in EvaluationStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("month"):
        qs = qs.filter(month=month_param(request))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "qa/evaluations.html", {
        "page": page, "statuses": EvaluationStatus.choices, "status": status, "mine": is_agent(request.user),
        "month": request.GET.get("month", ""),
    })


def _items(definition, answers):
    """The scoring form's rows: section headers and items with their choices."""
    rows = []
    for section in definition["sections"]:
        rows.append({"section": True, "name": localized(section)})
        for item in section["items"]:
            answer = answers.get(item["key"]) or {}
            value = answer.get("value")
            rows.append({
                "section": False, "key": item["key"], "name": localized(item), "points": item.get("points"),
                "scale": item.get("scale", "yes_no"), "choices": SCALE_VALUES[item.get("scale", "yes_no")],
                "na_allowed": item.get("na_allowed", False), "fatal": item.get("fatal", False),
                "critical": item.get("critical", False), "bonus": item.get("bonus", False),
                "value": "" if value is None else str(value), "note": answer.get("note", ""),
                "guide": localized(item, "guide") if item.get("guide") else "",
            })
    return rows


def _labelled(events):
    events = list(events)
    for event in events:
        move = TABLE.get(event.action)
        event.label = move.label if move else pgettext_lazy("evaluation event", "Created")
    return events


@login_required
def evaluation_detail(request, pk):
    evaluation = selectors.evaluation_get(request.user, pk)
    user = request.user
    definition = evaluation.scorecard_version.definition
    status = evaluation.status
    editable = status == EvaluationStatus.DRAFT and evaluation.evaluator_id == user.pk
    reviewing = (status == EvaluationStatus.DISPUTED and can_review(user)
                 and user.pk not in (evaluation.evaluator_id, evaluation.agent_id))
    offered = {
        "submit": editable,
        "acknowledge": evaluation.agent_id == user.pk,
        "dispute": evaluation.agent_id == user.pk,
        "finalize": evaluation.agent_id == user.pk or not is_agent(user),
    }
    actions = [t for t in TABLE.allowed(status) if offered.get(t.action)]
    return render(request, "qa/evaluation.html", {
        "evaluation": evaluation, "contact": evaluation.contact, "messages_list": contact_messages(evaluation.contact),
        "items": _items(definition, evaluation.answers or {}), "editable": editable, "reviewing": reviewing,
        "actions": actions, "events": _labelled(selectors.evaluation_events(evaluation)),
        "sections": [(localized(s), r) for s, r in zip(definition["sections"],
                                                      (evaluation.breakdown or {}).get("sections", []), strict=False)],
        "scales": SCALES,
    })


@login_required
@require_POST
def evaluation_new(request):
    contact_id = request.POST.get("contact", "")
    if not contact_id.isdigit():
        raise Http404
    contact = contact_get(request.user, int(contact_id))
    sample = None
    if request.POST.get("sample", "").isdigit():
        sample = get_object_or_404(selectors.sample_list(request.user), pk=int(request.POST["sample"]))
    try:
        evaluation = evaluation_create(actor=request.user, contact=contact, sample=sample, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("qa:samples"))
    return redirect(reverse("qa:evaluation", args=[evaluation.pk]))


@login_required
@require_POST
def evaluation_save(request, pk):
    evaluation = selectors.evaluation_get(request.user, pk)
    answers = answers_from_post(request.POST, evaluation.scorecard_version.definition)
    back = reverse("qa:evaluation", args=[pk])
    if request.POST.get("then") == "submit":
        def call(now):
            evaluation_save_draft(actor=request.user, evaluation=evaluation, answers=answers,
                                  comment=request.POST.get("comment", ""), now=now)
            evaluation_transition(actor=request.user, evaluation=evaluation, action="submit", now=now)
        return run(request, call, _("Submitted."), back)
    return run(request, lambda now: evaluation_save_draft(
        actor=request.user, evaluation=evaluation, answers=answers, comment=request.POST.get("comment", ""),
        now=now), _("Saved."), back)


@login_required
@require_POST
def evaluation_move(request, pk):
    evaluation = selectors.evaluation_get(request.user, pk)
    action = request.POST.get("action", "")
    answers = None
    if action == "change":
        answers = answers_from_post(request.POST, evaluation.scorecard_version.definition)
    return run(request, lambda now: evaluation_transition(
        actor=request.user, evaluation=evaluation, action=action, reason=request.POST.get("reason", ""),
        answers=answers, now=now), _("Done."), reverse("qa:evaluation", args=[pk]))


@login_required
def disputes(request):
    return render(request, "qa/disputes.html", {"rows": selectors.disputes_queue(request.user)[:200],
                                                "can_evaluate": can_evaluate(request.user)})
