"""Every SLA test starts with empty in-process caches of policies and calendars: they
are keyed by (id, revision), and a rolled-back test on SQLite leaves ids and
revisions that the next test reuses for different rows. (`clock_fixtures`' own
autouse fixture is not imported by `import *` — its name starts with an underscore.)"""

import pytest

from sla.services import clock_config


@pytest.fixture(autouse=True)
def _fresh_sla_caches():
    clock_config._policy_cache.update(key=None, views=[])
    clock_config._calendar_memo.update(key=None, by_department={}, by_id={})
    clock_config._versions.clear()
