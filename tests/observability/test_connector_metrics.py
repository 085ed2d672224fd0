"""Back-office calls counted by connector type and outcome, failed attempts by error, through
the real client (httpx.MockTransport at the network) and a registry of the test's own."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from prometheus_client import CollectorRegistry

from ali.catalogue.profile import ConnectorConfig
from ali.connectors.back_offices import BackOffices
from ali.connectors.breaker import CircuitBreaker
from ali.connectors.http import BackOfficeClient, BackOfficeUnavailable, ClientSettings
from ali.observability.metrics import Metrics
from ali.settings import ConnectorSettings

SETTINGS = ClientSettings(
    base_url="http://back.office", retries=1, backoff_seconds=0, connector="padron-certificate"
)


def counted(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, {"connector": "padron-certificate", **labels}) or 0.0


def made(handler, registry: CollectorRegistry, **options):  # type: ignore[no-untyped-def]
    return BackOfficeClient(
        SETTINGS,
        transport=httpx.MockTransport(handler),
        sleep=lambda _: None,
        metrics=Metrics(registry),
        **options,
    )


def test_calls_are_counted_by_outcome() -> None:
    registry = CollectorRegistry()
    answers = iter([httpx.Response(200), httpx.Response(404)])
    client = made(lambda request: next(answers), registry)
    client.request("GET", "/a")
    client.request("GET", "/b")
    assert counted(registry, "ali_connector_calls_total", outcome="ok") == 1
    assert counted(registry, "ali_connector_calls_total", outcome="rejected") == 1
    assert counted(registry, "ali_connector_errors_total", error="server_error") == 0


def test_failed_attempts_and_the_failed_call_are_counted() -> None:
    registry = CollectorRegistry()

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client = made(handler, registry)
    with pytest.raises(BackOfficeUnavailable):
        client.request("GET", "/slow")  # one retry: two attempts
    assert counted(registry, "ali_connector_errors_total", error="timeout") == 2
    assert counted(registry, "ali_connector_calls_total", outcome="no_answer") == 1
    assert counted(registry, "ali_connector_calls_total", outcome="unavailable") == 0


def test_a_refused_connection_and_an_open_circuit_are_told_apart() -> None:
    registry = CollectorRegistry()

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = made(handler, registry, breaker=CircuitBreaker(failures=1, reset_seconds=60))
    with pytest.raises(BackOfficeUnavailable):
        client.request("GET", "/down")
    with pytest.raises(BackOfficeUnavailable):
        client.request("GET", "/down")  # the circuit is open now: not sent
    assert counted(registry, "ali_connector_errors_total", error="transport") == 2
    assert counted(registry, "ali_connector_calls_total", outcome="unavailable") == 1
    assert counted(registry, "ali_connector_calls_total", outcome="circuit_open") == 1


def test_an_unreadable_answer_is_an_error_of_its_connector() -> None:
    registry = CollectorRegistry()
    client = BackOfficeClient(
        replace(SETTINGS, connector="tributos-receipt-payment"),
        transport=httpx.MockTransport(lambda request: httpx.Response(200)),
        metrics=Metrics(registry),
    )
    client.broken_answer("KeyError")
    value = registry.get_sample_value(
        "ali_connector_errors_total",
        {"connector": "tributos-receipt-payment", "error": "invalid_answer"},
    )
    assert value == 1


def test_a_councils_connector_is_counted_under_its_type() -> None:
    registry = CollectorRegistry()
    offices = BackOffices(
        ConnectorSettings(),
        transport=httpx.MockTransport(lambda request: httpx.Response(200)),
        metrics=Metrics(registry),
    )
    config = ConnectorConfig(type="appointments-book")
    client = offices.client(config, base_url="http://back.office", api_key=None)
    assert client.settings.connector == "appointments-book"
    client.request("GET", "/slots")
    value = registry.get_sample_value(
        "ali_connector_calls_total", {"connector": "appointments-book", "outcome": "ok"}
    )
    assert value == 1
