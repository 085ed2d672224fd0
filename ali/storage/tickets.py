"""Callback requests left for the council's staff when a citizen asks for a person.

The phone to call back is stored sealed (`StateCipher.seal_text`, under the deployment's
secret, bound to the ticket's reference); `list` gives it back in clear to the staff.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import structlog
from sqlalchemy import delete, not_, select, update

from ali.settings import DEVELOPMENT_SECRET
from ali.storage.database import Database
from ali.storage.models import TicketRow
from ali.storage.state_cipher import PREFIX, StateCipher, UnreadableState

log = structlog.get_logger("ali.storage")


@dataclass(frozen=True)
class Ticket:
    reference: str
    council_id: str
    kind: str
    topic: str
    preferred_time: str | None
    contact: str | None
    status: str


class TicketRepository:
    def __init__(self, database: Database, *, secret: str = DEVELOPMENT_SECRET) -> None:
        self._db = database
        self._cipher = StateCipher(secret)

    def create(
        self,
        *,
        council_id: str,
        conversation_id: str | None,
        kind: str,
        topic: str,
        preferred_time: str | None,
        contact: str | None,
    ) -> Ticket:
        reference = f"LL-{secrets.token_hex(4).upper()}"
        with self._db.session() as session:
            session.add(
                TicketRow(
                    council_id=council_id,
                    conversation_id=conversation_id,
                    kind=kind,
                    reference=reference,
                    topic=topic,
                    preferred_time=preferred_time,
                    contact=self._cipher.seal_text(reference, contact) if contact else contact,
                )
            )
        return Ticket(reference, council_id, kind, topic, preferred_time, contact, "open")

    def list(self, council_id: str) -> list[Ticket]:
        with self._db.reader() as session:
            rows = session.scalars(
                select(TicketRow).where(TicketRow.council_id == council_id).order_by(TicketRow.id)
            ).all()
            return [
                Ticket(
                    r.reference,
                    r.council_id,
                    r.kind,
                    r.topic,
                    r.preferred_time,
                    self._contact(r.reference, r.contact),
                    r.status,
                )
                for r in rows
            ]

    def _contact(self, reference: str, stored: str | None) -> str | None:
        if not stored:
            return stored
        try:
            return self._cipher.open_text(reference, stored)
        except UnreadableState:  # sealed under another secret
            log.warning("ticket_contact_unreadable", ticket=reference)
            return None

    def seal_plain_contacts(self) -> int:
        """Seals phones stored in clear (tickets from before contacts were sealed)."""
        with self._db.session() as session:
            rows = session.execute(
                select(TicketRow.id, TicketRow.reference, TicketRow.contact).where(
                    TicketRow.contact.is_not(None),
                    TicketRow.contact != "",
                    not_(TicketRow.contact.startswith(PREFIX, autoescape=True)),
                )
            ).all()
            for ticket_id, reference, contact in rows:
                session.execute(
                    update(TicketRow)
                    .where(TicketRow.id == ticket_id)
                    .values(contact=self._cipher.seal_text(reference, str(contact)))
                )
        if rows:
            self._db.checkpoint()
        return len(rows)

    def purge(self, older_than: dt.datetime) -> int:
        with self._db.session() as session:
            result = session.execute(delete(TicketRow).where(TicketRow.created_at < older_than))
            removed = int(getattr(result, "rowcount", 0) or 0)
        if removed:
            self._db.checkpoint()
        return removed
