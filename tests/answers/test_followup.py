"""Answers quoted from a procedure's passages; what its text does not say, said plainly."""

from __future__ import annotations

from ali.answers.aspects import Aspect
from ali.answers.composer import AnswerComposer
from ali.answers.followup import FollowupAnswers
from ali.catalogue import Catalogue


def _answers(catalogue: Catalogue) -> FollowupAnswers:
    return FollowupAnswers(catalogue, AnswerComposer(catalogue))


def test_no_passage_left_says_the_text_does_not_say_and_where_to_check(
    catalogue: Catalogue,
) -> None:
    procedure = catalogue.get("multas.pago")
    answer = _answers(catalogue).quoted(procedure, "es", ["no.such.key"])
    assert "no lo dice" in answer.reply
    assert str(procedure.source_url) in answer.reply and "010" in answer.reply
    assert [source.procedure_id for source in answer.sources] == ["multas.pago"]


def test_the_passages_are_quoted_in_order_with_the_source(catalogue: Catalogue) -> None:
    procedure = catalogue.get("multas.pago")
    answer = _answers(catalogue).quoted(procedure, "va", ["summary.1", "notes.0"])
    first, second, source = answer.reply.split("\n\n")
    assert first.startswith("**Pagar una multa de trànsit** — ") and "50 %" in first
    assert "al·legacions" in second
    assert str(procedure.source_url) in source
    assert len(answer.reply) < 450


def test_a_yearly_figure_whose_year_is_over_is_left_to_the_composer(
    catalogue: Catalogue,
) -> None:
    procedure = catalogue.get("tributos.tasa-residuos")
    assert procedure.fact_years.get("fee") == 2025  # and the council's clock is past 2025
    answer = _answers(catalogue).quoted(procedure, "es", ["fee.0"])
    composed = AnswerComposer(catalogue).procedure_answer(procedure, "es", [Aspect.COST])
    assert answer.reply == composed.reply  # which says the figure is 2025's
