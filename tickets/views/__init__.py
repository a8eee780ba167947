"""Browser views of the ticket core, one module per page or area. Views are thin:
parse a form, call one service, render or redirect. Helpers live in `common`,
`timeline` and `detail_context`."""
