"""Documents a citizen attaches to an application: checked by content, kept until the form is
sent or abandoned."""

from ali.attachments.inspection import (
    ACCEPTED_TYPES,
    Inspected,
    RejectedAttachment,
    inspect_attachment,
)
from ali.attachments.store import AttachmentStore, StoredAttachment

__all__ = [
    "ACCEPTED_TYPES",
    "AttachmentStore",
    "Inspected",
    "RejectedAttachment",
    "StoredAttachment",
    "inspect_attachment",
]
