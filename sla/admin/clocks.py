"""Admin for the clocks models."""
