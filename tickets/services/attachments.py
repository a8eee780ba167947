from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
        raise DomainError(_("You cannot attach files to this ticket."), code="forbidden", status=403)
    name = Path(uploaded_file.name or "").name[:200]
    suffix = Path(name).suffix.lower()
    allowed = settings.ATTACHMENT_ALLOWED_TYPES
    if suffix not in allowed:
        raise DomainError(
            _("Files of type %(type)s are not accepted. Allowed: %(allowed)s.")
            % {"type": suffix or _("(none)"), "allowed": ", ".join(sorted(allowed))},
            field="file",
        )
    if uploaded_file.size > settings.ATTACHMENT_MAX_BYTES:
        raise DomainError(
            _("The file is %(size)d bytes; the limit is %(limit)d.")
            % {"size": uploaded_file.size, "limit": settings.ATTACHMENT_MAX_BYTES},
            field="file",
            status=413,
            code="too_large",
        )
    if uploaded_file.size == 0:
        raise DomainError(_("The file is empty."), field="file")
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    if suffix in SIGNATURES and not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        message = _("The file's content does not match its %(suffix)s extension.") % {"suffix": suffix}
        raise DomainError(message, field="file")
    if suffix in {".txt", ".csv"} and b"\x00" in head:
        raise DomainError(_("A text file cannot contain binary data."), field="file")
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
