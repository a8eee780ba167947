"""The one domain error type. Services raise it; the API maps it to a status code with
a message (`slacenter.api.exception_handler`), HTML views show it as a form error."""


class DomainError(Exception):
    """A business rule refused the operation. `status` is the HTTP status the API
    answers with (400 bad input, 404 not found, 409 conflict with the current state);
    `extra` carries machine-readable detail such as the allowed moves."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None, **extra):
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        if status:
            self.status = status
        self.extra = extra


class Conflict(DomainError):
    """The operation does not fit the object's current state (e.g. an illegal move)."""

    status = 409
    code = "conflict"


class NotFound(DomainError):
    status = 404
    code = "not_found"
