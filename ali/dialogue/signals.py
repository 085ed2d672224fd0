"""What the search and the example classifier say about a message, computed once per turn from
one embedding of it and shared by every step that needs it."""

from __future__ import annotations

from dataclasses import dataclass

from ali.intents import cues
from ali.intents.classifier import ExampleClassifier, IntentScores
from ali.retrieval.hybrid import HybridRetriever, SearchResult


@dataclass(frozen=True)
class Signals:
    search: SearchResult
    scores: IntentScores
    only_id_method: bool  # the message named only an identification method ("con Cl@ve")


def read_signals(
    message: str, retriever: HybridRetriever, classifier: ExampleClassifier
) -> Signals:
    """Signals of a (cleaned) message: one embedding, one search, one set of intent scores. An
    identification method named in it is left out of the search."""
    stripped, had_method = cues.without_id_method(message)
    # As written (accents, case) unless a method was taken out: the embedder reads words better
    # with their accents, and the evaluation searches questions as written too.
    retrieval_text = (stripped or message) if had_method else message
    vector = retriever.embed(retrieval_text)
    return Signals(
        search=retriever.search(retrieval_text, vector),
        scores=classifier.score(message, vector),
        only_id_method=had_method and not stripped,
    )
