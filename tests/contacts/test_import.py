"""contacts_import: validation row by row, nothing half-imported, idempotency, chat
response times, file import."""

import io
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook

from slacenter.errors import DomainError
from tests.factories import make_staff
from tickets.models import ContactMessage, ContactRecord, Role
from tickets.services.contact_files import contacts_import_file
from tickets.services.contacts import chat_response_times, contacts_import

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def qa_user(center):
    return make_staff(Role.QA_SPECIALIST, center, username="qa")


def call(n, **extra):
    row = {"source": "pbx", "external_id": f"c{n}", "channel": "hotline", "queue": "售前",
           "offered_at": "2026-11-02 09:00:00", "answered_at": "2026-11-02 09:00:15", "ended_at": "2026-11-02 09:05:00",
           "wait_seconds": 15, "talk_seconds": 270, "wrap_seconds": 30, "agent": "agent", "satisfaction": 5}
    row.update(extra)
    return row


def test_import_creates_and_a_resent_batch_changes_nothing(agent, qa_user):
    rows = [call(i) for i in range(5)]
    first = contacts_import(rows=rows, actor=qa_user, now=NOW)
    assert (first.created, first.unchanged) == (5, 0)
    record = ContactRecord.objects.get(external_id="c0")
    assert record.agent == agent and record.kind == "call" and record.handle_seconds == 300
    # Local time without offset is the center's (Asia/Shanghai): 09:00 → 01:00 UTC.
    assert record.offered_at == datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    again = contacts_import(rows=rows, actor=qa_user, now=NOW)
    assert (again.created, again.unchanged) == (0, 5)
    assert ContactRecord.objects.count() == 5


def test_bad_rows_are_reported_row_by_row_and_nothing_is_written(agent, qa_user):
    rows = [call(1), call(2, channel="fax"), call(3, agent="nobody"), call(4, satisfaction=9), call(1),
            call(5, answered_at="2026-11-02 08:00:00"), call(6, offered_at="yesterday")]
    with pytest.raises(DomainError) as caught:
        contacts_import(rows=rows, actor=qa_user, now=NOW)
    errors = caught.value.extra["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (2, "channel"), (3, "agent"), (4, "satisfaction"), (5, "external_id"), (6, "answered_at"), (7, "offered_at")]
    assert caught.value.extra["error_count"] == 6
    assert ContactRecord.objects.count() == 0


def test_only_qa_managers_admins_import(agent):
    with pytest.raises(DomainError) as caught:
        contacts_import(rows=[call(1)], actor=agent, now=NOW)
    assert caught.value.status == 403


@pytest.mark.parametrize(("messages", "expected"), [
    ([], (None, 0, 0)),
    ([(0, "visitor"), (30, "agent")], (30, 30, 1)),
    ([(0, "visitor"), (10, "visitor"), (40, "agent"), (50, "agent"), (60, "visitor"), (80, "agent")], (40, 60, 2)),
    ([(0, "agent"), (5, "visitor"), (9, "system"), (20, "agent")], (15, 15, 1)),
])
def test_chat_response_times(messages, expected):
    base = datetime(2026, 11, 2, tzinfo=UTC).timestamp()
    timed = [(datetime.fromtimestamp(base + s, tz=UTC), side) for s, side in messages]
    assert chat_response_times(timed) == expected


def test_chat_messages_stored_with_derived_times(agent, qa_user):
    row = {"source": "chat", "external_id": "s1", "channel": "webchat", "offered_at": "2026-11-02T10:00:00+08:00",
           "answered_at": "2026-11-02T10:00:05+08:00", "agent": "agent", "messages": [
               {"at": "2026-11-02T10:00:10+08:00", "side": "visitor", "text": "在吗\t?"},
               {"at": "2026-11-02T10:00:40+08:00", "side": "agent", "text": "您好\\"}]}
    contacts_import(rows=[row], actor=qa_user, now=NOW)
    record = ContactRecord.objects.get(external_id="s1")
    assert (record.first_response_seconds, record.response_seconds_total, record.response_count) == (30, 30, 1)
    assert list(ContactMessage.objects.filter(contact=record).values_list("seq", "side", "text")) == [
        (1, "visitor", "在吗\t?"), (2, "agent", "您好\\")]
    contacts_import(rows=[row], actor=qa_user, now=NOW)
    assert ContactMessage.objects.count() == 2


def test_csv_and_xlsx_files(agent, qa_user):
    csv_data = (b"external_id,channel,offered_at,answered_at,agent,wait_seconds\n"
                b"x1,hotline,2026-11-02 09:00,2026-11-02 09:00:30,agent,30\n")
    result = contacts_import_file(name="calls.csv", data=csv_data, actor=qa_user, source="pbx", now=NOW)
    assert result.created == 1
    book = Workbook()
    sheet = book.active
    sheet.append(["source", "external_id", "channel", "offered_at", "agent"])
    sheet.append(["pbx", "x2", "hotline", datetime(2026, 11, 2, 9, 0), "agent"])
    sheet.append(["pbx", "x3", "hotline", "not a time", "agent"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(DomainError) as caught:
        contacts_import_file(name="calls.xlsx", data=out.getvalue(), actor=qa_user, now=NOW)
    assert caught.value.extra["errors"] == [{"row": 2, "column": "offered_at", "message": caught.value.extra[
        "errors"][0]["message"]}]
    assert not ContactRecord.objects.filter(external_id="x2").exists()
    with pytest.raises(DomainError):
        contacts_import_file(name="calls.csv", data=b"foo,bar\n1,2\n", actor=qa_user, now=NOW)


def test_a_concurrent_import_of_the_same_keys_falls_back_to_on_conflict(agent, qa_user, postgres_only, monkeypatch):
    from tickets.services import contacts_copy as service

    contacts_import(rows=[call(1)], actor=qa_user, now=NOW)
    # As if another import stored c1 between our look-up and our COPY.
    monkeypatch.setattr(service, "existing_keys", lambda cursor, table, keys: {})
    result = contacts_import(rows=[call(1), call(2)], actor=qa_user, now=NOW)
    assert (result.created, result.unchanged) == (1, 1)
    assert ContactRecord.objects.filter(source="pbx").count() == 2
