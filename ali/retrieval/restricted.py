"""Passage search restricted to one document: which sentence of the procedure under discussion
answers a follow-up question.

The passages of a group (a council's procedure in one language) are embedded once, when the
group is first asked about, and kept (`max_groups` of them, least recently used out first); a
group whose texts change is embedded again. Each passage is scored by the cosine similarity of
its embedding to the question's (the turn's own, when given) and by how much of the question's
terms it contains, weighted by how rare each term is in the group (a word every passage has
tells nothing). `contrast` is how far the best passage stands above the group's median: e5's
similarities crowd together, and a question the group does not answer ("gracias") scores
all passages alike.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ali.language.codes import Language
from ali.language.text import analyze
from ali.retrieval.embedders import Embedder, Vectors


@dataclass(frozen=True)
class RankedPassage:
    index: int  # position in the texts ranked
    score: float  # dense + lexical_weight * lexical
    dense: float  # cosine similarity to the question
    lexical: float  # share (0-1) of the question's term weight found in the passage


@dataclass(frozen=True)
class PassageRanking:
    passages: list[RankedPassage]  # best first
    contrast: float  # the best passage's dense similarity minus the group's median

    @property
    def best(self) -> RankedPassage | None:
        return self.passages[0] if self.passages else None


@dataclass(frozen=True)
class _Group:
    fingerprint: str
    vectors: Vectors
    terms: list[frozenset[str]]
    weights: dict[str, float]  # inverse document frequency within the group
    unseen: float  # the weight of a question term no passage has


class RestrictedPassageSearch:
    def __init__(
        self, embedder: Embedder, *, lexical_weight: float = 0.1, max_groups: int = 512
    ) -> None:
        self._embedder = embedder
        self._lexical_weight = lexical_weight
        self._max_groups = max_groups
        self._groups: OrderedDict[str, _Group] = OrderedDict()
        self._lock = threading.Lock()

    def rank(
        self,
        group: str,
        texts: Sequence[str],
        question: str,
        language: Language,
        query_vector: Vectors | None = None,
    ) -> PassageRanking:
        """`texts` (the group's passages) ranked against `question`, best first."""
        if not texts:
            return PassageRanking([], 0.0)
        cached = self._group(group, texts, language)
        vector = self._embedder.embed_queries([question]) if query_vector is None else query_vector
        dense = cached.vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)
        asked = set(analyze(question, language))
        total = sum(cached.weights.get(term, cached.unseen) for term in asked)
        ranked = []
        for index, terms in enumerate(cached.terms):
            found = sum(cached.weights[term] for term in asked & terms)
            lexical = found / total if total else 0.0
            similarity = float(dense[index])
            ranked.append(
                RankedPassage(
                    index, similarity + self._lexical_weight * lexical, similarity, lexical
                )
            )
        ranked.sort(key=lambda passage: passage.score, reverse=True)
        contrast = float(np.max(dense) - np.median(dense))
        return PassageRanking(ranked, contrast)

    def _group(self, group: str, texts: Sequence[str], language: Language) -> _Group:
        fingerprint = hashlib.sha256("\x1f".join(texts).encode()).hexdigest()
        with self._lock:
            cached = self._groups.get(group)
            if cached is not None and cached.fingerprint == fingerprint:
                self._groups.move_to_end(group)
                return cached
        terms = [frozenset(analyze(text, language)) for text in texts]
        counts: dict[str, int] = {}
        for found in terms:
            for term in found:
                counts[term] = counts.get(term, 0) + 1
        size = len(texts)
        weights = {term: math.log(1 + size / count) for term, count in counts.items()}
        built = _Group(
            fingerprint,
            self._embedder.embed_passages(list(texts)),
            terms,
            weights,
            unseen=math.log(1 + size / 0.5),
        )
        with self._lock:
            self._groups[group] = built
            self._groups.move_to_end(group)
            while len(self._groups) > self._max_groups:
                self._groups.popitem(last=False)
        return built
