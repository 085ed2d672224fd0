"""The dense index of a catalogue: passage vectors in FAISS, persisted in the data directory.

An index is keyed by a hash of the catalogue, the embedding model and the passage format, so it
is built once, loaded on later starts, and rebuilt by itself when any of the three changes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import faiss
import numpy as np

from ali.catalogue.catalogue import Catalogue
from ali.retrieval.embedders import Embedder, Vectors
from ali.retrieval.passages import PASSAGE_FORMAT, Passage, dense_passages

Progress = Callable[[int, int], None]

_BATCH = 16


class VectorIndex:
    """Passages and their unit vectors; `search` returns cosine similarities."""

    def __init__(self, passages: Sequence[Passage], vectors: Vectors) -> None:
        if len(passages) != len(vectors):
            raise ValueError("one vector per passage")
        self.passages = list(passages)
        self._index = faiss.IndexFlatIP(vectors.shape[1])
        self._index.add(vectors)

    def __len__(self) -> int:
        return len(self.passages)

    def search(self, query: Vectors, k: int) -> list[tuple[Passage, float]]:
        scores, positions = self._index.search(query, min(k, len(self.passages)))
        return [
            (self.passages[position], float(score))
            for score, position in zip(scores[0], positions[0], strict=True)
            if position >= 0
        ]

    def save(self, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".building-"))
        faiss.write_index(self._index, str(staging / "vectors.faiss"))
        (staging / "passages.json").write_text(
            json.dumps([asdict(p) for p in self.passages], ensure_ascii=False), encoding="utf-8"
        )
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)  # atomic: a reader sees a whole index or none

    @classmethod
    def load(cls, folder: Path) -> VectorIndex:
        stored = faiss.read_index(str(folder / "vectors.faiss"))
        raw = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
        passages = [Passage(**item) for item in raw]
        vectors = np.zeros((stored.ntotal, stored.d), dtype=np.float32)
        for position in range(stored.ntotal):
            vectors[position] = stored.reconstruct(position)
        return cls(passages, vectors)


def index_key(catalogue: Catalogue, embedder: Embedder) -> str:
    material = f"{catalogue.fingerprint()}|{embedder.name}|{PASSAGE_FORMAT}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def build_index(
    catalogue: Catalogue, embedder: Embedder, progress: Progress | None = None
) -> VectorIndex:
    passages = dense_passages(catalogue)
    chunks: list[Vectors] = []
    for start in range(0, len(passages), _BATCH):
        batch = passages[start : start + _BATCH]
        chunks.append(embedder.embed_passages([p.text for p in batch]))
        if progress:
            progress(min(start + _BATCH, len(passages)), len(passages))
    return VectorIndex(passages, np.concatenate(chunks))


def load_or_build(
    catalogue: Catalogue,
    embedder: Embedder,
    index_dir: Path,
    progress: Progress | None = None,
    *,
    rebuild: bool = False,
) -> tuple[VectorIndex, bool]:
    """The persisted index for this catalogue and model; builds and saves it when missing.

    Returns the index and whether it was built now.
    """
    folder = index_dir / f"{catalogue.profile.id}-{index_key(catalogue, embedder)}"
    if folder.exists() and not rebuild:
        try:
            return VectorIndex.load(folder), False
        except (OSError, RuntimeError, ValueError, TypeError, json.JSONDecodeError):
            pass  # a damaged index is rebuilt below
    index = build_index(catalogue, embedder, progress)
    index.save(folder)
    for stale in index_dir.glob(f"{catalogue.profile.id}-*"):
        if stale != folder and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    return index, True
