from ali.catalogue import Catalogue
from ali.retrieval.bm25 import Bm25Retriever


def test_finds_by_keywords_in_each_language(catalogue: Catalogue) -> None:
    retriever = Bm25Retriever(catalogue)
    assert retriever.run("volante empadronamiento")[0].procedure_id == "padron.volante"
    assert retriever.run("certificat de padró històric")[0].procedure_id == "padron.certificado"
    assert retriever.run("dropped kerb permit")[0].procedure_id == "via-publica.vado"


def test_no_shared_terms_means_no_hits(catalogue: Catalogue) -> None:
    assert Bm25Retriever(catalogue).run("zzzz qqqq") == []


def test_another_language_s_stop_words_are_no_terms(catalogue: Catalogue) -> None:
    # "la" is a Spanish article, not an English word: the English index must not score it.
    assert Bm25Retriever(catalogue).run("la de la") == []
