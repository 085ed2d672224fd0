"""Dense retrieval: the question's embedding against the catalogue's passage vectors."""

from __future__ import annotations

from ali.retrieval.embedders import Vectors
from ali.retrieval.hits import Hit
from ali.retrieval.vector_index import VectorIndex


class DenseRetriever:
    """Best cosine similarity of any of a procedure's passages (max pooling)."""

    def __init__(self, index: VectorIndex) -> None:
        self._index = index

    def run(self, query_vector: Vectors, top_k: int = 10) -> list[Hit]:
        best: dict[str, float] = {}
        for passage, score in self._index.search(query_vector, k=len(self._index)):
            if score > best.get(passage.key, -1.0):
                best[passage.key] = score
        ranked = sorted(best.items(), key=lambda item: -item[1])[:top_k]
        return [Hit(procedure_id, score) for procedure_id, score in ranked]
