from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tickets.models.org import Role
from tickets.selectors_contacts import contact_get, contact_list

from .. import selectors
from ..models import CalibrationSession, Praise
from ..permissions import can_manage_qa, can_record_praise
from ..services.calibration import calibration_close, calibration_create, calibration_results, calibration_score
from ..services.praise import praise_record
from ..services.sampling import exempt_stars_compute, sampling_plan_draw
from .common import answers_from_post, month_param, run
from .evaluations import _items


@login_required
def samples(request):
    if not can_manage_qa(request.user):
        raise Http404
    month = month_param(request)
    plan = selectors.plan_list(request.user).filter(month=month).first()
    rows = selectors.sample_list(request.user).filter(plan=plan) if plan else []
    if plan and request.GET.get("mine"):
        rows = rows.filter(assignee=request.user)
    return render(request, "qa/samples.html", {"month": month, "plan": plan, "rows": rows,
                                               "mine": bool(request.GET.get("mine"))})


@login_required
@require_POST
def samples_draw(request):
    month = month_param(request)
    seed = request.POST.get("seed", "").strip()
    seed = int(seed) if seed.isdigit() and len(seed) < 18 else None
    return run(request, lambda now: sampling_plan_draw(actor=request.user, month=month, seed=seed, now=now),
               _("The sample is drawn."), reverse("qa:samples") + f"?month={month:%Y-%m}")


@login_required
def stars(request):
    month = month_param(request)
    return render(request, "qa/stars.html", {"month": month, "rows": selectors.star_board(request.user, month),
                                             "can_compute": can_manage_qa(request.user)})


@login_required
@require_POST
def stars_compute(request):
    month = month_param(request)
    if not can_manage_qa(request.user):
        raise Http404
    return run(request, lambda now: exempt_stars_compute(month=month, now=now), _("Exempt stars computed."),
               reverse("qa:stars") + f"?month={month:%Y-%m}")


@login_required
def calibration_list(request):
    specialists = get_user_model().objects.filter(profile__role=Role.QA_SPECIALIST, is_active=True).order_by(
        "username")
    return render(request, "qa/calibrations.html", {
        "rows": selectors.calibration_list(request.user).select_related("contact"),
        "can_create": can_manage_qa(request.user), "specialists": specialists})


@login_required
@require_POST
def calibration_new(request):
    users = get_user_model().objects
    contact_text = request.POST.get("contact", "").strip()
    contact = contact_list(request.user).filter(external_id=contact_text).first() or (
        contact_get(request.user, int(contact_text)) if contact_text.isdigit() and len(contact_text) < 12 else None)
    if contact is None:
        raise Http404
    ids = [int(i) for i in request.POST.getlist("participants") if i.isdigit() and len(i) < 12]
    participants = list(users.filter(pk__in=ids))
    expert_id = request.POST.get("expert", "")
    expert = users.filter(pk=int(expert_id)).first() if expert_id.isdigit() and len(expert_id) < 12 else None
    return run(request, lambda now: calibration_create(
        actor=request.user, title=request.POST.get("title", "").strip()[:200] or _("Calibration"), contact=contact,
        participants=participants, standard="expert" if expert else "median", expert=expert, now=now),
        _("Calibration session created."), reverse("qa:calibrations"))


@login_required
def calibration_detail(request, pk):
    session = selectors.calibration_get(request.user, pk)
    mine = session.evaluations.filter(evaluator=request.user).first()
    participant = session.participants.filter(pk=request.user.pk).exists()
    results, people = None, []
    if session.status == CalibrationSession.Status.CLOSED:
        results = calibration_results(session)
        by_id = {e.evaluator_id: e.evaluator for e in session.evaluations.select_related("evaluator")}
        keys = [i["key"] for s in session.scorecard_version.definition["sections"] for i in s["items"]]
        people = [{"who": by_id[who], "figures": figures, "deviations": [figures["deviations"].get(k) for k in keys]}
                  for who, figures in results["people"].items()]
        people.sort(key=lambda p: -(p["figures"]["alignment"] or 0))
    return render(request, "qa/calibration.html", {
        "session": session, "contact": session.contact, "participant": participant,
        "items": _items(session.scorecard_version.definition, mine.answers if mine else {}), "mine": mine,
        "visible": selectors.calibration_scores_visible(request.user, session), "results": results,
        "people": people, "item_names": [i["name"] for s in session.scorecard_version.definition["sections"]
                                         for i in s["items"]],
        "can_close": can_manage_qa(request.user) and session.status == CalibrationSession.Status.OPEN,
        "messages_list": session.contact.messages.order_by("seq"),
    })


@login_required
@require_POST
def calibration_submit(request, pk):
    session = selectors.calibration_get(request.user, pk)
    answers = answers_from_post(request.POST, session.scorecard_version.definition)
    return run(request, lambda now: calibration_score(actor=request.user, session=session, answers=answers, now=now),
               _("Your score is saved (blind until the session closes)."), reverse("qa:calibration", args=[pk]))


@login_required
@require_POST
def calibration_end(request, pk):
    session = selectors.calibration_get(request.user, pk)
    return run(request, lambda now: calibration_close(actor=request.user, session=session, now=now),
               _("Session closed."), reverse("qa:calibration", args=[pk]))


@login_required
def praise(request):
    month = month_param(request)
    return render(request, "qa/praise.html", {
        "month": month, "rows": selectors.praise_list(request.user).filter(month=month),
        "agents": selectors.team_agents(request.user), "can_record": can_record_praise(request.user),
        "sources": Praise.Source.choices})


@login_required
@require_POST
def praise_new(request):
    agent_id = request.POST.get("agent", "")
    if not agent_id.isdigit() or len(agent_id) > 12:
        raise Http404
    agent = selectors.team_agents(request.user).filter(pk=int(agent_id)).first()
    if agent is None:
        raise Http404
    return run(request, lambda now: praise_record(
        actor=request.user, agent=agent, source=request.POST.get("source", "lead"),
        evidence=request.POST.get("evidence", "")[:5000], now=now), _("Praise recorded."), reverse("qa:praise"))
