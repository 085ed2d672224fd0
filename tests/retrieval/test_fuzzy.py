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


def test_a_short_word_of_a_name_must_be_in_the_question(catalogue: Catalogue) -> None:
    # "la ora" is close to "la grua" by ratio, but "grua" is not "ora".
    retriever = FuzzyRetriever(catalogue)
    hits = retriever.run("donde esta la oficina de la ora")
    assert all(hit.procedure_id != "movilidad.grua" for hit in hits)
    assert any(hit.procedure_id == "movilidad.grua" for hit in retriever.run("llamar a la grua"))


def test_a_short_word_matches_its_plural(catalogue: Catalogue) -> None:
    hits = FuzzyRetriever(catalogue).run("quiero pedir citas en la oac")
    assert hits and hits[0].procedure_id == "citas.cita-previa"


def test_a_word_is_no_typo_of_its_opposite(catalogue: Catalogue) -> None:
    # "empadronarme" is two letters from "desempadronarme", "register" from "deregister"
    for question in ("que papeles tengo que llevar para empadronarme", "register on the padron"):
        found = {hit.procedure_id for hit in FuzzyRetriever(catalogue).run(question)}
        assert "padron.baja" not in found and "padron.alta" in found, question


def test_the_opposite_word_itself_still_matches(catalogue: Catalogue) -> None:
    hits = FuzzyRetriever(catalogue).run("quiero desempadronarme")
    assert hits and hits[0].procedure_id == "padron.baja"


def test_a_name_the_citizen_has_not_got_is_no_match(catalogue: Catalogue) -> None:
    retriever = FuzzyRetriever(catalogue)
    for question in (
        "puedo sacar el volante sin certificado digital",
        "i want the volante but i don't have a digital certificate",
        "vull el volant però no tinc el certificat digital",
    ):
        found = {hit.procedure_id for hit in retriever.run(question)}
        assert "identidad.certificado-digital" not in found, question
        assert "padron.volante" in found, question
    with_it = {hit.procedure_id for hit in retriever.run("con mi certificado digital")}
    assert "identidad.certificado-digital" in with_it


def test_a_name_that_says_what_is_lacked_still_matches(catalogue: Catalogue) -> None:
    retriever = FuzzyRetriever(catalogue)
    hits = retriever.run("can i walk in without an appointment")
    assert hits and hits[0].procedure_id == "citas.cita-previa"
    hits = retriever.run("me he quedado sin trabajo")
    assert hits and hits[0].procedure_id == "externo.paro"


def test_names_said_within_some_words_of_the_question(catalogue: Catalogue) -> None:
    retriever = FuzzyRetriever(catalogue)
    # "dice q el volante no le vale": words 1 to 3 are "q el volante"
    assert "padron.volante" in retriever.named_within(
        "dice q el volante no le vale", frozenset({1, 2, 3})
    )
    # the words outside the positions are not read
    assert "padron.volante" not in retriever.named_within(
        "dice q el volante no le vale", frozenset({0, 1})
    )
    assert retriever.named_within("dice q el volante no le vale", frozenset()) == frozenset()
