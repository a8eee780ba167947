"""QA and reports objects of the security walks' world, through the services: the
center's voice scorecard, a QA draft evaluation of agent1's call (a draft is hidden even from the agent it scores)
and a finished export of the manager's (an export is its requester's alone)."""

from datetime import timedelta

from django.utils import timezone

OUTSIDERS = {
    "scorecard": ("merchandise_staff", "merchandise_head"),  # the center's standard, not the departments'
    "evaluation": ("merchandise_staff", "merchandise_head", "agent2", "agent1"),
    "export": ("merchandise_staff", "merchandise_head", "agent2", "lead"),
}
INSIDERS = {
    "scorecard": ("agent1", "agent2", "lead", "qa", "manager", "admin"),
    "evaluation": ("qa", "lead", "manager", "admin"),
    "export": ("manager",),
}


def build(users: dict) -> dict:
    from qa.services.evaluations import evaluation_create
    from qa.services.scorecards import scorecard_create
    from reports.services.exports import export_job_run, export_request
    from tests.qa.conftest import VOICE_CARD
    from tickets.models import ContactRecord

    now = timezone.now()
    qa = users["qa"]
    scorecard = scorecard_create(actor=qa, name="语音质检", name_en="Voice QA", channel_kind="voice",
                                 definition=VOICE_CARD, now=now)
    at = now - timedelta(days=1)
    call = ContactRecord.objects.create(
        source="pbx", external_id="w-call-1", kind="call", channel="hotline", queue="售后", agent=users["agent1"],
        offered_at=at, answered_at=at + timedelta(seconds=10), ended_at=at + timedelta(minutes=5), wait_seconds=10,
        talk_seconds=250, wrap_seconds=40, imported_at=at, **ContactRecord.local_fields(at))
    evaluation = evaluation_create(actor=qa, contact=call, now=now)
    job = export_request(actor=users["manager"], report="violations", fmt="csv", now=now)
    export_job_run(job_id=job.pk, now=now)
    return {"scorecard": scorecard.pk, "evaluation": evaluation.pk, "export": job.pk}
