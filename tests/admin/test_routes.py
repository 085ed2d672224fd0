"""`/admin/` over HTTP: sign-in, sessions, the JSON summary and the CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import Settings
from ali.storage.database import Database
from tests.support.admin import PASSWORD, UNANSWERED, admin_settings, seed
from tests.support.councils import APPOINTMENT_FORM, make_councils

RANGE = {"council": "alicante", "from": "2024-03-01", "to": "2024-03-03"}


@pytest.fixture(scope="module")
def councils(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Councils]:
    """Alicante over a seeded SQLite file, shared by the module (the dashboard only reads)."""
    root = tmp_path_factory.mktemp("admin-routes")
    database = Database(f"sqlite:///{root / 'ali.db'}")
    database.migrate()
    seed(database)
    settings = admin_settings(root)
    yield make_councils(
        settings, database, RehearsalAction(APPOINTMENT_FORM), embedder=HashingEmbedder()
    )
    database.dispose()


def build_client(councils: Councils, settings: Settings) -> TestClient:
    # No `with`: the lifespan (index warm-up) is not needed by the dashboard.
    return TestClient(create_app(settings, councils), raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path: Path, councils: Councils) -> TestClient:
    """A new app (so a fresh throttle and session signer) per test."""
    return build_client(councils, admin_settings(tmp_path))


def sign_in(client: TestClient, password: str = PASSWORD, username: str = "admin") -> int:
    response = client.post(
        "/admin/login", data={"username": username, "password": password}, follow_redirects=False
    )
    return response.status_code


def test_without_a_password_hash_the_dashboard_is_closed(
    tmp_path: Path, councils: Councils
) -> None:
    client = build_client(councils, admin_settings(tmp_path, password_hash=None))
    page = client.get("/admin/", headers={"Accept-Language": "en"})
    assert page.status_code == 503
    assert "Admin access is not configured" in page.text
    for response in (
        client.post("/admin/login", data={"username": "admin", "password": "admin"}),
        client.get("/admin/api/summary"),
        client.get("/admin/export.csv"),
    ):
        assert response.status_code == 503
        assert response.json()["error"] == "AdminNotConfigured"
        assert "ALI_ADMIN__PASSWORD_HASH" in response.json()["detail"]


def test_a_malformed_password_hash_closes_the_dashboard(tmp_path: Path, councils: Councils) -> None:
    client = build_client(councils, admin_settings(tmp_path, password_hash="admin"))
    assert client.get("/admin/").status_code == 503
    assert sign_in(client, "admin") == 503


def test_data_needs_a_session(client: TestClient) -> None:
    for path in ("/admin/api/summary", "/admin/api/councils", "/admin/export.csv"):
        response = client.get(path, params=RANGE)
        assert response.status_code == 401
        assert response.json()["error"] == "AdminSignInRequired"
    client.cookies.set("ali_admin", "forged.9999999999.c2lnbmF0dXJl", path="/admin")
    assert client.get("/admin/api/summary").status_code == 401
    page = client.get("/admin/")
    assert page.status_code == 200 and 'action="/admin/login"' in page.text


def test_wrong_credentials_are_refused(client: TestClient) -> None:
    assert sign_in(client, "wrong password") == 401
    assert sign_in(client, username="root") == 401
    assert "ali_admin" not in client.cookies
    page = client.post("/admin/login", data={"username": "admin", "password": "nope"})
    assert "Wrong username or password." in page.text


def test_repeated_failures_are_throttled(client: TestClient) -> None:
    for _ in range(5):
        assert sign_in(client, "guess") == 401
    blocked = client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "ali_admin" not in client.cookies  # even the right password waits


def test_sign_in_sets_a_strict_session_cookie_and_sign_out_revokes_it(client: TestClient) -> None:
    response = client.post(
        "/admin/login",
        data={"username": "admin", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/"
    cookie = response.headers["set-cookie"].lower()
    for attribute in ("httponly", "samesite=strict", "path=/admin", "max-age=1800"):
        assert attribute in cookie
    assert "secure" not in cookie  # only in production
    page = client.get("/admin/")
    assert 'src="/static/admin/admin.js"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    value = client.cookies["ali_admin"]

    signed_out = client.post("/admin/logout", follow_redirects=False)
    assert signed_out.status_code == 303
    client.cookies.set("ali_admin", value, path="/admin")  # replaying the old cookie
    assert client.get("/admin/api/summary").status_code == 401


def test_the_cookie_is_secure_in_production(tmp_path: Path, councils: Councils) -> None:
    production = admin_settings(tmp_path).model_copy(update={"environment": "production"})
    client = build_client(councils, production)
    response = client.post(
        "/admin/login",
        data={"username": "admin", "password": PASSWORD},
        follow_redirects=False,
    )
    assert "secure" in response.headers["set-cookie"].lower()


def test_the_summary_as_json(client: TestClient) -> None:
    assert sign_in(client) == 303
    councils = client.get("/admin/api/councils").json()["councils"]
    assert councils == [{"id": "alicante", "name": councils[0]["name"]}]
    body = client.get("/admin/api/summary", params=RANGE).json()
    assert (body["first"], body["last"], body["timezone"]) == ("2024-03-01", "2024-03-03", "UTC")
    assert (body["conversations"], body["turns"], body["clarification_rate"]) == (2, 4, 0.25)
    assert body["daily"][0] == {"day": "2024-03-01", "conversations": 1, "turns": 2}
    assert body["unanswered"][0]["text"] == UNANSWERED
    assert body["latency"]["p50"] == 250.0
    # The seeded turns predate `answered_by`: both paths are listed, with nothing counted.
    assert [(r["key"], r["count"]) for r in body["answered_by"]] == [("model", 0), ("catalogue", 0)]


@pytest.mark.parametrize(
    ("params", "status", "error"),
    [
        ({"council": "atlantis"}, 404, "UnknownCouncil"),
        ({"from": "2024-02-30"}, 422, "InvalidInput"),
        ({"from": "2024-03-05", "to": "2024-03-01"}, 422, "InvalidPeriod"),
        ({"from": "2022-01-01", "to": "2024-01-01"}, 422, "InvalidPeriod"),
    ],
)
def test_bad_queries(client: TestClient, params: dict[str, str], status: int, error: str) -> None:
    assert sign_in(client) == 303
    for path in ("/admin/api/summary", "/admin/export.csv"):
        response = client.get(path, params=params)
        assert response.status_code == status
        assert response.json()["error"] == error


def test_csv_export(client: TestClient) -> None:
    assert sign_in(client) == 303
    response = client.get("/admin/export.csv", params=RANGE | {"section": "unanswered"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert (
        'filename="ali-alicante-unanswered-2024-03-01-2024-03-03.csv"'
        in response.headers["content-disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [
        ["at_utc", "language", "question_redacted"],
        ["2024-03-01T10:01:00+00:00", "es", UNANSWERED],
    ]
    daily = list(csv.reader(io.StringIO(client.get("/admin/export.csv", params=RANGE).text)))
    assert daily == [
        ["day_utc", "conversations", "turns"],
        ["2024-03-01", "1", "2"],
        ["2024-03-02", "1", "2"],
        ["2024-03-03", "0", "0"],
    ]
    unknown = client.get("/admin/export.csv", params=RANGE | {"section": "secrets"})
    assert unknown.status_code == 422
