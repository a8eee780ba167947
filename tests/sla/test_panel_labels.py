"""The SLA panel names a policy's criteria and departments as people read them."""

import pytest
from django.utils import translation

from sla.views.clocks.display import _department_names, matched_on_labels


@pytest.mark.django_db
def test_matched_on_in_words(category, logistics):
    with translation.override("en"):
        rows = matched_on_labels({"priority": 4, "tier": "vip", "category": category.pk, "channel": "wechat"})
        assert rows == ["Priority: Urgent", "Tier: VIP", "Category: Late delivery", "Channel: WeChat"]
    with translation.override("zh-hans"):
        assert matched_on_labels({"priority": 4})[0] == "优先级：紧急"
    assert _department_names([logistics.pk, str(logistics.pk)]) == {logistics.pk: logistics.display_name}
