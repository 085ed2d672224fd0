"""What the widget and the kiosk read besides the chat: public profile, logo, consents, the
streamed chat, and the try-out pages."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import text

from ali.api.app import create_app
from ali.api.routes.pages import content_security_policy
from ali.councils import Councils
from ali.settings import Settings
from ali.storage.database import Database

BASE = "/api/v1/councils/alicante"


def test_the_public_profile_carries_branding_privacy_and_featured(client: TestClient) -> None:
    body = client.get(f"{BASE}/profile").json()
    assert body["assistant_name"] == "ALI"
    assert body["branding"]["primary_color"] == "#00599c"
    assert body["branding"]["logo_url"] == f"{BASE}/logo"
    assert set(body["privacy"]["text"]) == {"es", "va", "en"}
    assert body["featured"][0]["procedure_id"] == "padron.volante"
    assert body["featured"][0]["title"]["va"]
    assert body["sign_in"] is True
    assert "connectors" not in body and "kiosks" not in body


def test_the_logo_is_served_and_unknown_councils_are_404(client: TestClient) -> None:
    logo = client.get(f"{BASE}/logo")
    assert logo.status_code == 200
    assert logo.headers["content-type"] == "image/svg+xml"
    assert client.get("/api/v1/councils/atlantis/profile").status_code == 404


def test_accepting_the_current_notice_is_recorded(client: TestClient, database: Database) -> None:
    version = client.get(f"{BASE}/profile").json()["privacy"]["version"]
    with database.engine.connect() as connection:
        before = connection.execute(text("SELECT count(*) FROM consents")).scalar_one()
    response = client.post(
        f"{BASE}/consents", json={"notice_version": version, "language": "va", "channel": "kiosk"}
    )
    assert response.status_code == 201
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT channel, language FROM consents")).all()
    assert len(rows) == before + 1
    assert tuple(rows[-1]) == ("kiosk", "va")


def test_accepting_an_outdated_notice_or_a_bad_body_is_refused(client: TestClient) -> None:
    outdated = client.post(f"{BASE}/consents", json={"notice_version": "1999", "language": "es"})
    assert outdated.status_code == 422
    assert "changed" in outdated.json()["detail"]
    assert client.post(f"{BASE}/consents", json={"language": "es"}).status_code == 422


def parse_events(body: str) -> list[tuple[str, dict[str, object]]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_the_stream_sends_the_reply_in_pieces_then_the_whole_response(client: TestClient) -> None:
    response = client.post(f"{BASE}/chat/stream", json={"message": "volante de empadronamiento"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_events(response.text)
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "reply" and set(kinds[:-1]) == {"delta"} and len(kinds) > 2
    final = events[-1][1]
    assert "".join(str(data["text"]) for _, data in events[:-1]) == str(final["reply"]).strip()
    assert final["procedure_id"] == "padron.volante"
    assert final["sources"]


def test_stream_errors_are_plain_json_with_their_status(client: TestClient) -> None:
    empty = client.post(f"{BASE}/chat/stream", json={"message": "  "})
    assert empty.status_code == 422
    forged = client.post(
        f"{BASE}/chat/stream", json={"message": "hola"}, headers={"Authorization": "Bearer x.y.z"}
    )
    assert forged.status_code == 401
    assert forged.json()["error"] == "InvalidToken"


TRY_OUT_FILES = ("/demo/", "/kiosk/", "/try-out.json", "/static/demo/demo.js")
TRY_OUT_FILES += ("/static/kiosk/kiosk.js", "/static/kiosk/index.html")


def test_the_widget_script_is_served_and_the_try_out_pages_are_off_by_default(
    client: TestClient,
) -> None:
    script = client.get("/widget.js", headers={"Accept-Encoding": "gzip"})
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["content-encoding"] == "gzip"
    assert client.get("/static/__init__.py").status_code == 404
    for path in TRY_OUT_FILES:
        assert client.get(path).status_code == 404, path
    assert client.get("/static/widget/widget.js").status_code == 200
    assert client.get("/static/admin/admin.js").status_code == 200


def test_the_try_out_pages_are_served_when_enabled(settings: Settings, councils: Councils) -> None:
    enabled = settings.model_copy(update={"try_out_pages": True})
    with TestClient(create_app(enabled, councils)) as client:
        for path in TRY_OUT_FILES:
            assert client.get(path).status_code == 200, path
        demo = client.get("/demo/")
        assert "script-src 'self'" in demo.headers["content-security-policy"]


def test_production_never_serves_the_try_out_pages(settings: Settings, councils: Councils) -> None:
    with pytest.raises(ValueError, match="try-out pages"):
        Settings(  # type: ignore[call-arg]
            _env_file=None,
            environment="production",
            secret_key=SecretStr("a-long-random-production-secret-for-this-test-only-0123456789"),
            try_out_pages=True,
        )
    production = settings.model_copy(update={"environment": "production", "sandbox_url": None})
    assert "connect-src 'self';" in content_security_policy(production)
    with TestClient(create_app(production, councils)) as client:
        assert client.get("/demo/").status_code == 404
        assert client.get("/kiosk/").status_code == 404
        assert client.get("/try-out.json").status_code == 404
        assert client.get("/widget.js").status_code == 200
