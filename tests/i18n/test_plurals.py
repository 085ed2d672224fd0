"""Texts with a count take the form the count needs in each language ("1 dato", "2 datos")."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ali import i18n
from ali.dialogue.texts import counted_text
from ali.i18n import NN_, Plural


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("es", "Te pediré 1 dato;", "Te pediré 2 datos;"),
        ("va", "Et demanaré 1 dada;", "Et demanaré 2 dades;"),
        ("en", "I'll ask for 1 detail;", "I'll ask for 2 details;"),
    ],
)
def test_the_form_start_counts_in_each_language(language: str, one: str, two: str) -> None:
    assert one in counted_text("form_start", language, 1, title="X")
    assert two in counted_text("form_start", language, 2, title="X")
    assert "**X**" in counted_text("form_start", language, 2, title="X")


def test_an_untranslated_plural_uses_the_english_rule() -> None:
    files = NN_("{count} file", "{count} files")
    assert isinstance(files, Plural)
    assert files.format("es", 1) == "1 file"
    assert files.format("es", 0) == "0 files"


def test_a_catalogue_with_three_forms(tmp_path: Path) -> None:
    catalogue = Catalog(locale="pl", domain="ali")  # one / few / many
    catalogue.add(
        ("{count} file", "{count} files"), ("{count} plik", "{count} pliki", "{count} plików")
    )
    path = tmp_path / "pl" / "LC_MESSAGES" / "ali.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, catalogue)
    try:
        i18n.configure(locale_dirs=[tmp_path])
        files = NN_("{count} file", "{count} files")
        assert [files.format("pl", n) for n in (1, 3, 5)] == ["1 plik", "3 pliki", "5 plików"]
    finally:
        i18n.configure()
