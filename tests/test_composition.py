"""The composition root builds a deployment from its settings: a migrated database, stores that
share it and its secret, the connectors of each council's profile, and purged old data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update

from ali.composition import Stores, build_councils, build_stores, open_database
from ali.errors import NotReady
from ali.settings import EmbedderSettings, Settings
from ali.storage.models import TicketRow
from ali.storage.tickets import Ticket


def _settings(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, embedder=EmbedderSettings(backend="hashing")
    )


def _ticket(stores: Stores) -> Ticket:
    return stores.tickets.create(
        council_id="alicante",
        conversation_id=None,
        kind="callback",
        topic="padrón",
        preferred_time=None,
        contact="600111222",
    )


def test_the_councils_run_the_connectors_of_their_profile_on_the_migrated_database(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    councils = build_councils(settings)
    with pytest.raises(NotReady):
        councils.runtime("alicante")  # built, not yet warm

    councils.warm_up()
    actions = councils.runtime("alicante").actions
    assert actions is not None
    configured = set(councils.catalogue("alicante").profile.connectors)
    assert configured and configured <= set(actions.names())
    assert "handoff.callback" in actions.names()  # the callback action every council has
    # The stores and the dashboard read the deployment's one database, already migrated.
    assert councils.database.url == settings.database_url
    assert councils.attachments.of_form("no-such-form") == []


def test_stores_share_the_database_and_its_secret(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    stores = build_stores(settings)
    reference = _ticket(stores).reference
    again = build_stores(settings, open_database(settings))
    [ticket] = again.tickets.list("alicante")
    assert ticket.reference == reference
    assert ticket.contact == "600111222"  # sealed with the settings' secret, opened again


def test_building_the_councils_purges_what_is_past_retention(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    stores = build_stores(settings)
    _ticket(stores)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.conversations.retention_days + 1)
    with stores.database.session() as session:
        session.execute(update(TicketRow).values(created_at=old))

    build_councils(settings)

    assert stores.tickets.list("alicante") == []
