"""Passage vectors already computed, by the passage text's fingerprint and the embedder's name.

Councils on one base catalogue (`ali.catalogue.base`) share most of their passages, and every
council without its own intent examples has the same ones: while a process builds the indexes
of many councils, each shared text is embedded once and its vector reused by the next index
that holds it. The cache lives as long as the process builds indexes (`ali.councils.Councils`
keeps one); vectors are small (384 floats for the default model), one per distinct text.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence

import numpy as np

from ali.retrieval.embedders import Embedder, Vectors


def _fingerprint(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class PassageVectorCache:
    """`embed_passages` through a cache: only texts it has not seen reach the embedder."""

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, bytes], Vectors] = {}
        self._lock = threading.Lock()
        self.embedded = 0  # texts sent to an embedder
        self.reused = 0  # texts answered from the cache

    def __len__(self) -> int:
        return len(self._vectors)

    def embed_passages(self, embedder: Embedder, texts: Sequence[str]) -> Vectors:
        """The unit vectors of `texts`, in order; each distinct new text is embedded once."""
        keys = [(embedder.name, _fingerprint(text)) for text in texts]
        with self._lock:
            missing: dict[tuple[str, bytes], str] = {}
            for key, text in zip(keys, texts, strict=True):
                if key not in self._vectors and key not in missing:
                    missing[key] = text
        if missing:
            vectors = embedder.embed_passages(list(missing.values()))
            with self._lock:
                for key, vector in zip(missing, vectors, strict=True):
                    self._vectors[key] = vector
                self.embedded += len(missing)
        with self._lock:
            self.reused += len(texts) - len(missing)
            return np.stack([self._vectors[key] for key in keys]).astype(np.float32, copy=False)
