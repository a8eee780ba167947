"""Admin for the calendars models."""
