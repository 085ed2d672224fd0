"""Passage search within one procedure: ranked by the question, embedded once per group."""

from __future__ import annotations

from collections.abc import Sequence

from ali.retrieval.embedders import HashingEmbedder, Vectors
from ali.retrieval.restricted import RestrictedPassageSearch

PASSAGES = [
    "Las multas se pagan con su documento de pago.",
    "Si pagas sin presentar alegaciones tienes una reducción del 50 %.",
    "En el depósito de la grúa también se puede pagar con tarjeta.",
]


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.passage_batches = 0

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.passage_batches += 1
        return super().embed_passages(texts)


def test_no_passages_rank_nothing() -> None:
    ranking = RestrictedPassageSearch(HashingEmbedder()).rank("g", [], "¿grúa?", "es")
    assert ranking.best is None


def test_the_passage_that_answers_ranks_first() -> None:
    search = RestrictedPassageSearch(HashingEmbedder())
    ranking = search.rank("multas", PASSAGES, "¿dónde está el depósito de la grúa?", "es")
    assert ranking.best is not None and ranking.best.index == 2
    assert ranking.best.lexical > 0.5
    assert [p.score for p in ranking.passages] == sorted(
        (p.score for p in ranking.passages), reverse=True
    )


def test_a_groups_passages_are_embedded_once_and_again_when_they_change() -> None:
    embedder = CountingEmbedder()
    search = RestrictedPassageSearch(embedder)
    search.rank("multas", PASSAGES, "¿grúa?", "es")
    search.rank("multas", PASSAGES, "¿alegaciones?", "es")
    assert embedder.passage_batches == 1
    search.rank("multas", [*PASSAGES, "Nuevo texto."], "¿grúa?", "es")
    assert embedder.passage_batches == 2


def test_the_least_recently_used_group_is_dropped() -> None:
    embedder = CountingEmbedder()
    search = RestrictedPassageSearch(embedder, max_groups=1)
    search.rank("a", PASSAGES, "¿grúa?", "es")
    search.rank("b", PASSAGES, "¿grúa?", "es")
    search.rank("a", PASSAGES, "¿grúa?", "es")
    assert embedder.passage_batches == 3
