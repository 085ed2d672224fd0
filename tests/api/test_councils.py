"""`GET /api/v1/councils`: every council served, with the branding its widget shows (the same
as its `/profile`), available before the councils are warm."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.catalogue.scaffold import NewCouncil, scaffold_council
from ali.connectors.rehearsal import RehearsalAction
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import EmbedderSettings, Settings
from ali.storage.database import Database
from tests.support.councils import ALICANTE, APPOINTMENT_FORM, make_councils


@pytest.fixture(scope="module")
def two_councils(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Alicante and a council fresh from `ali council new` (no logo), never warmed up."""
    root = tmp_path_factory.mktemp("two-councils")
    knowledge = root / "knowledge"
    knowledge.mkdir()
    shutil.copytree(ALICANTE, knowledge / "alicante")
    scaffold_council(
        knowledge,
        NewCouncil(
            id="villa",
            name="Ajuntament de la Vila",
            assistant_name="Vila",
            languages=("va", "es"),
            today=dt.date(2026, 12, 3),
        ),
    )
    settings = Settings(
        _env_file=None,
        data_dir=root / "data",
        knowledge_dir=knowledge,
        embedder=EmbedderSettings(backend="hashing"),
    )
    database = Database(settings.database_url)
    database.migrate()
    councils = make_councils(
        settings, database, RehearsalAction(APPOINTMENT_FORM), embedder=HashingEmbedder()
    )
    app = create_app(settings, councils)
    # Outside `with`, the app's start-up (which warms the councils up) does not run.
    cold = TestClient(app, raise_server_exceptions=False)
    assert cold.get("/readyz").status_code == 503
    assert [council["id"] for council in cold.get("/api/v1/councils").json()] == [
        "alicante",
        "villa",
    ]
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_lists_every_council_by_id(two_councils: TestClient) -> None:
    response = two_councils.get("/api/v1/councils")
    assert response.status_code == 200
    body = response.json()
    assert [council["id"] for council in body] == ["alicante", "villa"]
    villa = body[1]
    assert villa == {
        "id": "villa",
        "name": "Ajuntament de la Vila",
        "assistant_name": "Vila",
        "languages": ["va", "es"],
        "default_language": "va",
        "branding": {"primary_color": "#1f4e79", "secondary_color": "#f2b705", "logo_url": None},
    }


def test_a_council_with_a_logo_gives_its_url(two_councils: TestClient) -> None:
    alicante = two_councils.get("/api/v1/councils").json()[0]
    assert alicante["assistant_name"] == "ALI"
    assert alicante["languages"] == ["es", "va", "en"]
    logo = two_councils.get(alicante["branding"]["logo_url"])
    assert logo.status_code == 200
    assert logo.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("council_id", ["alicante", "villa"])
def test_the_widget_profile_has_the_same_branding(
    two_councils: TestClient, council_id: str
) -> None:
    listed = {c["id"]: c for c in two_councils.get("/api/v1/councils").json()}[council_id]
    profile = two_councils.get(f"/api/v1/councils/{council_id}/profile").json()
    shared = ("id", "name", "assistant_name", "languages", "default_language", "branding")
    assert {key: profile[key] for key in shared} == listed


def test_the_list_holds_no_secret_or_back_office_detail(two_councils: TestClient) -> None:
    text = two_councils.get("/api/v1/councils").text
    for absent in ("kiosk", "api_key", "connectors", "identity", "127.0.0.1", "privacy"):
        assert absent not in text


def test_the_list_is_in_the_openapi_contract(two_councils: TestClient) -> None:
    spec = two_councils.get("/openapi.json").json()
    assert "/api/v1/councils" in spec["paths"]
    assert "CouncilSummary" in spec["components"]["schemas"]
