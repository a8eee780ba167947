"""Exports of every report and list as CSV or XLSX, formula-injection safe and
streamed (`formats`), built from scoped tables (`tables`)."""
