import re

import pytest
from django.core.cache import cache

from complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _challenge(client):
    html = client.get("/complain/").content.decode()
    a, b = map(int, re.search(r"(\d) \+ (\d) = \?", html).groups())
    token = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    return a + b, token


def _post(client, category, **extra):
    answer, token = _challenge(client)
    data = {"name": "王五", "phone": "138 1234 5678", "category": category.pk, "title": "包裹丢了",
            "description": "等了一周", "desired_remedy": "赔偿", "answer": answer, "challenge": token, **extra}
    return client.post("/complain/", data)


def test_files_a_web_form_complaint_matched_by_phone(client, center, customer, category):
    response = _post(client, category)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/track/{complaint.tracking_token}/"
    assert complaint.ticket.customer == customer  # 13812345678 without spaces
    assert complaint.ticket.channel == "web_form" and complaint.ticket.created_by is None


def test_wrong_answer_or_honeypot_is_refused(client, center, category):
    assert _post(client, category, answer=99).status_code == 400
    assert _post(client, category, website="http://spam").status_code == 400
    assert not Complaint.objects.exists()


def test_rate_limited(client, center, category):
    codes = [_post(client, category).status_code for _ in range(6)]
    assert codes[:5] == [302] * 5 and codes[5] == 429
