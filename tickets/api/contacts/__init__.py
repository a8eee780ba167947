"""Contact records API under /api/v1/contacts/: scoped reads, the derived figures and
the bulk import commands (JSON batch and CSV/XLSX file)."""
