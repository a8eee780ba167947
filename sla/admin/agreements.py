"""Admin for the agreements models."""
