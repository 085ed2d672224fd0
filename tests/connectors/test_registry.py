from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from ali.catalogue import Catalogue
from ali.catalogue.schema import ConnectorConfig
from ali.connectors.registry import build_actions
from ali.errors import CatalogueError
from ali.settings import Settings
from ali.storage.database import Database
from ali.storage.tickets import TicketRepository


@pytest.fixture
def tickets(tmp_path: Path) -> TicketRepository:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    database.migrate()
    return TicketRepository(database)


def with_connectors(catalogue: Catalogue, connectors: dict[str, ConnectorConfig]) -> Catalogue:
    profile = catalogue.profile.model_copy(update={"connectors": connectors})
    return Catalogue(profile=profile, procedures=list(catalogue))


def test_configured_connectors_are_registered_next_to_the_callback(
    catalogue: Catalogue, tickets: TicketRepository
) -> None:
    configured = with_connectors(
        catalogue,
        {
            "padron.issue_certificate": ConnectorConfig(
                type="padron-certificate", base_url="http://x"
            )
        },  # type: ignore[arg-type]
    )
    settings = Settings(_env_file=None, connector_keys={"alicante": SecretStr("k")})  # type: ignore[call-arg]
    registry = build_actions(configured, settings, tickets)
    assert registry.names() == ["handoff.callback", "padron.issue_certificate"]


@pytest.mark.parametrize(
    ("action", "kind", "message"),
    [
        ("padron.issue_certificate", "nonexistent", "unknown connector type"),
        ("citas.book_appointment", "padron-certificate", "performs 'padron.issue_certificate'"),
    ],
)
def test_configuration_mistakes_stop_the_start(
    catalogue: Catalogue, tickets: TicketRepository, action: str, kind: str, message: str
) -> None:
    configured = with_connectors(
        catalogue,
        {action: ConnectorConfig(type=kind, base_url="http://x")},  # type: ignore[arg-type]
    )
    with pytest.raises(CatalogueError, match=message):
        build_actions(configured, Settings(_env_file=None), tickets)  # type: ignore[call-arg]
