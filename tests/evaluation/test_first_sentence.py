"""The first sentence a citizen reads, and whether it states the fact asked for."""

from __future__ import annotations

import pytest

from ali.evaluation.first_sentence import first_sentence, fold, sentences, stated


def test_an_empty_reply_has_no_first_sentence() -> None:
    assert first_sentence("") == ""
    assert first_sentence("  \n\n **  ** \n") == ""


@pytest.mark.parametrize(
    ("reply", "first"),
    [
        ("La tasa cuesta 1,5 € al mes. Se paga en junio.", "La tasa cuesta 1,5 € al mes."),
        ("In 2025 it was 69.85 € a year. It is annual.", "In 2025 it was 69.85 € a year."),
        (
            "Ve a la C/ Labradores, 14 (Centro 14). Abre a las 8:30.",
            "Ve a la C/ Labradores, 14 (Centro 14).",
        ),
        (
            "En la Avda. de Aguilera, p. ej. por la mañana. Luego vuelve.",
            "En la Avda. de Aguilera, p. ej. por la mañana.",
        ),
        ("Abre de 9 a 14 h. Los viernes, no.", "Abre de 9 a 14 h."),
        ("¿Quieres pedir cita? Te ayudo.", "¿Quieres pedir cita?"),
        ("¡Es gratis! Sin cita.", "¡Es gratis!"),
        ("Es gratuito\nMás datos abajo.", "Es gratuito"),
    ],
)
def test_a_sentence_ends_at_a_stop_and_a_space_not_inside_figures_or_abbreviations(
    reply: str, first: str
) -> None:
    assert first_sentence(reply) == first


def test_a_url_is_not_cut_at_its_dots_or_question_mark() -> None:
    reply = "Pídelo en https://sedeelectronica.alicante.es/tramite?id=3. Es gratuito."
    assert first_sentence(reply) == "Pídelo en https://sedeelectronica.alicante.es/tramite?id=3."


def test_markdown_is_removed_before_cutting() -> None:
    reply = "**Coste**: Gratuito, como todos los trámites del padrón.\n\n**Cómo hacerlo**: ..."
    assert first_sentence(reply) == "Coste: Gratuito, como todos los trámites del padrón."
    assert first_sentence("## Volante\n- Por internet: *al momento*.") == "Volante"
    assert first_sentence("[Cita previa](https://citaprevia.alicante.es/) o el `010`.") == (
        "Cita previa (https://citaprevia.alicante.es/) o el 010."
    )


def test_a_list_item_is_a_sentence_of_its_own() -> None:
    assert sentences("Puedes pedirlo:\n- Por internet\n2. En persona") == [
        "Puedes pedirlo:",
        "Por internet",
        "En persona",
    ]


def test_folding_drops_case_accents_apostrophe_kinds_and_the_middle_dot() -> None:
    assert fold("Gratuït  ÀÉÍ") == "gratuit aei"
    assert fold("d’octubre") == "d'octubre"
    assert fold("Al·legacions, C/ Metal·lúrgies") == "allegacions, c/ metallurgies"


def test_a_fact_is_stated_whatever_its_case_and_accents() -> None:
    assert stated("Se paga del 15 de marzo al 30 de JUNIO.", ["30 de junio"]) == "30 de junio"
    assert stated("És gratuït.", ["gratis", "gratuit"]) == "gratuit"
    assert stated("Oficina: C/ Pintor Velázquez, 15.", ["Pintor Velazquez"]) == ("Pintor Velazquez")
    assert stated("Termini: 20 dies naturals per a les al·legacions.", ["20 dies"]) == "20 dies"


def test_a_fact_must_be_whole_words() -> None:
    assert stated("It needs your residence card.", ["ID"]) is None
    assert stated("Bring your ID card.", ["ID"]) == "ID"
    assert stated("Llama al 0101.", ["010"]) is None
    assert stated("Consúltalo en sedeelectronica.alicante.es.", ["alicante.es"]) == "alicante.es"


def test_a_missing_fact_is_not_stated() -> None:
    assert stated("El catálogo no recoge este dato.", ["30 de junio", "010"]) is None
    assert stated("Es gratuito.", []) is None
