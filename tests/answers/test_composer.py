from ali.answers.aspects import Aspect
from ali.answers.composer import AnswerComposer
from ali.catalogue import Catalogue


def test_answer_cites_the_source(catalogue: Catalogue) -> None:
    procedure = catalogue.get("padron.volante")
    answer = AnswerComposer(catalogue).procedure_answer(procedure, "es")
    assert answer.sources[0].url == str(procedure.source_url)
    assert str(procedure.source_url) in answer.reply
    assert procedure.title("es") in answer.reply


def test_the_aspect_asked_comes_first(catalogue: Catalogue) -> None:
    procedure = catalogue.get("padron.volante")
    answer = AnswerComposer(catalogue).procedure_answer(procedure, "es", [Aspect.COST])
    assert answer.reply.startswith("**Coste**: Gratuito")


def test_an_unknown_fact_points_to_the_source_instead_of_a_guess(catalogue: Catalogue) -> None:
    unknown_fee = next(
        p for p in catalogue if p.kind == "procedure" and not p.text["en"].fee and p.free is None
    )
    reply = AnswerComposer(catalogue).procedure_answer(unknown_fee, "en", [Aspect.COST]).reply
    assert reply.startswith("**Cost**: The catalogue does not state this")
    assert str(unknown_fee.source_url) in reply
    assert "€" not in reply.split("\n\n")[0]


def test_answers_in_the_requested_language(catalogue: Catalogue) -> None:
    procedure = catalogue.get("padron.certificado")
    answer = AnswerComposer(catalogue).procedure_answer(procedure, "va", [Aspect.WHERE])
    assert answer.reply.startswith("**Com fer-ho**")
    assert procedure.title("va") in answer.reply


def test_referral_names_the_competent_administration(catalogue: Catalogue) -> None:
    procedure = catalogue.get("externo.dni")
    assert procedure.referral is not None
    reply = AnswerComposer(catalogue).procedure_answer(procedure, "es").reply
    assert "no lo gestiona el Ayuntamiento" in reply
    assert procedure.referral.administration.get("es") in reply


def test_out_of_scope_offers_the_council_phone(catalogue: Catalogue) -> None:
    answer = AnswerComposer(catalogue).out_of_scope_answer("en")
    assert "010" in answer.reply
    assert answer.sources == []
