"""Every write of the reports app. Views, API, admin, tasks and commands call these."""

from .appeals import appeal_deadline, appeal_file, appeal_transition
from .close import month_close
from .months import adjustment_create, indicator_owner_set, month_lock, order_count_set, order_counts_import_csv

__all__ = [
    "adjustment_create",
    "appeal_deadline",
    "appeal_file",
    "appeal_transition",
    "indicator_owner_set",
    "month_close",
    "month_lock",
    "order_count_set",
    "order_counts_import_csv",
]
