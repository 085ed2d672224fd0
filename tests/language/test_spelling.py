"""Spelling correction of what citizens write by ear, into a vocabulary."""

from collections import Counter

import pytest

from ali.language.registry import installed
from ali.language.spelling import Speller, common_words, speller_for

VOCABULARY = Counter(
    {
        "quiero": 3,
        "pagar": 5,
        "recibo": 4,
        "contribucion": 2,
        "volante": 6,
        "empadronamiento": 6,
        "cita": 5,
        "hacer": 2,
        "ibi": 4,
        "valla": 1,
        "vaca": 1,
        "basura": 3,
        "recogida": 3,
        "llencar": 1,
        "matalas": 1,
        "organitzar": 1,
        "caixa": 1,
    }
)


@pytest.fixture(scope="module")
def speller() -> Speller:
    return speller_for(VOCABULARY)


def test_a_word_it_cannot_place_is_left_as_written(speller: Speller) -> None:
    assert speller.correct("xyzzy plugh") == "xyzzy plugh"
    assert speller.correct("calle portugal 12") == "calle portugal 12"


def test_known_words_are_left_alone_even_when_they_sound_like_a_catalogue_word(
    speller: Speller,
) -> None:
    # "vaya" sounds like "valla" and "baca" like "vaca": real words, not misspellings
    assert speller.correct("vaya valla") == "vaya valla"
    assert speller.correct("una vaca") == "una vaca"
    assert speller.correct("quiero pagar") == "quiero pagar"


def test_an_unknown_word_with_a_same_sound_twin_is_corrected_into_it() -> None:
    speller = Speller(Counter({"vaca": 1}), sounds=[("v", "b")], known=["vaca"])
    assert speller.correct("baka") == "baka"  # no k/c rule given: not the same sound
    assert speller.correct("baca") == "vaca"
    with_baca = Speller(Counter({"vaca": 1, "baca": 1}), sounds=[("v", "b")])
    assert with_baca.correct("baca vaca") == "baca vaca"  # both are words


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("kiero", "quiero"),  # k for qu
        ("resibo", "recibo"),  # s for c
        ("contrivucion", "contribucion"),  # v for b
        ("bolante", "volante"),  # b for v
        ("aser", "hacer"),  # dropped h, s for c
        ("sita", "cita"),  # s for c, though a rare name
        ("ivi", "ibi"),  # a short catalogue word, v for b
        ("recojida", "recogida"),  # j for g
        ("bassura", "basura"),  # a doubled letter
        ("enpadronamiento", "empadronamiento"),  # n before p
        ("empadronamento", "empadronamiento"),  # one letter dropped in a long word
        ("voalnte", "volante"),  # two letters swapped: one edit, not two
        ("basrua", "basura"),  # the same in a short word
        ("llensar", "llencar"),  # Valencian c for ç, one edit
        ("yencar", "llencar"),  # y for ll
        ("organisar", "organitzar"),  # Valencian tz
        ("caxa", "caixa"),  # Valencian ix
        ("Contribución", "contribucion"),  # accents and capitals
    ],
)
def test_each_spelling_by_ear_is_corrected(speller: Speller, written: str, meant: str) -> None:
    assert speller.correct(written) == meant


@pytest.mark.parametrize(
    ("written", "meant"),
    [("pa", "para"), ("d", "de"), ("q", "que"), ("k", "que"), ("xq", "porque")],
)
def test_shorthand_is_written_out(speller: Speller, written: str, meant: str) -> None:
    assert speller.correct(written) == meant


def test_the_messages_citizens_wrote_read_as_meant(speller: Speller) -> None:
    assert (
        speller.correct("kiero paga un resibo d la contrivucion")
        == "quiero paga un recibo de la contribucion"
    )
    assert speller.correct("on puc llençar un matalàs vell?") == "on puc llencar un matalas vell"


def test_short_words_are_not_guessed_at(speller: Speller) -> None:
    # two letters: no sound is safe to guess from ("an" could be "han" or "en")
    assert speller.correct("an") == "an"


def test_the_more_frequent_catalogue_word_wins_a_shared_sound() -> None:
    speller = Speller(Counter({"baca": 1, "vaca": 5}), sounds=[("v", "b")])
    assert speller.correct("bacca") == "vaca"  # one edit from both: the more frequent


def test_common_words_come_folded_from_the_lexicon() -> None:
    spanish = common_words("es")
    assert {"quiero", "vaya", "contribucion", "hacer"} <= spanish
    assert "kiero" not in spanish and "resibo" not in spanish
    assert "llencar" in common_words("ca")  # llençar, folded


def test_every_installed_pack_names_a_lexicon_and_valid_sounds() -> None:
    for pack in installed():
        assert pack.spelling.lexicon, pack.code
    speller = speller_for(Counter())
    assert speller.key("quiero") == speller.key("kiero")
    assert speller.key("hacer") == speller.key("aser")
    assert speller.key("llamar") == speller.key("yamar")


def test_a_rare_real_word_is_not_edited_into_a_catalogue_word() -> None:
    # "retiree" is one edit from nothing here but two from "require"; "recycle" is one from
    # "recycled": both are English words, rare but real, and the citizen meant them.
    speller = speller_for(Counter({"require": 5, "recycled": 3, "extension": 2}))
    assert speller.correct("retiree") == "retiree"
    assert speller.correct("recycle") == "recycle"
    assert speller.correct("exención") == "exencion"  # "exención" is Spanish, not "extension"


def test_a_rare_word_that_sounds_like_a_catalogue_word_is_still_corrected(
    speller: Speller,
) -> None:
    # "sita" is a rare word, but by ear it is the "cita" of a council's assistant.
    assert speller.correct("sita") == "cita"


def test_a_misspelling_no_lexicon_knows_is_still_edited(speller: Speller) -> None:
    assert speller.correct("enpadronamineto") == "empadronamiento"
