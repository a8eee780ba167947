import pytest
from django.contrib.auth import get_user_model

from complaints.models import AuthorityLimit, SeatGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, center):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pass12345")
    client.force_login(user)
    return client


def test_every_complaint_admin_page_opens(admin_client, make_complaint, chain):
    make_complaint()
    for model in ("complaint", "seatgroup", "authoritylimit", "remedy", "approvalrequest", "callbacktask",
                  "callbackattempt", "outboundmessage"):
        assert admin_client.get(f"/admin/complaints/{model}/").status_code == 200, model
        assert admin_client.get(f"/admin/complaints/{model}/add/").status_code in (200, 403), model


def test_seat_group_and_limit_are_saved_through_the_services(admin_client, agent, category):
    response = admin_client.post("/admin/complaints/seatgroup/add/", {
        "name": "物流专席", "name_en": "Logistics desk", "code": "logistics", "categories": [category.pk],
        "tiers": ["gold"], "members": [agent.pk], "is_active": "on", "rank": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    group = SeatGroup.objects.get(code="logistics")
    assert list(group.members.all()) == [agent] and group.tiers == ["gold"]
    response = admin_client.post("/admin/complaints/authoritylimit/add/", {
        "remedy_kind": "compensation", "level": "1", "role": "agent", "max_amount": "150"})
    assert response.status_code == 302
    assert AuthorityLimit.objects.get(remedy_kind="compensation", level=1).max_amount == 150


def test_a_refused_seat_group_comes_back_as_a_message(admin_client, logistics_staff):
    response = admin_client.post("/admin/complaints/seatgroup/add/", {
        "name": "x", "code": "x", "members": [logistics_staff.pk], "rank": "0"}, follow=True)
    assert not SeatGroup.objects.exists()
    assert "service-center staff" in response.content.decode() or "客服中心" in response.content.decode()
