"""Views of the ticket API, by area."""
