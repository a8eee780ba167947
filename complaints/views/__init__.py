"""Browser pages of the complaint loop."""
