"""Attachments waiting for their form to be sent, in the database (they survive a restart
like the conversation does). They belong to one form of one conversation and one citizen
(`owner` is the conversation's owner hash); the action reads them when it runs, and they are
deleted once the form is sent or cancelled, or by the retention job when abandoned."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select

from ali.actions.action import Attachment
from ali.attachments.inspection import Inspected
from ali.storage.database import Database
from ali.storage.models import AttachmentRow


@dataclass(frozen=True)
class StoredAttachment:
    id: str
    filename: str
    media_type: str
    size: int
    sha256: str


class AttachmentStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def add(
        self,
        *,
        council_id: str,
        conversation_id: str,
        form_id: str,
        owner: str,
        inspected: Inspected,
        content: bytes,
    ) -> StoredAttachment:
        row = AttachmentRow(
            id=uuid.uuid4().hex,
            council_id=council_id,
            conversation_id=conversation_id,
            form_id=form_id,
            owner=owner,
            filename=inspected.filename,
            media_type=inspected.media_type,
            size=inspected.size,
            sha256=inspected.sha256,
            content=content,
        )
        with self._db.session() as session:
            session.add(row)
        return StoredAttachment(
            row.id, inspected.filename, inspected.media_type, inspected.size, inspected.sha256
        )

    def of_form(self, form_id: str) -> list[StoredAttachment]:
        with self._db.session() as session:
            rows = session.execute(
                select(
                    AttachmentRow.id,
                    AttachmentRow.filename,
                    AttachmentRow.media_type,
                    AttachmentRow.size,
                    AttachmentRow.sha256,
                )
                .where(AttachmentRow.form_id == form_id)
                .order_by(AttachmentRow.created_at, AttachmentRow.id)
            ).all()
        return [StoredAttachment(*row) for row in rows]

    def contents(self, form_id: str, ids: list[str]) -> list[Attachment]:
        """The files of this form with these ids, in the given order (others are ignored)."""
        if not ids:
            return []
        with self._db.session() as session:
            rows = session.scalars(
                select(AttachmentRow).where(
                    AttachmentRow.form_id == form_id, AttachmentRow.id.in_(ids)
                )
            ).all()
            found = {row.id: Attachment(row.filename, row.media_type, row.content) for row in rows}
        return [found[item] for item in ids if item in found]

    def remove(self, form_id: str, attachment_id: str) -> bool:
        with self._db.session() as session:
            result = session.execute(
                delete(AttachmentRow).where(
                    AttachmentRow.form_id == form_id, AttachmentRow.id == attachment_id
                )
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def forget_form(self, form_id: str) -> int:
        with self._db.session() as session:
            result = session.execute(delete(AttachmentRow).where(AttachmentRow.form_id == form_id))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def purge(self, older_than: dt.datetime) -> int:
        with self._db.session() as session:
            result = session.execute(
                delete(AttachmentRow).where(AttachmentRow.created_at < older_than)
            )
        return int(result.rowcount)  # type: ignore[attr-defined]
