"""Every write of internal agreements (内部SLA协议). Views, API, admin actions and the
`expire_agreements` command call these; the rules live here."""

from .drafts import (
    agreement_create_draft,
    agreement_update_draft,
    draft_part_remove,
    indicator_add,
    indicator_override_add,
    penalty_add,
    period_start_of,
    service_item_add,
)
from .lifecycle import (
    agreement_amend,
    agreement_recall,
    agreement_sign,
    agreement_submit,
    agreement_terminate,
    agreement_transition,
    agreements_expire,
)

__all__ = [
    "agreement_amend",
    "agreement_create_draft",
    "agreement_recall",
    "agreement_sign",
    "agreement_submit",
    "agreement_terminate",
    "agreement_transition",
    "agreement_update_draft",
    "agreements_expire",
    "draft_part_remove",
    "indicator_add",
    "indicator_override_add",
    "penalty_add",
    "period_start_of",
    "service_item_add",
]
