"""Staffing (排班) from the contact records: Erlang C and the shift-plan check."""
