"""Callback requests left for the council's staff when a citizen asks for a person."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from ali.storage.database import Database
from ali.storage.models import TicketRow


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
    def __init__(self, database: Database) -> None:
        self._db = database

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
                    contact=contact,
                )
            )
        return Ticket(reference, council_id, kind, topic, preferred_time, contact, "open")

    def list(self, council_id: str) -> list[Ticket]:
        with self._db.session() as session:
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
                    r.contact,
                    r.status,
                )
                for r in rows
            ]

    def purge(self, older_than: dt.datetime) -> int:
        with self._db.session() as session:
            result = session.execute(delete(TicketRow).where(TicketRow.created_at < older_than))
            return int(getattr(result, "rowcount", 0) or 0)
