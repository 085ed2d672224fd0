"""Where a council's connector calls: the address the deployment's settings give for the
council's back office (`Settings.back_office`), or for a connector whose profile entry names a
`system`, for that system. A profile writes no address, so one catalogue serves a sandbox run,
a staging and a production deployment alike."""

from __future__ import annotations

from ali.catalogue.profile import ConnectorConfig, CouncilProfile
from ali.errors import CatalogueError
from ali.settings import Settings


def connector_url(
    profile: CouncilProfile, action_name: str, config: ConnectorConfig, settings: Settings
) -> str:
    """The base URL of the connector performing `action_name`; `CatalogueError` when the
    settings do not give it."""
    addresses = settings.back_office(profile.id)
    if addresses is not None:
        if config.system is not None and config.system in addresses.systems:
            return str(addresses.systems[config.system]).rstrip("/")
        if addresses.url is not None:
            return str(addresses.url).rstrip("/")
    wanted = f"url or systems.{config.system}" if config.system else "url"
    raise CatalogueError(
        f"{profile.id}: connector {action_name!r} needs the address of the council's back "
        f"office, and the settings do not give it: set {wanted} in ALI_BACK_OFFICES for "
        f"{profile.id!r} (docs/connectors.md)"
    )


def check_connector_urls(profile: CouncilProfile, settings: Settings) -> None:
    """Every connector of the profile has its address (so a council missing one stops the
    start, before any citizen asks)."""
    for action_name, config in profile.connectors.items():
        connector_url(profile, action_name, config, settings)
