"""Which sentence of a fact comes first: the one about the citizen's own case, and never one
chosen only because it repeats the procedure's name."""

from __future__ import annotations

from ali.answers.facts import closest_first

WHO = (
    "Qualsevol persona o entitat. Les empreses i la resta d'obligats per la llei l'han de "
    "presentar per la seu electrònica."
)
NAMES = "Instància general (sol·licitud genèrica a l'Ajuntament); presentar un escrit"


def test_the_sentence_about_the_citizens_case_comes_first() -> None:
    fact = closest_first(WHO, "soc una empresa, qui ho pot fer per la seu electrònica?", "va")
    assert fact.startswith("Les empreses")


def test_words_that_only_name_the_procedure_choose_no_sentence() -> None:
    # "presentar una instància general" names the procedure; the question asks who in general.
    question = "Qui pot presentar una instància general a l'Ajuntament?"
    assert closest_first(WHO, question, "va").startswith("Les empreses")  # without the names
    assert closest_first(WHO, question, "va", naming=NAMES) == WHO
