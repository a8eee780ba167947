"""Django admin of the ticket core, by area. Every save and action goes through the
services; rows the services own are read-only here."""

from . import catalog, contacts, customers, org, records, tickets

__all__ = ["catalog", "contacts", "customers", "org", "records", "tickets"]
