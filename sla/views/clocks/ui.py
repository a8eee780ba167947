"""The SLA badge in ticket queues and the SLA panel on the ticket page."""


def register_ui() -> None:
    pass
