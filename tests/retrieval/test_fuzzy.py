from ali.catalogue import Catalogue
from ali.retrieval.fuzzy import FuzzyRetriever


def test_aliases_match_inside_a_longer_question(catalogue: Catalogue) -> None:
    hits = FuzzyRetriever(catalogue).run("oye quiero pagar la contribucion de este año")
    assert hits[0].procedure_id == "tributos.ibi"


def test_a_typo_still_matches(catalogue: Catalogue) -> None:
    hits = FuzzyRetriever(catalogue).run("volante de empadronamineto")
    assert hits[0].procedure_id == "padron.volante"


def test_short_names_need_an_exact_word(catalogue: Catalogue) -> None:
    # "ibi" must not match inside "recibi" (a word that merely contains it).
    hits = FuzzyRetriever(catalogue).run("recibi una carta")
    assert all(hit.procedure_id != "tributos.ibi" for hit in hits)


def test_unrelated_text_matches_nothing(catalogue: Catalogue) -> None:
    assert FuzzyRetriever(catalogue).run("receta de paella valenciana") == []
