"""The dense index of a catalogue: passage vectors in FAISS, persisted in the data directory.

An index is keyed by a hash of the catalogue, the embedding model and the passage format, so it
is built once, loaded on later starts, and rebuilt by itself when any of the three changes. A
build given a `PassageVectorCache` embeds only the texts no earlier index of the process had
(the passages of a shared base catalogue, the default intent examples).
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
from ali.retrieval.vector_cache import PassageVectorCache

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


def _key(material: str, embedder: Embedder) -> str:
    return hashlib.sha256(f"{material}|{embedder.name}".encode()).hexdigest()[:16]


def build_index(
    passages: Sequence[Passage],
    embedder: Embedder,
    progress: Progress | None = None,
    cache: PassageVectorCache | None = None,
) -> VectorIndex:
    chunks: list[Vectors] = []
    for start in range(0, len(passages), _BATCH):
        texts = [p.text for p in passages[start : start + _BATCH]]
        if cache is None:
            chunks.append(embedder.embed_passages(texts))
        else:
            chunks.append(cache.embed_passages(embedder, texts))
        if progress:
            progress(min(start + _BATCH, len(passages)), len(passages))
    return VectorIndex(passages, np.concatenate(chunks))


def load_or_build_passages(
    passages: Sequence[Passage],
    embedder: Embedder,
    index_dir: Path,
    prefix: str,
    material: str,
    progress: Progress | None = None,
    *,
    rebuild: bool = False,
    cache: PassageVectorCache | None = None,
) -> tuple[VectorIndex, bool]:
    """The persisted index `<prefix>-<hash>` for these passages and model; built when missing.

    `material` identifies the passages' content (a fingerprint); older indexes with the same
    prefix are removed once a new one is saved. Returns the index and whether it was built now.
    """
    folder = index_dir / f"{prefix}-{_key(material, embedder)}"
    if folder.exists() and not rebuild:
        try:
            return VectorIndex.load(folder), False
        except (OSError, RuntimeError, ValueError, TypeError, json.JSONDecodeError):
            pass  # a damaged index is rebuilt below
    index = build_index(passages, embedder, progress, cache)
    index.save(folder)
    for stale in index_dir.glob(f"{prefix}-*"):
        if stale != folder and stale.is_dir() and len(stale.name) == len(folder.name):
            shutil.rmtree(stale, ignore_errors=True)
    return index, True


def load_or_build(
    catalogue: Catalogue,
    embedder: Embedder,
    index_dir: Path,
    progress: Progress | None = None,
    *,
    rebuild: bool = False,
    cache: PassageVectorCache | None = None,
) -> tuple[VectorIndex, bool]:
    """The persisted dense index of a council's catalogue (see `load_or_build_passages`)."""
    return load_or_build_passages(
        dense_passages(catalogue),
        embedder,
        index_dir,
        prefix=f"catalogue-{catalogue.profile.id}",
        material=f"{catalogue.fingerprint()}|{PASSAGE_FORMAT}",
        progress=progress,
        rebuild=rebuild,
        cache=cache,
    )
