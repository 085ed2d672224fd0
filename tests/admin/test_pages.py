"""The dashboard in Spanish, Valencian and English: the language picked with `?lang=` and
remembered in a cookie, else Accept-Language, else the default council's; the sign-in page
keeps its fixed messages and its Content-Security-Policy in every language."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from fastapi.testclient import TestClient

from ali.admin.languages import LANGUAGE_COOKIE, PageLanguage, choose_language
from ali.api.app import create_app
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.storage.database import Database
from tests.support.admin import PASSWORD, admin_settings
from tests.support.councils import APPOINTMENT_FORM, make_councils

ES = PageLanguage("es", "Español", "es")
VA = PageLanguage("va", "Valencià", "ca@valencia")
EN = PageLanguage("en", "English", "en")
OFFERED = (ES, VA, EN)


def chosen(
    *,
    asked: str | None = None,
    remembered: str | None = None,
    accept_language: str | None = None,
    default: str | None = None,
) -> str:
    choice = choose_language(
        OFFERED,
        asked=asked,
        remembered=remembered,
        accept_language=accept_language,
        default=default,
    )
    return choice.language.code


def test_an_unknown_or_hostile_language_is_ignored() -> None:
    assert chosen(asked="xx", remembered="<script>", default="es") == "es"
    assert chosen(asked="../en", accept_language="de-DE, fr;q=0.5") == "en"
    assert chosen(default="gl") == "en"  # a default with no interface texts


def test_the_order_of_the_choice() -> None:
    header = "ca-ES-valencia,ca;q=0.9,es;q=0.5"
    assert chosen(asked="en", remembered="es", accept_language=header, default="es") == "en"
    assert chosen(remembered="es", accept_language=header, default="en") == "es"
    assert chosen(accept_language=header, default="en") == "va"
    assert chosen(accept_language="de, es-MX;q=0.4", default="va") == "es"
    assert chosen(accept_language="de", default="va") == "va"
    picked = choose_language(
        OFFERED, asked="va", remembered=None, accept_language=None, default=None
    )
    assert picked.picked and picked.language.tag == "ca-valencia"
    assert not choose_language(
        OFFERED, asked=None, remembered="va", accept_language=None, default=None
    ).picked


@pytest.fixture(scope="module")
def councils(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Councils]:
    root = tmp_path_factory.mktemp("admin-pages")
    database = Database(f"sqlite:///{root / 'ali.db'}")
    database.migrate()
    settings = admin_settings(root)
    yield make_councils(
        settings, database, RehearsalAction(APPOINTMENT_FORM), embedder=HashingEmbedder()
    )
    database.dispose()


@pytest.fixture
def client(tmp_path: Path, councils: Councils) -> TestClient:
    return TestClient(create_app(admin_settings(tmp_path), councils), raise_server_exceptions=False)


class _Page(Protocol):
    @property
    def text(self) -> str: ...


def shown(response: _Page) -> str:
    """The page's text with entities decoded (`d&#39;ALI` -> `d'ALI`)."""
    return html.unescape(response.text)


def _no_inline_script(page: str) -> None:
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert 'src="/static/' in tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", page)  # no script body
    assert not re.search(r"\son[a-z]+=", page)  # no event-handler attributes


def test_the_sign_in_page_in_valencian_is_remembered(client: TestClient) -> None:
    page = client.get("/admin/", params={"lang": "va"})
    assert page.status_code == 200
    assert '<html lang="ca-valencia" data-language="va">' in shown(page)
    for text in ("Tauler d'ALI", "Nom d'usuari", "Contrasenya", ">Inicia la sessió</button>"):
        assert text in shown(page)
    assert "Password" not in shown(page)
    assert page.headers["content-language"] == "ca-valencia"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    cookie = page.headers["set-cookie"].lower()
    assert f"{LANGUAGE_COOKIE}=va" in cookie and "path=/admin" in cookie
    assert "httponly" in cookie
    _no_inline_script(shown(page))
    # The picker offers every language, marking the one shown.
    assert re.search(r'href="/admin/\?lang=va"[^>]*aria-current="true">Valencià<', shown(page))
    assert 'href="/admin/?lang=es"' in shown(page) and 'href="/admin/?lang=en"' in shown(page)

    again = client.get("/admin/", headers={"Accept-Language": "en"})  # the cookie wins
    assert "Tauler d'ALI" in shown(again) and "set-cookie" not in again.headers


def test_the_browser_language_then_the_council_default(client: TestClient) -> None:
    spanish = client.get("/admin/", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert "<h1>Panel de ALI</h1>" in shown(spanish) and "Nombre de usuario" in shown(spanish)
    valencian = client.get("/admin/", headers={"Accept-Language": "ca-ES,en;q=0.5"})
    assert "<h1>Tauler d'ALI</h1>" in shown(valencian)
    english = client.get("/admin/", headers={"Accept-Language": "en-GB"})
    assert "<h1>ALI dashboard</h1>" in shown(english) and "Username" in shown(english)
    # No language the dashboard speaks: the default council's (Alicante: Spanish).
    default = client.get("/admin/", headers={"Accept-Language": "de-DE"})
    assert default.headers["content-language"] == "es" and "Contraseña" in shown(default)


def test_an_unknown_language_is_not_echoed_nor_remembered(client: TestClient) -> None:
    page = client.get(
        "/admin/", params={"lang": '"><script>x</script>'}, headers={"Accept-Language": "en"}
    )
    assert page.status_code == 200 and "<script>x" not in shown(page)
    assert "set-cookie" not in page.headers and "<h1>ALI dashboard</h1>" in shown(page)


def test_refusals_are_in_the_language_of_the_form(client: TestClient) -> None:
    wrong = client.post(
        "/admin/login", data={"username": "admin", "password": "nope", "language": "va"}
    )
    assert wrong.status_code == 401
    assert '<p class="message" role="alert">Usuari o contrasenya incorrectes.</p>' in shown(wrong)
    assert 'name="language" value="va"' in shown(wrong)  # a next try stays in Valencian
    spanish = client.post(
        "/admin/login", data={"username": "admin", "password": "nope", "language": "es"}
    )
    assert "Usuario o contraseña incorrectos." in shown(spanish)
    hostile = client.post(
        "/admin/login", data={"username": "admin", "password": "nope", "language": "<b>"}
    )
    assert hostile.status_code == 401 and "<b>" not in shown(hostile)
    for _ in range(2):
        client.post("/admin/login", data={"username": "admin", "password": "nope"})
    throttled = client.post(
        "/admin/login", data={"username": "admin", "password": PASSWORD, "language": "va"}
    )
    assert throttled.status_code == 429
    assert "Massa intents fallits des d'aquesta adreça." in shown(throttled)


def test_the_dashboard_and_sign_out_in_spanish(client: TestClient) -> None:
    client.cookies.set(LANGUAGE_COOKIE, "es", path="/admin")
    response = client.post(
        "/admin/login",
        data={"username": "admin", "password": PASSWORD, "language": "es"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get("/admin/")
    assert '<html lang="es" data-language="es">' in shown(page)
    for text in ("Cifras clave", "Cerrar sesión", "Trámites más consultados", "Desde", "Hasta"):
        assert text in shown(page)
    assert 'src="/static/admin/admin.js"' in shown(page)
    _no_inline_script(shown(page))
    signed_out = client.post("/admin/logout")  # follows the redirect, cookie kept
    assert '<p class="message" role="status">Has cerrado la sesión.</p>' in shown(signed_out)


def test_the_closed_dashboard_in_valencian(tmp_path: Path, councils: Councils) -> None:
    settings = admin_settings(tmp_path, password_hash=None)
    client = TestClient(create_app(settings, councils), raise_server_exceptions=False)
    page = client.get("/admin/", params={"lang": "va"})
    assert page.status_code == 503
    assert "<h1>L'accés d'administració no està configurat</h1>" in shown(page)
    assert "genera un hash de contrasenya amb <code>ali admin-password</code>" in shown(page)
    assert "<code>ALI_ADMIN__PASSWORD_HASH</code>" in shown(page)


def test_the_dashboard_script_texts_in_valencian_and_spanish(client: TestClient) -> None:
    valencian = client.get("/api/v1/i18n/va").json()["messages"]
    assert valencian["Show as a table"] == "Mostra-ho com a taula"
    assert valencian["admin\x04pending"] == "pendents"
    assert valencian["{council}: {first} to {last} (UTC days)."] == (
        "{council}: del {first} al {last} (dies en UTC)."
    )
    spanish = client.get("/api/v1/i18n/es").json()["messages"]
    assert spanish["Clarification rate"] == "Tasa de aclaración"
    assert spanish["admin\x04yes"] == "sí"
