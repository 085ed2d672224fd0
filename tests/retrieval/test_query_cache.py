from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from ali.retrieval.embedders import Embedder, HashingEmbedder, Vectors
from ali.retrieval.query_cache import QueryCachingEmbedder, with_query_cache
from ali.settings import EmbedderSettings


class CountingEmbedder:
    """The hashing embedder, counting the texts that reach it."""

    def __init__(self) -> None:
        self.inner = HashingEmbedder()
        self.queried: list[str] = []
        self.passages: list[str] = []

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def similarity_floor(self) -> float:
        return self.inner.similarity_floor

    def warm_up(self) -> None:
        return None

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.queried.extend(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)


def test_a_repeated_question_is_embedded_once_and_gets_the_same_vector() -> None:
    counting = CountingEmbedder()
    cached = QueryCachingEmbedder(counting, size=8)
    first = cached.embed_queries(["¿Cómo pago el IBI?"])
    again = cached.embed_queries(["¿Cómo pago el IBI?"])
    assert counting.queried == ["¿Cómo pago el IBI?"]
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, HashingEmbedder().embed_queries(["¿Cómo pago el IBI?"]))
    assert (cached.hits, cached.misses) == (1, 1)


def test_the_key_is_the_exact_text() -> None:
    counting = CountingEmbedder()
    cached = QueryCachingEmbedder(counting, size=8)
    for text in ["Cita previa", "cita previa", "cita  previa", "Cita previa"]:
        cached.embed_queries([text])
    assert counting.queried == ["Cita previa", "cita previa", "cita  previa"]


def test_a_batch_mixes_known_and_new_texts_in_order_and_embeds_each_new_one_once() -> None:
    counting = CountingEmbedder()
    cached = QueryCachingEmbedder(counting, size=8)
    cached.embed_queries(["hola"])
    batch = ["padrón", "hola", "padrón", "basuras"]
    vectors = cached.embed_queries(batch)
    assert counting.queried == ["hola", "padrón", "basuras"]
    np.testing.assert_array_equal(vectors, HashingEmbedder().embed_queries(batch))
    assert vectors.shape == (4, 512) and vectors.dtype == np.float32


def test_the_least_recently_used_vector_is_dropped_beyond_the_size() -> None:
    counting = CountingEmbedder()
    cached = QueryCachingEmbedder(counting, size=2)
    cached.embed_queries(["a uno"])
    cached.embed_queries(["b dos"])
    cached.embed_queries(["a uno"])  # now b is the least recently used
    cached.embed_queries(["c tres"])
    assert len(cached) == 2
    counting.queried.clear()
    cached.embed_queries(["a uno"])
    cached.embed_queries(["c tres"])
    cached.embed_queries(["b dos"])
    assert counting.queried == ["b dos"]


def test_a_caller_changing_its_vectors_does_not_change_the_cache() -> None:
    cached = QueryCachingEmbedder(CountingEmbedder(), size=4)
    first = cached.embed_queries(["licencia de obra"])
    expected = first.copy()
    first[:] = 0.0
    np.testing.assert_array_equal(cached.embed_queries(["licencia de obra"]), expected)


def test_passages_and_identity_pass_through() -> None:
    counting = CountingEmbedder()
    cached: Embedder = QueryCachingEmbedder(counting, size=4)
    cached.embed_passages(["uno", "uno"])
    cached.embed_passages(["uno"])
    assert counting.passages == ["uno", "uno", "uno"]
    assert cached.name == counting.name  # part of the index key: no rebuild
    assert cached.similarity_floor == counting.similarity_floor


def test_size_zero_means_no_cache() -> None:
    plain = HashingEmbedder()
    assert with_query_cache(plain, 0) is plain
    assert isinstance(with_query_cache(plain, 3), QueryCachingEmbedder)
    assert EmbedderSettings().query_cache > 0
    with pytest.raises(ValueError):
        QueryCachingEmbedder(plain, 0)
