"""Questions that arrive together are embedded together: dynamic micro-batching of queries.

Each chat turn embeds its one question from its own worker thread. `BatchingQueryEmbedder`
lets one waiting thread (the leader) embed every question queued at that moment in one call of
the wrapped embedder, while the others wait for their vector: no timer, so a question that
arrives alone is embedded at once, and questions that arrive while a batch runs form the next
one. When a batch is done its leader hands the lead to the oldest question still waiting, so no
thread serves others' batches for longer than its own. An error of the embedder reaches every
question of that batch.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ali.errors import EmbedderError
from ali.retrieval.embedders import Embedder, Vectors


@dataclass(eq=False)
class _Question:
    text: str
    woken: threading.Event = field(default_factory=threading.Event)
    vector: Vectors | None = None
    error: BaseException | None = None

    @property
    def answered(self) -> bool:
        return self.vector is not None or self.error is not None


class BatchingQueryEmbedder:
    """`embedder`, with concurrent one-question `embed_queries` calls batched (up to `limit`)."""

    def __init__(self, embedder: Embedder, limit: int = 32) -> None:
        if limit < 1:
            raise ValueError("a batch holds at least one question")
        self._embedder = embedder
        self._limit = limit
        self._waiting: list[_Question] = []
        self._leading = False
        self._lock = threading.Lock()
        self.sizes: Counter[int] = Counter()  # batches embedded, by size

    @property
    def name(self) -> str:
        return self._embedder.name

    @property
    def similarity_floor(self) -> float:
        return self._embedder.similarity_floor

    def warm_up(self) -> None:
        self._embedder.warm_up()

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embedder.embed_passages(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if len(texts) != 1:
            return self._embedder.embed_queries(texts)
        question = _Question(texts[0])
        with self._lock:
            self._waiting.append(question)
            lead = not self._leading
            self._leading = True
        if lead:
            self._lead()
        while not question.answered:
            question.woken.wait()
            question.woken.clear()
            if not question.answered:  # handed the lead: its question heads the queue
                self._lead()
        if question.error is not None:
            raise question.error
        assert question.vector is not None
        return question.vector[None, :].copy()

    def _lead(self) -> None:
        with self._lock:
            batch = self._waiting[: self._limit]
            del self._waiting[: self._limit]
        try:
            vectors = self._embedder.embed_queries([question.text for question in batch])
            for question, vector in zip(batch, vectors, strict=True):
                question.vector = vector
        except Exception as exc:  # noqa: BLE001 - each caller of the batch raises it
            for question in batch:
                question.error = exc
        finally:
            for question in batch:  # interrupted (KeyboardInterrupt...): none may wait forever
                if not question.answered:
                    question.error = EmbedderError("the batch of questions was interrupted")
            with self._lock:
                self.sizes[len(batch)] += 1
                if self._waiting:
                    self._waiting[0].woken.set()  # the next leader
                else:
                    self._leading = False
            for question in batch:
                question.woken.set()


def with_query_batching(embedder: Embedder, limit: int) -> Embedder:
    """`embedder` batching concurrent questions up to `limit`, or itself when limit is 0."""
    return BatchingQueryEmbedder(embedder, limit) if limit > 0 else embedder
