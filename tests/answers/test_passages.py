"""A procedure's text cut into passages with keys shared by its languages."""

from __future__ import annotations

from ali.answers.passages import Section, procedure_passages, sentences
from ali.catalogue import Catalogue


def test_sentences_split_at_a_full_stop_before_a_capital() -> None:
    assert sentences("Uno. Dos 3.5 tres. ¿Cuatro?") == ["Uno.", "Dos 3.5 tres.", "¿Cuatro?"]


def test_every_language_has_the_same_passage_keys(catalogue: Catalogue) -> None:
    offices = {office.id: office for office in catalogue.profile.offices}
    procedure = catalogue.get("multas.pago")
    keys = {
        language: [p.key for p in procedure_passages(procedure, language, offices)]
        for language in catalogue.languages
    }
    assert keys["es"] == keys["va"] == keys["en"]
    assert "summary.1" in keys["es"] and "notes.1" in keys["es"]


def test_channels_name_their_offices_with_the_address(catalogue: Catalogue) -> None:
    offices = {office.id: office for office in catalogue.profile.offices}
    passages = procedure_passages(catalogue.get("multas.pago"), "es", offices)
    channels = [p for p in passages if p.section is Section.CHANNELS]
    assert any("Jorge Juan" in p.text for p in channels)
    assert all(p.shown.startswith("**") for p in channels)  # labelled when shown alone


def test_a_full_stop_after_an_abbreviation_ends_no_sentence() -> None:
    text = (
        "Cualquier persona o entidad. Las empresas obligadas por el art. 14.2 de la Ley 39/2015 "
        "la presentan por la sede. La oficina está en la Avda. de Aguilera, núm. 1."
    )
    assert sentences(text) == [
        "Cualquier persona o entidad.",
        "Las empresas obligadas por el art. 14.2 de la Ley 39/2015 la presentan por la sede.",
        "La oficina está en la Avda. de Aguilera, núm. 1.",
    ]
