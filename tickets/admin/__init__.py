"""Django admin of the ticket core, by area. Every save and action goes through the
services; rows the services own are read-only here."""

from . import catalog, customers, org, records, tickets

__all__ = ["catalog", "customers", "org", "records", "tickets"]
