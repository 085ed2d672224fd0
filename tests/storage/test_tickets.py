"""A callback ticket keeps the citizen's phone for the staff, sealed at rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from ali.storage.database import Database
from ali.storage.models import TicketRow
from ali.storage.tickets import TicketRepository

PHONE = "655443322"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "ali.db"


@pytest.fixture
def database(path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{path}")
    database.migrate()
    yield database
    database.dispose()


def raw_files(path: Path) -> bytes:
    names = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return b"".join(name.read_bytes() for name in names if name.exists())


def create(tickets: TicketRepository) -> str:
    ticket = tickets.create(
        council_id="alicante",
        conversation_id=None,
        kind="callback",
        topic="un recibo",
        preferred_time="afternoon",
        contact=PHONE,
    )
    return ticket.reference


def test_the_phone_is_sealed_at_rest_and_given_back_to_the_staff(
    database: Database, path: Path
) -> None:
    tickets = TicketRepository(database, secret="deployment")
    reference = create(tickets)
    assert PHONE.encode() not in raw_files(path)
    with database.reader() as session:
        stored = session.scalar(select(TicketRow.contact))
    assert stored is not None and stored.startswith("v1:") and len(stored) <= 64
    assert [(t.reference, t.contact) for t in tickets.list("alicante")] == [(reference, PHONE)]
    # Under another deployment's secret the phone does not open.
    assert TicketRepository(database, secret="other").list("alicante")[0].contact is None


def test_phones_stored_in_clear_before_are_sealed(database: Database, path: Path) -> None:
    tickets = TicketRepository(database, secret="deployment")
    create(tickets)
    with database.session() as session:  # as tickets were written before
        session.execute(update(TicketRow).values(contact=PHONE))
    assert tickets.list("alicante")[0].contact == PHONE
    assert tickets.seal_plain_contacts() == 1
    assert PHONE.encode() not in raw_files(path)
    assert tickets.list("alicante")[0].contact == PHONE
    assert tickets.seal_plain_contacts() == 0
