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


def _is_mp3(head: bytes) -> bool:
    """An ID3v2 tag, or an MPEG audio frame header (11 sync bits, a valid layer)."""
    if head.startswith(b"ID3"):
        return True
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0


def _is_wav(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE"


def _is_text(head: bytes) -> bool:
    return b"\x00" not in head


# Every allowed type has a content check (a test keeps it so): the leading bytes must
# be what the extension claims.
CONTENT_CHECKS = {
    **{suffix: (lambda head, sigs=sigs: any(head.startswith(sig) for sig in sigs))
       for suffix, sigs in SIGNATURES.items()},
    ".mp3": _is_mp3,
    ".wav": _is_wav,
    ".txt": _is_text,
    ".csv": _is_text,
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
    check = CONTENT_CHECKS.get(suffix)
    if check is None or not check(head):
        if suffix in {".txt", ".csv"}:
            raise DomainError(_("A text file cannot contain binary data."), field="file")
        message = _("The file's content does not match its %(suffix)s extension.") % {"suffix": suffix}
        raise DomainError(message, field="file")
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
