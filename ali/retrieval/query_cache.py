"""Query vectors of questions already asked: an `Embedder` that remembers its last queries.

Citizens ask the same few things in the same words ("hola", "cita previa", the quick replies the
widget offers), and a question's embedding is most of a turn's cost. `QueryCachingEmbedder`
answers `embed_queries` for a text it has embedded recently from a bounded LRU map keyed by
the exact text, so a repeated question costs a dictionary look-up; every other text goes to the
wrapped embedder. The key is the text itself, not a folded form: the model sees case and
accents, so two spellings may embed differently and each keeps its own vector. Passages pass
through untouched (`ali.retrieval.vector_cache` reuses those while indexes are built).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from ali.retrieval.embedders import Embedder, Vectors


class QueryCachingEmbedder:
    """`embedder`, with the vectors of its last `size` distinct queries kept (LRU)."""

    def __init__(self, embedder: Embedder, size: int) -> None:
        if size < 1:
            raise ValueError("a query cache holds at least one vector")
        self._embedder = embedder
        self._size = size
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        return self._embedder.name

    @property
    def similarity_floor(self) -> float:
        return self._embedder.similarity_floor

    def __len__(self) -> int:
        return len(self._vectors)

    def warm_up(self) -> None:
        self._embedder.warm_up()

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embedder.embed_passages(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        texts = list(texts)
        found: dict[str, Vectors] = {}
        with self._lock:
            for text in texts:
                vector = self._vectors.get(text)
                if vector is not None:
                    self._vectors.move_to_end(text)
                    found[text] = vector
            self.hits += sum(1 for text in texts if text in found)
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        if missing:
            fresh = self._embedder.embed_queries(missing)  # outside the lock: the slow part
            with self._lock:
                self.misses += len(missing)
                for text, vector in zip(missing, fresh, strict=True):
                    stored = np.array(vector, dtype=np.float32)  # a copy no caller holds
                    stored.setflags(write=False)
                    found[text] = stored
                    self._vectors[text] = stored
                    self._vectors.move_to_end(text)
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        if not texts:
            return self._embedder.embed_queries(texts)
        return np.stack([found[text] for text in texts])  # a new array: callers may change it


def with_query_cache(embedder: Embedder, size: int) -> Embedder:
    """`embedder` behind a query cache of `size` vectors, or `embedder` itself when size is 0."""
    return QueryCachingEmbedder(embedder, size) if size > 0 else embedder
