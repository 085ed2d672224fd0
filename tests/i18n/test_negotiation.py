"""Reading a browser's Accept-Language and matching it to the offered languages."""

from __future__ import annotations

from ali.i18n.negotiation import accepted, negotiate

OFFERED = {"es": "es", "va": "ca@valencia", "en": "en"}


def test_malformed_empty_and_refused_ranges_are_left_out() -> None:
    assert accepted(None) == []
    assert accepted("") == []
    assert accepted("*, es;q=0, <script>, en;q=abc, fr;q=0.3") == ["fr"]
    assert accepted("es-ES, en;q=0.8, ca;q=0.9") == ["es-es", "ca", "en"]
    assert accepted("en_GB") == ["en-gb"]
    assert len(accepted(",".join(["de"] * 100))) == 20


def test_a_tag_matches_a_code_or_its_locale_language() -> None:
    assert negotiate("ca-ES-valencia, es;q=0.5", OFFERED) == "va"
    assert negotiate("ca", OFFERED) == "va"
    assert negotiate("va", OFFERED) == "va"
    assert negotiate("es-MX, en;q=0.9", OFFERED) == "es"
    assert negotiate("de-DE, en-US;q=0.2", OFFERED) == "en"
    assert negotiate("de-DE, fr", OFFERED) is None
    assert negotiate(None, OFFERED) is None


def test_a_language_named_by_its_own_code_comes_before_one_named_by_its_locale() -> None:
    with_catalan = {"va": "ca@valencia", "ca": "ca"}
    assert negotiate("ca-ES", with_catalan) == "ca"
    assert negotiate("gl", OFFERED | {"gl": "gl"}) == "gl"
