"""Demo data for `manage.py seed_demo`. Each step is a module with
`run(ctx: DemoContext) -> None`; steps run in the order of STEPS and must be
idempotent (a second `seed_demo` changes nothing). Apps add their own step module
here and list it below; a step may read what earlier steps put in `ctx`."""

from dataclasses import dataclass, field
from datetime import datetime

# Default size of `seed_demo` (the options override it).
DEFAULT_TICKETS = 1000
DEFAULT_CUSTOMERS = 300


@dataclass
class DemoContext:
    now: datetime
    rng_seed: int = 20261122
    # Filled by the steps: e.g. "departments" → {code: Department}, "users" → {username: User}.
    data: dict = field(default_factory=dict)


STEPS: list[str] = [
    "slacenter.demo.org",
    "slacenter.demo.calendars",
    "slacenter.demo.agreements",
    "slacenter.demo.policies",
    "slacenter.demo.tickets",
    "slacenter.demo.contacts",
    "slacenter.demo.qa",
    "slacenter.demo.complaints",
    "slacenter.demo.consultations",
    "slacenter.demo.incidents",
    "slacenter.demo.accountability",  # findings answered, improvement actions (before reports read them)
    "slacenter.demo.reports",
    "slacenter.demo.knowledge",
    "slacenter.demo.hotspots",  # last: tags every complaint the steps above took in
]
