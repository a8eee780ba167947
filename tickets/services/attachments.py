from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from slacenter.errors import DomainError

from ..models import Attachment, Ticket, TicketEvent
from ..permissions import can_work_tickets, is_department_staff
from .events import event_record

# The first bytes a file of each type must start with, where the type has a signature.
SIGNATURES = {
    ".pdf": [b"%PDF"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".gif": [b"GIF87a", b"GIF89a"],
    ".xlsx": [b"PK\x03\x04"],
    ".docx": [b"PK\x03\x04"],
}


@transaction.atomic
def attachment_add(*, ticket: Ticket, actor, uploaded_file, comment=None, now=None) -> Attachment:
    """Store an uploaded file under a random name, after checking its size, its
    extension against the allow-list and its leading bytes against the type."""
    if not (can_work_tickets(actor) or is_department_staff(actor)):
        raise DomainError("You cannot attach files to this ticket.", code="forbidden", status=403)
    name = Path(uploaded_file.name or "").name[:200]
    suffix = Path(name).suffix.lower()
    allowed = settings.ATTACHMENT_ALLOWED_TYPES
    if suffix not in allowed:
        raise DomainError(
            f"Files of type {suffix or '(none)'} are not accepted. Allowed: {', '.join(sorted(allowed))}.",
            field="file",
        )
    if uploaded_file.size > settings.ATTACHMENT_MAX_BYTES:
        raise DomainError(
            f"The file is {uploaded_file.size} bytes; the limit is {settings.ATTACHMENT_MAX_BYTES}.",
            field="file",
            status=413,
            code="too_large",
        )
    if uploaded_file.size == 0:
        raise DomainError("The file is empty.", field="file")
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    if suffix in SIGNATURES and not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        raise DomainError(f"The file's content does not match its {suffix} extension.", field="file")
    if suffix in {".txt", ".csv"} and b"\x00" in head:
        raise DomainError("A text file cannot contain binary data.", field="file")
    now = now or timezone.now()
    attachment = Attachment(
        ticket=ticket,
        comment=comment,
        original_name=name,
        content_type=allowed[suffix],
        size=uploaded_file.size,
        uploaded_by=actor,
        created_at=now,
    )
    attachment.file.save(name, uploaded_file, save=False)
    attachment.save()
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.ATTACHMENT_ADDED,
        actor=actor,
        at=now,
        new=name,
        data={"attachment": attachment.pk, "size": attachment.size},
    )
    return attachment
