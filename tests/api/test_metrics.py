"""`/metrics`: the families of ALI's work after a chat turn, in Prometheus's text format; not
served in production without a token, and only with it once one is set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from ali.councils import Councils
from ali.settings import MetricsSettings
from tests.api.limits_support import BASE, QUESTION, app_with

WORKER = """
from ali.observability.metrics import default_metrics
default_metrics().limited("polop", "citizen")
"""
FAMILIES = {
    "ali_chat_turns",
    "ali_chat_turn_seconds",
    "ali_chat_step_seconds",
    "ali_llm_fallbacks",
    "ali_connector_calls",
    "ali_connector_errors",
    "ali_rate_limited",
}


def scrape(client: TestClient, **headers: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        family.name: [(sample.labels, sample.value) for sample in family.samples]
        for family in text_string_to_metric_families(response.text)
    }


def turns(families: dict[str, list[tuple[dict[str, str], float]]]) -> float:
    return sum(
        value
        for labels, value in families["ali_chat_turns"]
        if labels.get("council") == "alicante" and labels.get("status") == "answered"
    )


def test_a_chat_turn_is_counted_and_each_step_timed(hashing_councils: Councils) -> None:
    with TestClient(app_with(hashing_councils)) as client:
        before = turns(scrape(client))
        assert client.post(f"{BASE}/chat", json=QUESTION).status_code == 200
        families = scrape(client)
    assert set(families) >= FAMILIES
    assert turns(families) == before + 1
    turn_labels = {tuple(sorted(labels)) for labels, _ in families["ali_chat_turns"]}
    assert turn_labels == {("council", "intent", "status")}
    steps = {
        labels["step"]
        for labels, value in families["ali_chat_step_seconds"]
        if labels.get("council") == "alicante" and value > 0
    }
    assert {"input_guard", "routing", "answer", "persist"} <= steps


def test_production_serves_no_metrics_without_a_token(hashing_councils: Councils) -> None:
    app = app_with(hashing_councils, environment="production", secret_key=SecretStr("x" * 40))
    with TestClient(app) as client:
        assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("environment", ["production", "development"])
def test_a_token_is_required_once_set(hashing_councils: Councils, environment: str) -> None:
    app = app_with(
        hashing_councils,
        environment=environment,
        secret_key=SecretStr("x" * 40),
        metrics=MetricsSettings(token=SecretStr("scraper-token")),
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        refused = client.get("/metrics")
        wrong = client.get("/metrics", headers={"Authorization": "Bearer another"})
        scraped = scrape(client, Authorization="Bearer scraper-token")
    assert refused.status_code == wrong.status_code == 401
    assert refused.json()["error"] == "MetricsTokenRequired"
    assert "ali_chat_turns" in scraped


def test_metrics_can_be_turned_off(hashing_councils: Councils) -> None:
    with TestClient(app_with(hashing_councils, metrics=MetricsSettings(enabled=False))) as client:
        assert client.get("/metrics").status_code == 404


def test_metrics_are_not_in_the_openapi(hashing_councils: Councils) -> None:
    with TestClient(app_with(hashing_councils)) as client:
        assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_multiprocess_mode_answers_the_workers_sum(
    hashing_councils: Councils, tmp_path: Path
) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(3):
        subprocess.run([sys.executable, "-c", WORKER], env=env, check=True, timeout=60)
    app = app_with(hashing_councils, PROMETHEUS_MULTIPROC_DIR=tmp_path)
    with TestClient(app) as client:
        families = scrape(client)
    found = {
        (labels["council"], labels["limit"]): value
        for labels, value in families["ali_rate_limited"]
    }
    assert found == {("polop", "citizen"): 3}  # the workers' counts, not this process's
