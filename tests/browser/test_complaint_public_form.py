"""A customer files a complaint on the public web form from a phone (no login):
answers the arithmetic check, lands on the tracking page of the new complaint."""

import re

import pytest

from complaints.models import Complaint
from tests.factories import CategoryFactory, CustomerFactory, ServiceCenterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_form_on_a_phone(browser, live_server, shots, transactional_db):
    from django.core.cache import cache

    cache.clear()  # the per-address rate limit of earlier runs
    ServiceCenterFactory()
    category = CategoryFactory(code="logistics", name="物流配送", name_en="Logistics")
    customer = CustomerFactory(name="张三", phone="13812345678")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/complain/")
    page.fill("input[name=name]", "张三")
    page.fill("input[name=phone]", "138 1234 5678")
    page.select_option("select[name=category]", str(category.pk))
    page.fill("input[name=title]", "快递一周未到")
    page.fill("textarea[name=description]", "订单 SO1 一周没有物流更新")
    page.fill("textarea[name=desired_remedy]", "尽快送达")
    a, b = map(int, re.search(r"(\d) \+ (\d) = \?", page.locator("label[for=id_answer]").inner_text()).groups())
    page.fill("input[name=answer]", str(a + b))
    page.screenshot(path=str(shots / "complaint-form-phone.png"), full_page=True)
    page.click("form.pub-form button[type=submit]")
    page.wait_for_url(re.compile(r"/track/[A-Za-z0-9_-]{32}/$"))
    complaint = Complaint.objects.get()
    assert complaint.ticket.customer == customer and complaint.ticket.channel == "web_form"
    assert complaint.ticket.number in page.locator("h1").inner_text()
    assert "您的投诉" in page.locator("h1").inner_text()
    page.click(".lang-switch a[lang=en]")
    page.wait_for_selector("text=Your complaint")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
