"""Dates in words in each language, from the date pattern each catalogue translates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ali import i18n
from ali.i18n.dates import babel_locale, date_in_words, iso_date_in_words

TUESDAY = dt.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "martes 8 de diciembre"),
        ("va", "dimarts 8 de desembre"),
        ("en", "Tuesday 8 December"),
    ],
)
def test_a_date_in_words_in_each_language(language: str, expected: str) -> None:
    assert date_in_words(TUESDAY, language) == expected


def test_valencian_elides_the_article_before_a_vowel() -> None:
    assert date_in_words(dt.date(2026, 10, 1), "va") == "dijous 1 d’octubre"


def test_valencian_is_babel_catalan_with_the_valencia_modifier() -> None:
    locale = babel_locale("va")
    assert (locale.language, locale.modifier) == ("ca", "valencia")
    assert babel_locale("xx-unknown").language == "en"


def test_a_language_without_a_catalogue_keeps_the_source_order() -> None:
    # French is not installed: its own month names, not the Spanish pattern's "de".
    assert date_in_words(TUESDAY, "fr") == "mardi 8 décembre"


def test_a_catalogue_chooses_its_own_pattern(tmp_path: Path) -> None:
    catalogue = Catalog(locale="gl", domain="ali")
    catalogue.add("EEEE d MMMM", "EEEE, d 'de' MMMM", context="date pattern")
    path = tmp_path / "gl" / "LC_MESSAGES" / "ali.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, catalogue)
    try:
        i18n.configure(locale_dirs=[tmp_path])
        assert date_in_words(TUESDAY, "gl") == "martes, 8 de decembro"
    finally:
        i18n.configure()


def test_an_iso_date_in_words_and_other_text_as_it_is() -> None:
    assert iso_date_in_words("2026-12-09", "es") == "miércoles 9 de diciembre"
    assert iso_date_in_words("next week", "es") == "next week"
