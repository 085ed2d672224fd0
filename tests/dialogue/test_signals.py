"""What a turn searches: the message as written, so the served search is the evaluated one."""

from __future__ import annotations

import numpy as np

from ali.dialogue.signals import read_signals
from ali.retrieval.embedders import Vectors
from ali.retrieval.hybrid import SearchResult


class RecordingRetriever:
    def __init__(self) -> None:
        self.embedded: list[str] = []
        self.searched: list[str] = []

    def embed(self, question: str) -> Vectors:
        self.embedded.append(question)
        return np.zeros((1, 4), dtype=np.float32)

    def search(self, question: str, query_vector: Vectors | None = None) -> SearchResult:
        self.searched.append(question)
        return SearchResult(hits=[])


class NoClassifier:
    def score(self, message: str, vector: Vectors) -> None:
        return None


def signals(message: str) -> tuple[RecordingRetriever, bool]:
    retriever = RecordingRetriever()
    read = read_signals(message, retriever, NoClassifier())  # type: ignore[arg-type]
    return retriever, read.only_id_method


def test_the_message_is_searched_and_embedded_as_written() -> None:
    # Folding it first ("que documentos necesito para empadronarme") took the accents and the
    # question marks from the embedder, unlike the evaluation, which searches as written.
    retriever, only_method = signals("¿Qué documentos necesito para empadronarme?")
    assert retriever.embedded == ["¿Qué documentos necesito para empadronarme?"]
    assert retriever.searched == ["¿Qué documentos necesito para empadronarme?"]
    assert not only_method


def test_an_identification_method_is_left_out_of_the_search() -> None:
    retriever, only_method = signals("quiero el volante con Cl@ve")
    assert retriever.searched == ["quiero el volante"]
    assert not only_method


def test_a_message_that_is_only_a_method_says_so() -> None:
    retriever, only_method = signals("con Cl@ve")
    assert only_method
    assert retriever.searched == ["con Cl@ve"]
