"""Demo QA: the two default scorecards (voice; online with 信息登记规范), last
month's sampling plan scored by the QA specialist (a few fatal errors, disputes and
reviews), a praise, the exempt stars of this month, a closed calibration session, and
last month's performance computed. Everything through the qa services; idempotent (a
second run finds the scorecards and stops)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from qa.models import Evaluation, Scorecard
from qa.services.calibration import calibration_close, calibration_create, calibration_score
from qa.services.common import local_month
from qa.services.evaluations import evaluation_create, evaluation_save_draft, evaluation_transition
from qa.services.performance import agent_input_set, performance_compute
from qa.services.praise import praise_record
from qa.services.sampling import exempt_stars_compute, previous_month, sampling_plan_draw
from qa.services.scorecards import scorecard_create
from slacenter.errors import DomainError
from tickets.models import Role


def _item(key, name, name_en, points, scale="yes_no", **flags):
    return {"key": key, "name": name, "name_en": name_en, "points": points, "scale": scale, **flags}


ETIQUETTE = {"key": "etiquette", "name": "服务礼仪", "name_en": "Service etiquette", "items": [
    _item("greeting", "标准开头语/结束语", "Standard greeting and closing", 5, na_allowed=True),
    _item("tone", "语气语速亲切适中", "Friendly tone and pace", 10, "five"),
    _item("courtesy", "礼貌用语，不推诿", "Courteous, no buck-passing", 10, "three"),
    _item("abuse", "辱骂、顶撞客户", "Insulting or arguing with the customer", 0, fatal=True),
]}
SKILLS = {"key": "skills", "name": "服务技巧", "name_en": "Service skills", "items": [
    _item("listening", "耐心倾听，不打断", "Listens patiently, no interrupting", 10, "three"),
    _item("empathy", "安抚情绪", "Calms the customer", 10, "five"),
    _item("hold", "静音/等待前告知", "Announces hold or silence", 5, na_allowed=True),
]}
SOLVING = {"key": "solving", "name": "解决问题能力", "name_en": "Problem solving", "items": [
    _item("verify", "核实客户身份", "Verifies the customer's identity", 10, critical=True),
    _item("accuracy", "答复准确完整", "Accurate, complete answer", 20, "five"),
    _item("first_contact", "一次解决", "Solved in this contact", 10, "three", na_allowed=True),
    _item("leak", "泄露客户信息", "Discloses customer data", 0, fatal=True),
]}
REGISTRATION = {"key": "registration", "name": "信息登记规范", "name_en": "Information registration", "items": [
    _item("ticket_fields", "工单字段完整准确", "Ticket fields complete and accurate", 5, "three", na_allowed=True),
    _item("typing", "错别字/表述规范", "No typos, standard wording", 5, "three"),
]}
BONUS = {"key": "bonus", "name": "加分项", "name_en": "Bonus", "items": [
    _item("beyond", "超出客户期望", "Went beyond expectations", 3, bonus=True, na_allowed=True),
]}
VOICE = {"sections": [ETIQUETTE, SKILLS, SOLVING,
                      {**REGISTRATION, "items": [REGISTRATION["items"][0], _item(
                          "summary", "小结记录", "Call summary recorded", 5, "three")]}, BONUS]}
ONLINE = {"sections": [
    ETIQUETTE,
    {**SKILLS, "items": [_item("response", "快速响应（30秒内）", "Responds within 30 s", 10, "five"),
                         SKILLS["items"][1], _item("multi", "多线互动不冷落", "No visitor left waiting", 5, "three")]},
    SOLVING, REGISTRATION, BONUS]}


def _answers(rng, definition, *, fatal=False, quality=0.85):
    answers = {}
    for section in definition["sections"]:
        for item in section["items"]:
            scale = item.get("scale", "yes_no")
            if item.get("fatal"):
                answers[item["key"]] = {"value": 0 if fatal else 1, "note": "录音中出现" if fatal else ""}
            elif item.get("bonus"):
                answers[item["key"]] = {"value": 1 if rng.random() < 0.1 else "na", "note": ""}
            elif item.get("na_allowed") and rng.random() < 0.1:
                answers[item["key"]] = {"value": "na", "note": ""}
            elif scale == "five":
                answers[item["key"]] = {"value": 5 if rng.random() < quality else rng.choice([3, 4]), "note": ""}
            elif scale == "three":
                answers[item["key"]] = {"value": 2 if rng.random() < quality else 1, "note": ""}
            else:
                answers[item["key"]] = {"value": 1 if rng.random() < quality + 0.1 else 0, "note": ""}
    return answers


def run(ctx) -> None:
    if Scorecard.objects.exists():
        print("  qa: scorecards already there, nothing to add")
        return
    users = ctx.data.get("users") or {u.username: u for u in get_user_model().objects.all()}
    qa_user, lead, manager = users.get("qa1"), users.get("lead1"), users.get("manager1")
    if qa_user is None or manager is None:
        print("  qa: no QA specialist or manager, skipped")
        return
    now = ctx.now
    scorecard_create(actor=qa_user, name="语音服务质量监测标准", name_en="Voice quality standard",
                     channel_kind="voice", definition=VOICE, now=now - timedelta(days=70), system=True)
    scorecard_create(actor=qa_user, name="在线服务质量监测标准", name_en="Online quality standard",
                     channel_kind="online", definition=ONLINE, now=now - timedelta(days=70), system=True)
    rng = random.Random(f"{ctx.rng_seed}:qa")
    last = previous_month(local_month(now))
    plan = sampling_plan_draw(actor=qa_user, month=last, seed=ctx.rng_seed, now=now,
                              system=True)
    agents = {u.pk: u for u in get_user_model().objects.filter(profile__role=Role.AGENT)}
    quality = {pk: rng.choice([0.97, 0.9, 0.8, 0.7]) for pk in agents}
    done = 0
    for sample in plan.samples.select_related("contact").order_by("id"):
        at = sample.contact.offered_at + timedelta(days=2)
        at = min(at, now - timedelta(days=1))
        evaluation = evaluation_create(actor=qa_user, contact=sample.contact, sample=sample, now=at)
        fatal = rng.random() < 0.04
        answers = _answers(rng, evaluation.scorecard_version.definition, fatal=fatal, quality=quality[sample.agent_id])
        evaluation_save_draft(actor=qa_user, evaluation=evaluation, answers=answers, now=at)
        evaluation = evaluation_transition(actor=qa_user, evaluation=evaluation, action="submit", now=at)
        agent = agents[sample.agent_id]
        roll = rng.random()
        try:
            if fatal or roll < 0.08:
                evaluation = evaluation_transition(actor=agent, evaluation=evaluation, action="dispute",
                                                   reason="我认为评分过严，请复核录音", now=at + timedelta(hours=5))
                if lead is not None and rng.random() < 0.7:
                    review_at = at + timedelta(days=1)
                    if fatal and rng.random() < 0.5:
                        evaluation_transition(actor=lead, evaluation=evaluation, action="change",
                                              reason="复听录音，未发现该问题", now=review_at,
                                              answers=_answers(rng, evaluation.scorecard_version.definition))
                    else:
                        evaluation_transition(actor=lead, evaluation=evaluation, action="uphold",
                                              reason="复听确认，维持原评分", now=review_at)
            elif roll < 0.7:
                evaluation_transition(actor=agent, evaluation=evaluation, action="acknowledge",
                                      now=at + timedelta(hours=3))
        except DomainError:
            pass  # e.g. the same-score change: that evaluation stays as it is
        done += 1
    first_agent = next(iter(sorted(agents.values(), key=lambda u: u.username)), None)
    if first_agent is not None and lead is not None:
        praise_record(actor=lead, agent=first_agent, source="callback", evidence="回访时客户表扬：耐心细致，一次解决",
                      at=now - timedelta(days=25), now=now - timedelta(days=25))
        for agent in agents.values():
            agent_input_set(actor=lead, agent=agent, month=last, test_score=rng.choice([85, 90, 95]),
                            attendance_score=rng.choice([90, 100]), absences=rng.choice([0, 0, 1]), now=now)
    specialists = list(get_user_model().objects.filter(profile__role=Role.QA_SPECIALIST))
    contact = plan.samples.order_by("id").first()
    if len(specialists) >= 2 and contact is not None:
        session = calibration_create(actor=manager, title="月度校准", contact=contact.contact,
                                     participants=specialists[:3], now=now - timedelta(days=5))
        for specialist in specialists[:3]:
            calibration_score(actor=specialist, session=session, now=now - timedelta(days=5),
                              answers=_answers(rng, session.scorecard_version.definition))
        calibration_close(actor=manager, session=session, now=now - timedelta(days=4))
    stars = exempt_stars_compute(month=local_month(now), now=now)
    performance_compute(actor=None, month=last, now=now, system=True)
    print(f"  qa: {done} evaluations in {last:%Y-%m}, {Evaluation.objects.filter(status='disputed').count()} "
          f"open disputes, {len(stars)} exempt stars, performance computed")
