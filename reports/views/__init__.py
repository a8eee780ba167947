"""Browser pages of the monthly close."""
