from __future__ import annotations

from pathlib import Path

import pytest

from ali_sandbox.documents import DocumentError, UnicodeFont, find_unicode_font
from ali_sandbox.documents.fonts import core_font_text


def test_a_script_the_core_font_lacks_is_refused() -> None:
    with pytest.raises(DocumentError):
        core_font_text("Анна Петрова")


def test_a_missing_font_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        UnicodeFont("Missing", tmp_path / "a.ttf", tmp_path / "b.ttf")


def test_no_font_is_found_in_empty_folders(tmp_path: Path) -> None:
    assert find_unicode_font((tmp_path,)) is None


def test_spanish_and_valencian_text_is_kept_as_is() -> None:
    text = "¿Begoña Pérez Çanet? ¡Joan Martí i Rovira·la! — «€»"
    assert core_font_text(text) == text


def test_other_latin_letters_lose_only_their_accent() -> None:
    assert core_font_text("Ștefan Ţăranu, Łukasz Wójcik, Dvořák") == (
        "Stefan Taranu, Lukasz Wójcik, Dvorák"
    )
