"""Moving the texts to gettext catalogues changed no wording: every text of the old inline
dictionaries (captured once in old_texts.json from the code before the move) reads the same
through the catalogues, in es, va and en."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ali.answers.messages import _MESSAGES, message
from ali.dialogue.texts import _TEXTS, text
from ali.i18n import catalogues, translate
from ali.i18n.browser import browser_messages

OLD = json.loads((Path(__file__).parent / "old_texts.json").read_text(encoding="utf-8"))
LANGUAGES = ("es", "va", "en")
# Rewritten on purpose since the move: "The catalogue does not state this" was an internal term that
# citizens read (issue 12); the answer now just says where to check.
REWRITTEN = {"ali.answers.messages:_MESSAGES[unknown]"}
STATIC = Path(__file__).resolve().parents[2] / "ali" / "web" / "static"


def test_the_fixture_holds_every_old_text() -> None:
    assert len(OLD) == 315  # form_start became a text with a plural form (issue 12)
    assert {entry_id.split(":")[0] for entry_id in OLD} >= {"widget", "kiosk", "ali.safety.crisis"}


@pytest.mark.parametrize("entry_id", sorted(set(OLD) - REWRITTEN))
def test_every_old_text_reads_the_same(entry_id: str) -> None:
    entry = OLD[entry_id]
    for language in LANGUAGES:
        assert translate(entry["en"], language, entry["context"]) == entry[language], language


def test_dialogue_texts_by_key() -> None:
    keys = {k[len("ali.dialogue.texts:_TEXTS[") : -1] for k in OLD if "dialogue.texts:" in k}
    assert keys <= set(_TEXTS)  # texts added after the move (issue 12) are not in the fixture
    for key in keys:
        for language in LANGUAGES:
            assert text(key, language) == OLD[f"ali.dialogue.texts:_TEXTS[{key}]"][language]


def test_answer_messages_by_key() -> None:
    keys = {
        k[len("ali.answers.messages:_MESSAGES[") : -1]
        for k in set(OLD) - REWRITTEN
        if "answers.messages:" in k
    }
    assert keys <= set(_MESSAGES)  # messages added after the move (issue 12) are not in the fixture
    for key in keys:
        for language in LANGUAGES:
            assert message(key, language) == OLD[f"ali.answers.messages:_MESSAGES[{key}]"][language]


def _js_table(path: Path, name: str) -> dict[str, tuple[str | None, str]]:
    """key -> (context, msgid) of a `NAME = { key: N_("..."), key: NP_("ctx", "...") }` table."""
    source = path.read_text(encoding="utf-8")
    block = source[source.index(f"{name} = {{") :]
    block = block[: block.index("\n  };")]
    table: dict[str, tuple[str | None, str]] = {}
    for key, context, msgid in re.findall(
        r'^\s+(\w+): NP?_\((?:"([^"]*)", )?"((?:[^"\\]|\\.)*)"\),$', block, re.M
    ):
        table[key] = (context or None, json.loads(f'"{msgid}"'))
    return table


@pytest.mark.parametrize(
    ("client", "path", "table"),
    [
        ("widget", STATIC / "widget" / "widget.js", "TEXTS"),
        ("kiosk", STATIC / "kiosk" / "kiosk.js", "TEXTS"),
        ("kiosk", STATIC / "kiosk" / "kiosk.js", "TILE_MESSAGES"),
    ],
)
def test_browser_texts_read_the_same(client: str, path: Path, table: str) -> None:
    marked = _js_table(path, table)
    prefix = f"{client}:" if table == "TEXTS" else f"{client}:{table}["
    old_keys = {k[len(prefix) :].rstrip("]") for k in OLD if k.startswith(prefix) and "[" not in k}
    if table != "TEXTS":
        old_keys = {k[len(prefix) :].rstrip("]") for k in OLD if k.startswith(prefix)}
    assert set(marked) >= old_keys  # texts added after the move (issue 12) are not in it
    for language in LANGUAGES:
        served = browser_messages(language, catalogues())
        for key, (context, msgid) in marked.items():
            if key not in old_keys:
                continue
            entry_id = f"{prefix}{key}]" if table != "TEXTS" else f"{prefix}{key}"
            wire_key = f"{context}\x04{msgid}" if context else msgid
            # What the client shows: the served text, or its own English source.
            assert served.get(wire_key, msgid) == OLD[entry_id][language], (key, language)
