"""The connectors' shared state: one breaker and one bulkhead per back office, whichever
actions call it, and the per-council overrides of the profile."""

from __future__ import annotations

import httpx
import pytest

from ali.catalogue.profile import ConnectorConfig
from ali.connectors.back_offices import BackOffices
from ali.connectors.http import BackOfficeUnavailable
from ali.settings import ConnectorSettings

SETTINGS = ConnectorSettings(
    read_timeout_seconds=7, deadline_seconds=10, reconcile_after_seconds=20, breaker_failures=2
)


def config(**options: object) -> ConnectorConfig:
    return ConnectorConfig.model_validate({"type": "padron-certificate", **options})


def test_the_deployment_settings_apply_unless_the_profile_sets_its_own() -> None:
    offices = BackOffices(SETTINGS)
    default = offices.client(config(), base_url="http://padron.test", api_key=None).settings
    assert (default.timeout_seconds, default.retries, default.deadline_seconds) == (7, 2, 10)
    assert default.connect_timeout_seconds == 2.0
    own = offices.client(
        config(timeout_seconds=3, retries=0), base_url="http://padron.test", api_key=None
    )
    assert (own.settings.timeout_seconds, own.settings.retries) == (3, 0)
    slow = offices.client(config(timeout_seconds=30), base_url="http://registro.test", api_key=None)
    assert slow.settings.timeout_seconds == 10  # never beyond the deadline


def test_actions_on_the_same_back_office_share_its_circuit() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.host)
        return httpx.Response(503)

    offices = BackOffices(SETTINGS, transport=httpx.MockTransport(handler))
    padron = offices.client(config(), base_url="http://city.test/", api_key="k")
    registro = offices.client(config(), base_url="http://city.test", api_key="k")
    elsewhere = offices.client(config(), base_url="http://open311.test", api_key="k")
    for made in (padron, registro):
        with pytest.raises(BackOfficeUnavailable):
            made.request("POST", "/x")
    assert offices.breaker("http://city.test") is offices.breaker("http://city.test/")
    assert offices.breaker("http://city.test").state == "open"  # type: ignore[union-attr]
    sent = len(calls)
    with pytest.raises(BackOfficeUnavailable):
        padron.request("POST", "/x")
    assert len(calls) == sent  # the padrón call did not go: registro's failures opened it
    with pytest.raises(BackOfficeUnavailable):
        elsewhere.request("POST", "/x")
    assert len(calls) == sent + 1  # another back office has its own circuit
