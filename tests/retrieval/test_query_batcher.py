from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from ali.errors import EmbedderError
from ali.retrieval.embedders import HashingEmbedder, Vectors
from ali.retrieval.query_batcher import BatchingQueryEmbedder, with_query_batching


class SlowEmbedder:
    """The hashing embedder taking `seconds` per call, recording each call's texts."""

    def __init__(self, seconds: float = 0.02, fail_on: str | None = None) -> None:
        self.inner = HashingEmbedder()
        self.seconds = seconds
        self.fail_on = fail_on
        self.calls: list[list[str]] = []
        self._lock = threading.Lock()
        self.concurrent = 0
        self.most_concurrent = 0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def similarity_floor(self) -> float:
        return self.inner.similarity_floor

    def warm_up(self) -> None:
        return None

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            self.calls.append(list(texts))
            self.concurrent += 1
            self.most_concurrent = max(self.most_concurrent, self.concurrent)
        try:
            time.sleep(self.seconds)
            if self.fail_on is not None and self.fail_on in texts:
                raise EmbedderError("the model failed")
            return self.inner.embed_queries(texts)
        finally:
            with self._lock:
                self.concurrent -= 1

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_passages(texts)


def test_a_question_alone_is_embedded_at_once_with_the_same_vector() -> None:
    slow = SlowEmbedder(seconds=0.0)
    batcher = BatchingQueryEmbedder(slow)
    vector = batcher.embed_queries(["¿Cómo pago el IBI?"])
    np.testing.assert_array_equal(vector, HashingEmbedder().embed_queries(["¿Cómo pago el IBI?"]))
    assert vector.shape == (1, 512)
    assert slow.calls == [["¿Cómo pago el IBI?"]]


def test_questions_arriving_together_share_batches_and_each_gets_its_own_vector() -> None:
    slow = SlowEmbedder(seconds=0.02)
    batcher = BatchingQueryEmbedder(slow, limit=8)
    questions = [f"pregunta número {n} sobre el padrón" for n in range(40)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        vectors = list(pool.map(lambda q: batcher.embed_queries([q]), questions))
    expected = HashingEmbedder()
    for question, vector in zip(questions, vectors, strict=True):
        np.testing.assert_array_equal(vector, expected.embed_queries([question]))
    embedded = [text for call in slow.calls for text in call]
    assert sorted(embedded) == sorted(questions)  # each once
    assert len(slow.calls) < len(questions)  # some were batched
    assert max(len(call) for call in slow.calls) <= 8
    assert slow.most_concurrent == 1  # one batch at a time
    assert sum(size * n for size, n in batcher.sizes.items()) == len(questions)


def test_an_error_reaches_the_questions_of_its_batch_and_the_batcher_goes_on() -> None:
    slow = SlowEmbedder(seconds=0.0, fail_on="rompe")
    batcher = BatchingQueryEmbedder(slow)
    with pytest.raises(EmbedderError):
        batcher.embed_queries(["rompe"])
    assert batcher.embed_queries(["hola"]).shape == (1, 512)


def test_several_texts_in_one_call_and_passages_pass_through() -> None:
    slow = SlowEmbedder(seconds=0.0)
    batcher = BatchingQueryEmbedder(slow)
    assert batcher.embed_queries(["uno", "dos"]).shape == (2, 512)
    assert slow.calls == [["uno", "dos"]]
    assert not batcher.sizes
    assert batcher.name == slow.name
    with pytest.raises(ValueError):
        BatchingQueryEmbedder(slow, limit=0)


def test_limit_zero_means_no_batching() -> None:
    plain = HashingEmbedder()
    assert with_query_batching(plain, 0) is plain
    assert isinstance(with_query_batching(plain, 4), BatchingQueryEmbedder)
