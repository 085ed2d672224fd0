from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest
from pydantic import SecretStr

import ali.connectors
from ali.catalogue import Catalogue
from ali.catalogue.profile import ConnectorConfig
from ali.connectors.registry import CONNECTOR_TYPES, build_actions
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
        {"padron.issue_certificate": ConnectorConfig(type="padron-certificate")},
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
        {action: ConnectorConfig(type=kind)},
    )
    with pytest.raises(CatalogueError, match=message):
        build_actions(configured, Settings(_env_file=None), tickets)  # type: ignore[call-arg]


def test_connector_types_are_named_after_their_back_office_system() -> None:
    """`<system>-<what>`, the system named as its module in ali/connectors (padron, registro,
    tributos, appointments, open311); "registry" means CONNECTOR_TYPES itself, nothing else."""
    systems = {"padron", "registro", "tributos", "appointments", "open311"}
    assert systems <= {module.name for module in pkgutil.iter_modules(ali.connectors.__path__)}
    for name in CONNECTOR_TYPES:
        system, _, what = name.partition("-")
        assert system in systems and what, name
    assert not any("registry" in name for name in CONNECTOR_TYPES)


def test_the_profile_names_only_known_connector_types(catalogue: Catalogue) -> None:
    assert {config.type for config in catalogue.profile.connectors.values()} <= set(CONNECTOR_TYPES)
