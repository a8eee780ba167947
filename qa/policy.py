"""The center's QA rules with their defaults. `policy_rules()` merges the stored
`QaPolicy.rules` over DEFAULTS key by key, so a center only stores what it changes."""

from copy import deepcopy

DEFAULTS = {
    # Sampling: evaluations per agent per channel kind and month; extra samples for
    # agents under the threshold last month or with complaints about them; weights
    # that make complained-about and low-satisfaction contacts likelier.
    "sampling": {
        "per_agent": {"voice": 8, "online": 4},
        "extra": 2,
        "low_score_threshold": "80",
        "complaint_weight": "3",
        "low_satisfaction_weight": "2",
        "low_satisfaction_max": 2,
    },
    # 免检之星: average ≥ 95, no fatal error, at least 4 evaluations last month.
    "exempt_star": {"min_average": "95", "min_evaluations": 4},
    "dispute_days": 3,
    "praise_points": "2",
    # Points method (数值法): component weights (they are rescaled to 100 over the
    # components an agent has), praise bonus and fatal penalty in points, pay bands.
    "points": {
        "weights": {"qa": "40", "productivity": "20", "satisfaction": "20", "test": "10", "attendance": "10"},
        "fatal_penalty": "5",
        "base_pay": "1000",
        "bands": [
            {"min": "95", "name": "A", "coefficient": "1.2"},
            {"min": "85", "name": "B", "coefficient": "1.0"},
            {"min": "75", "name": "C", "coefficient": "0.8"},
            {"min": "0", "name": "D", "coefficient": "0.5"},
        ],
    },
    # Amount method (金额法): each defect deducts an amount from the base pay; the
    # deducted pool goes to the best agents by the published awards (share of the
    # pool to the top N by a figure; ties share equally).
    "amount": {
        "base_pay": "1000",
        "deductions": {"fatal_error": "200", "low_score": "50", "absence": "100", "late_arrival": "20"},
        "low_score_below": "80",
        "awards": [
            {"figure": "qa_average", "share": "0.5", "top": 1},
            {"figure": "handled", "share": "0.3", "top": 1},
            {"figure": "satisfaction", "share": "0.2", "top": 1},
        ],
    },
}


def merged(defaults: dict, stored: dict) -> dict:
    out = deepcopy(defaults)
    for key, value in (stored or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = deepcopy(value)
    return out


def policy_get():
    from .models import QaPolicy

    policy = QaPolicy.objects.order_by("id").first()
    if policy is None:
        policy, _ = QaPolicy.objects.get_or_create(pk=1)
    return policy


def policy_rules(policy=None) -> dict:
    policy = policy or policy_get()
    return merged(DEFAULTS, policy.rules)
