"""Every write of QA: `<entity>_<verb>(*, actor, …, now=None)` raising DomainError."""
