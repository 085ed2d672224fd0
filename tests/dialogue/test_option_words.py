"""Choosing an office by its name, its street or its district, spelled loosely; an answer that
fits several offices equally asks again naming them."""

from __future__ import annotations

import datetime as dt

import pytest

from ali.actions.forms import Option, Slot, SlotKind, same_in_all_languages
from ali.dialogue.option_words import match_by_words
from ali.dialogue.slots import parse_slot
from ali.dialogue.texts import text

TODAY = dt.date(2026, 12, 2)
T = {"es": "x", "va": "x", "en": "x"}
# As the appointment connector offers Alicante's offices: the back office's label, and the
# council profile's name, address and other names as synonyms.
OFFICES = Slot(
    "office",
    SlotKind.CHOICE,
    T,
    T,
    options=(
        Option(
            "oac-gaston-castello",
            same_in_all_languages("OAC Gastón Castelló (C/ Pino Santo, 1, Alicante)"),
            ("OAC Gastón Castelló", "C/ Pino Santo, 1, Alicante", "Zona Norte"),
        ),
        Option(
            "oac-seneca",
            same_in_all_languages("OAC Séneca (C/ Portugal, 17, Alicante)"),
            ("OAC Séneca", "C/ Portugal, 17, Alicante"),
        ),
        Option(
            "saic-centro14",
            same_in_all_languages("SAIC Centro 14 (C/ Labradores, 14 (Centro 14), Alicante)"),
            ("SAIC Centro 14", "C/ Labradores, 14 (Centro 14), Alicante"),
        ),
    ),
)


@pytest.mark.parametrize(
    ("said", "office"),
    [
        ("la de la calle portugal", "oac-seneca"),
        ("la oficina de Labradores", "saic-centro14"),
        ("la del Séneca", "oac-seneca"),
        ("la del seneca", "oac-seneca"),  # no accent
        ("la del seneka", "oac-seneca"),  # a typo
        ("calle portuga", "oac-seneca"),
        ("la de zona norte", "oac-gaston-castello"),
        ("gaston castelo", "oac-gaston-castello"),
        ("la de pino santo", "oac-gaston-castello"),
        ("l'oficina del carrer Labradors", "saic-centro14"),  # in Valencian
        ("the one on Portugal street", "oac-seneca"),
        ("la segunda", "oac-seneca"),  # by its place in the list, as before
    ],
)
def test_an_office_by_its_name_street_or_district(said: str, office: str) -> None:
    assert parse_slot(OFFICES, said, "es", TODAY).value == office


def test_an_answer_that_fits_two_offices_asks_again_naming_them() -> None:
    parsed = parse_slot(OFFICES, "la OAC", "es", TODAY)
    assert not parsed.ok and parsed.error == "ambiguous_choice"
    assert text(parsed.error, "es", **parsed.params) == (
        "¿Te refieres a OAC Gastón Castelló (C/ Pino Santo, 1, Alicante) o "
        "OAC Séneca (C/ Portugal, 17, Alicante)?"
    )
    assert parse_slot(OFFICES, "la OAC", "va", TODAY).params["options"].count(" o ") == 1


def test_words_every_office_shares_or_no_office_has_choose_nothing() -> None:
    assert parse_slot(OFFICES, "la de Alicante", "es", TODAY).error == "invalid_choice"
    assert parse_slot(OFFICES, "la de la calle", "es", TODAY).error == "invalid_choice"
    assert parse_slot(OFFICES, "patata", "es", TODAY).error == "invalid_choice"


def test_an_option_named_exactly_wins_over_a_longer_one_sharing_its_word() -> None:
    slot = Slot(
        "kind",
        SlotKind.CHOICE,
        T,
        T,
        options=(
            Option("padron", {"es": "Padrón", "va": "Padró", "en": "Census"}),
            Option("historico", {"es": "Padrón histórico", "va": "Padró històric", "en": "Old"}),
        ),
    )
    assert parse_slot(slot, "padrón", "es", TODAY).value == "padron"
    assert parse_slot(slot, "el padrón histórico", "es", TODAY).value == "historico"
    assert parse_slot(slot, "el padron", "es", TODAY).value == "padron"


def test_short_words_must_be_exact_longer_ones_may_carry_a_typo() -> None:
    options = [("a", ["Oficina Sur"]), ("b", ["Oficina Norte"])]
    assert match_by_words("la del sud", options).chosen is None  # "sud" is not "sur"
    assert match_by_words("la del noria", options).chosen is None  # too far from "norte"
    assert match_by_words("la del norye", options).chosen == "b"
    assert match_by_words("la del nrote", options).chosen == "b"
    assert match_by_words("la oficina", options).chosen is None  # both are offices
