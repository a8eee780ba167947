"""QA REST API under /api/v1/qa/: scoped reads (generics + FilterSet) and one small
command endpoint per operation, each calling one service."""
