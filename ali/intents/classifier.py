"""Example-based intent scores: the question's embedding against every example utterance, plus
fuzzy matching for the short, formulaic messages ("gracias!!", "hola buenas") embeddings
handle least well."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ali.language.text import fold
from ali.retrieval.embedders import Vectors
from ali.retrieval.vector_index import VectorIndex


@dataclass(frozen=True)
class IntentScores:
    """Per label: best cosine similarity to an example, and best fuzzy ratio (0-100)."""

    similarity: dict[str, float]
    fuzzy: dict[str, float]

    def best(self, labels: frozenset[str] | None = None) -> tuple[str | None, float]:
        candidates = {
            label: score
            for label, score in self.similarity.items()
            if labels is None or label in labels
        }
        if not candidates:
            return None, 0.0
        label = max(candidates, key=lambda name: candidates[name])
        return label, candidates[label]

    def runner_up(self, exclude: str) -> float:
        return max((s for label, s in self.similarity.items() if label != exclude), default=0.0)


class ExampleClassifier:
    def __init__(self, index: VectorIndex) -> None:
        self._index = index
        self._texts = [fold(p.text) for p in index.passages]
        self._labels = [p.key for p in index.passages]

    def score(self, text: str, query_vector: Vectors) -> IntentScores:
        similarity: dict[str, float] = {}
        for passage, score in self._index.search(query_vector, k=min(60, len(self._index))):
            if score > similarity.get(passage.key, -1.0):
                similarity[passage.key] = score
        fuzzy: dict[str, float] = {}
        folded = fold(text)
        if folded and len(folded) <= 60:
            for _, score, position in process.extract(
                folded, self._texts, scorer=fuzz.ratio, limit=10
            ):
                label = self._labels[position]
                fuzzy[label] = max(fuzzy.get(label, 0.0), float(score))
        return IntentScores(similarity=similarity, fuzzy=fuzzy)
