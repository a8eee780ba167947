"""QA pages. Thin: read through the selectors, write through one service per POST, a
refusal comes back as a message on the page (never a 500)."""
