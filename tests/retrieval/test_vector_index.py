from pathlib import Path

import numpy as np

from ali.catalogue import Catalogue
from ali.retrieval.embedders import HashingEmbedder
from ali.retrieval.vector_index import VectorIndex, load_or_build


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(dimension=64)
        self.passages_embedded = 0

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        self.passages_embedded += len(texts)
        return super().embed_passages(texts)


def test_index_is_built_once_then_loaded(catalogue: Catalogue, tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    first, built = load_or_build(catalogue, embedder, tmp_path)
    assert built and embedder.passages_embedded == len(first)
    second, built_again = load_or_build(catalogue, embedder, tmp_path)
    assert not built_again
    assert embedder.passages_embedded == len(first)
    query = embedder.embed_queries(["volante"])
    assert first.search(query, 3) == second.search(query, 3)


def test_a_changed_catalogue_rebuilds_and_drops_the_stale_index(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    embedder = CountingEmbedder()
    load_or_build(catalogue, embedder, tmp_path)
    first, *rest = list(catalogue)
    edited = first.model_copy(update={"free": not first.free})
    changed = Catalogue(profile=catalogue.profile, procedures=[edited, *rest])
    _, built = load_or_build(changed, embedder, tmp_path)
    assert built
    assert len(list(tmp_path.glob("catalogue-alicante-*"))) == 1


def test_a_damaged_index_is_rebuilt(catalogue: Catalogue, tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    load_or_build(catalogue, embedder, tmp_path)
    folder = next(tmp_path.glob("catalogue-alicante-*"))
    (folder / "vectors.faiss").write_bytes(b"garbage")
    _, built = load_or_build(catalogue, embedder, tmp_path)
    assert built


def test_search_returns_cosine_similarity() -> None:
    from ali.retrieval.passages import Passage

    vectors = np.eye(3, dtype=np.float32)
    index = VectorIndex([Passage(f"p.{i}", "es", str(i)) for i in range(3)], vectors)
    results = index.search(vectors[1:2], 1)
    assert results[0][0].key == "p.1"
    assert abs(results[0][1] - 1.0) < 1e-6
