"""The catalogues: the fallback chain, a locale added by a dropped-in .po, the .pot in step
with the code, every text translated, and the browser clients' endpoint."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from fastapi.testclient import TestClient

from ali import i18n
from ali.api.app import create_app
from ali.councils import Councils
from ali.dialogue.texts import text
from ali.i18n import N_, NP_, Catalogues, Verbatim
from ali.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "ali" / "locale"
GREETING = "Hello! I'm {assistant}. Which council procedure can I help you with?"


def _write_po(directory: Path, locale: str, texts: dict[str, str]) -> Path:
    catalogue = Catalog(locale=locale.split("@")[0], domain="ali")
    for msgid, msgstr in texts.items():
        context, _, source = msgid.rpartition("\x04")
        catalogue.add(source, msgstr, context=context or None)
    path = directory / locale / "LC_MESSAGES" / "ali.po"
    path.parent.mkdir(parents=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def configured() -> Iterator[None]:
    yield
    i18n.configure()  # back to the package's catalogues only


def test_the_chain_of_each_language() -> None:
    catalogues = Catalogues()
    assert catalogues.chain("va") == ("ca@valencia", "ca", "es")
    assert catalogues.chain("es") == ("es",)
    assert catalogues.chain("en") == ()  # the English source
    assert catalogues.chain("gl") == ("gl", "es")
    assert Catalogues(fallback_language="en").chain("gl") == ("gl",)


def test_a_missing_valencian_text_falls_back_to_catalan_then_spanish(tmp_path: Path) -> None:
    _write_po(tmp_path, "ca@valencia", {"Bill": "Rebut valencià"})
    _write_po(tmp_path, "ca", {"Only in Catalan": "Només en català"})
    _write_po(tmp_path / "more", "es", {"Only in Catalan": "Solo en catalán", "Spanish": "Español"})
    catalogues = Catalogues([tmp_path, tmp_path / "more"])
    assert catalogues.gettext("Bill", "va") == "Rebut valencià"  # the extra dir comes first
    assert catalogues.gettext("Only in Catalan", "va") == "Només en català"  # ca@valencia -> ca
    assert catalogues.gettext("Spanish", "va") == "Español"  # ... -> es
    # The package's own ca@valencia still answers what the extra one lacks.
    assert catalogues.gettext("Paying a bill", "va") == "Pagament d'un rebut"
    assert catalogues.gettext("A text nobody translated", "va") == "A text nobody translated"


def test_a_text_only_spanish_has_falls_back_to_spanish(tmp_path: Path) -> None:
    _write_po(tmp_path, "es", {"Only in Spanish": "Solo en español"})
    catalogues = Catalogues([tmp_path])
    assert catalogues.gettext("Only in Spanish", "va") == "Solo en español"
    assert catalogues.gettext("Only in Spanish", "en") == "Only in Spanish"


def test_a_locale_is_added_by_dropping_a_po_file(tmp_path: Path, configured: None) -> None:
    greeting = "Ola! Son {assistant}. Que trámite queres consultar ou facer?"
    _write_po(tmp_path, "gl", {GREETING: greeting, "widget\x04Send": "Enviar (gl)"})
    assert not i18n.catalogues().has("gl")
    i18n.configure(locale_dirs=[tmp_path])
    assert i18n.catalogues().has("gl")
    assert "gl" in i18n.catalogues().installed()
    assert (
        text("greeting", "gl", assistant="ALI")
        == "Ola! Son ALI. Que trámite queres consultar ou facer?"
    )
    # What Galician lacks comes from the fallback language (Spanish).
    assert text("goodbye", "gl") == "¡Hasta pronto! Si necesitas algo más, aquí estaré."
    assert NP_("widget", "Send")["gl"] == "Enviar (gl)"


def test_messages_and_verbatim_texts() -> None:
    assert N_("Bill")["es"] == "Recibo"
    assert N_("Bill")["en"] == "Bill"
    assert NP_("booking", "Appointment")["va"] == "Cita"
    assert N_("Appointment")["va"] == "Cita prèvia"
    assert Verbatim("Oficina Centro")["xx"] == "Oficina Centro"


def _extracted(tmp_path: Path) -> set[tuple[str | None, str]]:
    output = tmp_path / "extracted.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
         "-k", "NP_:1c,2", "-k", "NN_:1,2", "-o", str(output), "."],
        cwd=ROOT, check=True,
    )  # fmt: skip
    with output.open("rb") as file:
        return {(m.context, str(m.id)) for m in read_po(file) if m.id}


def _ids(path: Path) -> set[tuple[str | None, str]]:
    with path.open("rb") as file:
        return {(m.context, str(m.id)) for m in read_po(file) if m.id}


def test_the_template_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    """A new or changed text in the code must be in ali.pot: run `make messages`."""
    assert _extracted(tmp_path) == _ids(LOCALE / "ali.pot")


@pytest.mark.parametrize("locale", ["es", "ca@valencia"])
def test_every_text_is_translated(locale: str) -> None:
    with (LOCALE / locale / "LC_MESSAGES" / "ali.po").open("rb") as file:
        catalogue = read_po(file)
    messages = {(m.context, str(m.id)): m for m in catalogue if m.id}
    assert set(messages) == _ids(LOCALE / "ali.pot")
    # A text with a plural form needs every form the locale's plural rule has.
    untranslated = [
        key
        for key, m in messages.items()
        if m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert untranslated == []


def test_the_browser_texts_endpoint(hashing_councils: Councils, settings: Settings) -> None:
    app = create_app(settings, hashing_councils)
    with TestClient(app, raise_server_exceptions=False) as client:
        _check_endpoint(client)


def _check_endpoint(client: TestClient) -> None:
    response = client.get("/api/v1/i18n/va")
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "va"
    assert body["messages"]["Ask {name}"] == "Pregunta a {name}"
    assert body["messages"]["widget\x04Send"] == "Envia"
    assert "Which bill?" not in body["messages"]  # a server text, not a browser one
    assert client.get("/api/v1/i18n/en").json()["messages"] == {}
    missing = client.get("/api/v1/i18n/xx")
    assert missing.status_code == 404
    assert missing.json()["error"] == "UnknownLanguage"
    assert client.get("/api/v1/i18n/..%2F").status_code in {404, 422}
