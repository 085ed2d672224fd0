"""Where connectors call comes from the deployment's settings, never from the profile: the
council's back office, a named system's own address, the sandbox tenant outside production,
and a clear refusal when the settings do not say."""

from __future__ import annotations

import pytest

from ali.catalogue import Catalogue
from ali.catalogue.profile import ConnectorConfig
from ali.connectors.addresses import check_connector_urls, connector_url
from ali.errors import CatalogueError
from ali.settings import BackOfficeSettings, Settings

PADRON = ConnectorConfig(type="padron-certificate")
TRIBUTOS = ConnectorConfig(type="tributos-receipt-payment", system="tributos")


def settings(**values: object) -> Settings:
    return Settings.model_validate({"_env_file": None, **values})


def test_production_without_the_councils_address_does_not_load(catalogue: Catalogue) -> None:
    production = settings(environment="production", secret_key="x" * 40)
    with pytest.raises(CatalogueError, match="ALI_BACK_OFFICES for 'alicante'"):
        connector_url(catalogue.profile, "padron.issue_certificate", PADRON, production)
    with pytest.raises(CatalogueError, match=r"connector 'padron\.issue_certificate'"):
        check_connector_urls(catalogue.profile, production)


def test_another_councils_address_is_not_this_ones(catalogue: Catalogue) -> None:
    only_jaen = settings(
        environment="production",
        secret_key="x" * 40,
        back_offices={"jaen": {"url": "https://backoffice.jaen.test"}},
    )
    with pytest.raises(CatalogueError, match="'alicante'"):
        check_connector_urls(catalogue.profile, only_jaen)


def test_without_a_sandbox_every_council_must_be_listed(catalogue: Catalogue) -> None:
    development = settings(sandbox_back_office=None)
    with pytest.raises(CatalogueError, match="needs the address"):
        check_connector_urls(catalogue.profile, development)


def test_the_councils_back_office_and_a_systems_own_address(catalogue: Catalogue) -> None:
    given = settings(
        environment="production",
        secret_key="x" * 40,
        back_offices={
            "alicante": {
                "url": "https://backoffice.alicante.test/api/",
                "systems": {"tributos": "https://suma.test/alicante"},
            }
        },
    )
    profile = catalogue.profile
    assert connector_url(profile, "p", PADRON, given) == "https://backoffice.alicante.test/api"
    assert connector_url(profile, "t", TRIBUTOS, given) == "https://suma.test/alicante"
    unlisted = ConnectorConfig(type="open311-report", system="open311")
    assert connector_url(profile, "o", unlisted, given) == "https://backoffice.alicante.test/api"
    check_connector_urls(profile, given)


def test_a_system_with_no_address_and_no_default_is_refused(catalogue: Catalogue) -> None:
    given = settings(back_offices={"alicante": {"systems": {"padron": "https://p.test"}}})
    with pytest.raises(CatalogueError, match=r"systems\.tributos"):
        connector_url(catalogue.profile, "t", TRIBUTOS, given)


def test_outside_production_a_council_unlisted_uses_its_sandbox_tenant(
    catalogue: Catalogue,
) -> None:
    development = settings(sandbox_back_office="http://127.0.0.1:9001/")
    url = connector_url(catalogue.profile, "p", PADRON, development)
    assert url == "http://127.0.0.1:9001/t/alicante"
    assert development.back_office("jaen") == BackOfficeSettings.sandbox(
        "http://127.0.0.1:9001/t/jaen"
    )


def test_the_profile_writes_no_address() -> None:
    with pytest.raises(ValueError, match="base_url"):
        ConnectorConfig.model_validate({"type": "padron-certificate", "base_url": "http://x"})


def test_the_addresses_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "ALI_BACK_OFFICES", '{"jaen": {"url": "http://127.0.0.1:8001/t/jaen", "issuer": "i"}}'
    )
    read = Settings(_env_file=None)  # type: ignore[call-arg]
    assert str(read.back_offices["jaen"].url) == "http://127.0.0.1:8001/t/jaen"
    assert read.back_offices["jaen"].issuer == "i"
