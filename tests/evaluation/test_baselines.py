"""Retrieval baselines on a tiny catalogue with the hashing embedder (no model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ali.catalogue import Catalogue
from ali.evaluation.baselines import (
    ALI_RANKING,
    ALI_SERVED,
    Bm25Ranker,
    DenseRanker,
    compare_retrieval,
)
from ali.evaluation.langchain_recipe import AliEmbeddings, LangChainFaissRanker
from ali.evaluation.retrieval import RetrievalCase
from ali.retrieval.bm25 import Bm25Retriever
from ali.retrieval.dense import DenseRetriever
from ali.retrieval.embedders import HashingEmbedder
from ali.retrieval.fuzzy import FuzzyRetriever
from ali.retrieval.hybrid import HybridRetriever
from ali.retrieval.passages import dense_passages
from ali.retrieval.vector_index import build_index
from ali.settings import RetrievalSettings
from tests.evaluation.tiny import KEPT, tiny_catalogue


@pytest.fixture(scope="module")
def tiny(catalogue: Catalogue) -> Catalogue:
    return tiny_catalogue(catalogue)


def _title(catalogue: Catalogue, procedure_id: str, language: str = "es") -> str:
    return catalogue.get(procedure_id).text[language].title


def test_bm25_alone_ranks_a_procedure_by_its_title(tiny: Catalogue) -> None:
    ranker = Bm25Ranker(tiny)
    assert ranker.rank(_title(tiny, "via-publica.vado"))[0] == "via-publica.vado"
    assert ranker.rank("zzzz qqqq") == []
    assert set(ranker.rank(_title(tiny, "padron.volante"))) <= set(KEPT)


def test_dense_alone_ranks_a_procedure_by_its_title(tiny: Catalogue) -> None:
    ranker = DenseRanker.over(tiny, HashingEmbedder())
    for procedure_id in ("padron.volante", "tributos.ibi"):
        ranked = ranker.rank(_title(tiny, procedure_id, "va"))
        assert ranked[0] == procedure_id
        assert len(ranked) == len(set(ranked)) == len(KEPT)  # one entry per procedure


def test_dense_alone_reuses_a_persisted_index(tiny: Catalogue, tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    first = DenseRanker.over(tiny, embedder, tmp_path)
    assert list(tmp_path.glob("catalogue-*"))  # ALI's own persisted index, shared
    again = DenseRanker.over(tiny, embedder, tmp_path)
    question = _title(tiny, "externo.dni")
    assert first.rank(question) == again.rank(question)


def test_the_langchain_adapter_gives_the_embedders_vectors() -> None:
    embedder = HashingEmbedder()
    adapter = AliEmbeddings(embedder)
    documents = adapter.embed_documents(["volante de empadronamiento", "vado"])
    assert np.allclose(documents, embedder.embed_passages(["volante de empadronamiento", "vado"]))
    assert np.allclose(adapter.embed_query("vado"), embedder.embed_queries(["vado"])[0])


def test_the_langchain_recipe_ranks_at_most_three_procedures(tiny: Catalogue) -> None:
    ranker = LangChainFaissRanker(tiny, HashingEmbedder())
    ranked = ranker.rank(_title(tiny, "tributos.ibi", "en"))
    assert ranked[0] == "tributos.ibi"
    assert 1 <= len(ranked) <= 3
    assert len(ranked) == len(set(ranked))


def _hybrid(catalogue: Catalogue) -> HybridRetriever:
    embedder = HashingEmbedder()
    return HybridRetriever(
        embedder=embedder,
        dense=DenseRetriever(build_index(dense_passages(catalogue), embedder)),
        bm25=Bm25Retriever(catalogue),
        fuzzy=FuzzyRetriever(catalogue),
        settings=RetrievalSettings(),
    )


def test_comparison_scores_in_scope_rows_per_language(tiny: Catalogue) -> None:
    cases = [
        RetrievalCase(
            text=_title(tiny, "via-publica.vado"), language="es", expected="via-publica.vado"
        ),
        RetrievalCase(
            text=_title(tiny, "tributos.ibi", "en"), language="en", expected="tributos.ibi"
        ),
        RetrievalCase(text="zzzz qqqq", language="en", expected="padron.volante"),
        RetrievalCase(text="receta de paella", language="es", expected=None),
    ]
    suite = compare_retrieval("tiny", _hybrid(tiny), [Bm25Ranker(tiny)], cases)
    assert (suite.in_scope, suite.out_of_scope) == (3, 1)
    assert [s.system for s in suite.systems] == [ALI_SERVED, ALI_RANKING, "BM25 alone (bm25s)"]
    bm25 = suite.system("BM25 alone (bm25s)")
    assert bm25.by_language["es"].recall_at_1 == 1.0
    assert bm25.by_language["en"].count == 2
    assert bm25.by_language["en"].recall_at_1 == 0.5  # the nonsense row finds nothing
    assert bm25.overall.recall_at_3 == pytest.approx(2 / 3)
    served, ranking = suite.system(ALI_SERVED), suite.system(ALI_RANKING)
    assert served.overall.recall_at_1 <= ranking.overall.recall_at_1
    assert suite.as_dict()["systems"][2]["by_language"]["es"]["recall_at_1"] == 1.0  # type: ignore[index]
