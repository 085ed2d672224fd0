"""The evaluation suites as `ali eval` runs them: each measures the engine on its data sets and
prints its table (unless JSON is asked for) and, with `failures`, what it missed; each returns
the figures for the JSON report and the gate."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from rich.console import Console
from rich.table import Table

from ali.dialogue.engine import DialogueEngine
from ali.retrieval.embedders import Embedder

console = Console()

DEFAULT_EVAL_SET = Path("evals/retrieval.jsonl")
DEFAULT_INTENT_SET = Path("evals/intents.jsonl")
DEFAULT_HELDOUT_SET = Path("evals/retrieval_heldout.jsonl")
DEFAULT_DIALOGUE_SET = Path("evals/dialogues.yaml")
DEFAULT_ANSWER_SET = Path("evals/answers.jsonl")
DEFAULT_ANSWER_HELDOUT_SET = Path("evals/answers_heldout.jsonl")
DEFAULT_CLARIFY_SET = Path("evals/clarify.jsonl")
DEFAULT_CLARIFY_HELDOUT_SET = Path("evals/clarify_heldout.jsonl")


def retrieval_suite(
    engine: DialogueEngine, dataset: Path | None, as_json: bool, failures: bool, calibrate: bool
) -> dict[str, object]:
    from ali.evaluation import retrieval as harness

    retriever = engine.retriever
    outcomes = harness.run_cases(retriever, harness.load_cases(dataset or DEFAULT_EVAL_SET))
    report = harness.report(outcomes)
    result = report.as_dict() | {"thresholds": vars(retriever.thresholds)}
    calibrated = harness.calibrate(outcomes) if calibrate else None
    if calibrated:
        result["calibrated"] = {"thresholds": vars(calibrated[0]), "scores": vars(calibrated[1])}
    if as_json:
        return result
    table = Table(title="Retrieval")
    for column in ("set", "n", "recall@1", "recall@3", "MRR"):
        table.add_column(column)
    rows = [*report.by_language.items(), ("in scope", report.in_scope)]
    rows += [("out of scope", report.out_of_scope), ("overall", report.overall)]
    rows += [("ranking only (in scope)", report.ranking)]
    for name, scores in rows:
        table.add_row(
            name,
            str(scores.count),
            f"{scores.recall_at_1:.3f}",
            f"{scores.recall_at_3:.3f}",
            f"{scores.mrr:.3f}",
        )
    console.print(table)
    console.print(f"Abstention thresholds: {vars(retriever.thresholds)}")
    if calibrated:
        console.print(f"Best thresholds on this set: {vars(calibrated[0])} -> {calibrated[1]}")
    if failures:
        for failure in report.failures:
            console.print(
                f"- {failure.case.text!r}: expected {failure.case.expected}, "
                f"answered {failure.answered} {failure.ranked[:3]}"
            )
    return result


def intent_suite(
    engine: DialogueEngine, dataset: Path | None, as_json: bool, failures: bool
) -> dict[str, object]:
    from ali.evaluation import intents as harness

    path = dataset or DEFAULT_INTENT_SET
    report = harness.evaluate_intents(engine, harness.load_intent_cases(path))
    if not as_json:
        table = Table(title=f"Intents — accuracy {report.accuracy:.3f}, exact {report.exact:.3f}")
        for column in ("intent", "n", "precision", "recall", "F1"):
            table.add_column(column)
        for label, row in sorted(report.per_intent.items()):
            table.add_row(
                label,
                str(int(row["support"])),
                f"{row['precision']:.3f}",
                f"{row['recall']:.3f}",
                f"{row['f1']:.3f}",
            )
        console.print(table)
        console.print(
            f"Abstains when it should: {report.abstains_when_it_should:.3f} · "
            f"answers when it should: {report.answers_when_it_should:.3f}"
        )
        if failures:
            for error in report.errors:
                console.print(
                    f"- {error.text!r}: expected {error.expected}/{error.expected_procedure}, "
                    f"got {error.predicted}/{error.predicted_procedure}"
                )
    return report.as_dict()


def dialogue_suite(
    engine: DialogueEngine, dataset: Path | None, as_json: bool, failures: bool
) -> dict[str, object]:
    from ali.evaluation import intents as harness

    report = harness.evaluate_dialogues(
        engine, harness.load_dialogues(dataset or DEFAULT_DIALOGUE_SET)
    )
    if not as_json:
        console.print(
            f"Dialogues: {report.dialogues}, turns: {report.turns}, turn accuracy "
            f"{report.turn_accuracy:.3f}, dialogues fully right {report.dialogue_success:.3f}"
        )
        if failures:
            for failure in report.failures:
                console.print(f"- {failure}")
    return report.as_dict()


def answer_suite(
    engine: DialogueEngine, dataset: Path | None, as_json: bool, failures: bool
) -> dict[str, object]:
    from ali.evaluation import answers as harness

    sets = (
        {dataset.stem: dataset}
        if dataset
        else {"dev": DEFAULT_ANSWER_SET, "heldout": DEFAULT_ANSWER_HELDOUT_SET}
    )
    reports = harness.evaluate_sets(engine, sets)
    if not as_json:
        table = Table(title="Answers (the fact in the first sentence)")
        for column in ("set", "language", "n", "fact rate", "median chars", "right procedure"):
            table.add_column(column)
        for name, report in reports.items():
            rows = [*report.by_language.items(), ("overall", report.overall)]
            for language, scores in rows:
                table.add_row(
                    name,
                    language,
                    str(scores.count),
                    f"{scores.fact_rate:.3f}",
                    f"{scores.median_chars:.0f}",
                    f"{scores.procedure_rate:.3f}",
                )
        console.print(table)
        if failures:
            for name, report in _listed(reports):
                for miss in report.failures:
                    console.print(
                        f"- {name}: {miss.case.question!r} ({miss.case.aspect}, "
                        f"{miss.case.fact}): expected {miss.case.procedure}, got "
                        f"{miss.procedure_id}; first sentence {miss.first_sentence!r}",
                        markup=False,
                    )
    return {name: report.as_dict() for name, report in reports.items()}


class _Missed(Protocol):
    @property
    def failures(self) -> Sequence[object]: ...


_R = TypeVar("_R", bound=_Missed)


def _listed(reports: dict[str, _R]) -> list[tuple[str, _R]]:
    """The reports whose misses `--failures` lists: not the held-out set's, which is only ever
    measured (evals/README.md), so its misses are counted, never shown."""
    for name, report in reports.items():
        if name == "heldout":
            console.print(f"- heldout: {len(report.failures)} missed, not listed (held out)")
    return [(name, report) for name, report in reports.items() if name != "heldout"]


def clarify_suite(
    engine: DialogueEngine, dataset: Path | None, as_json: bool, failures: bool
) -> dict[str, object]:
    from ali.evaluation import clarify as harness

    sets = (
        {dataset.stem: dataset}
        if dataset
        else {"dev": DEFAULT_CLARIFY_SET, "heldout": DEFAULT_CLARIFY_HELDOUT_SET}
    )
    reports = {
        name: harness.evaluate(engine, harness.load_clarify_cases(path))
        for name, path in sets.items()
    }
    if not as_json:
        table = Table(title="Clarification (two requests, an ambiguous fragment)")
        for column in ("set", "language", "should / not", "clarify when it should", "when not"):
            table.add_column(column)
        for name, report in reports.items():
            for language, scores in [*report.by_language.items(), ("overall", report.overall)]:
                table.add_row(
                    name,
                    language,
                    f"{scores.should} / {scores.should_not}",
                    f"{scores.recall:.3f}",
                    f"{scores.false_rate:.3f}",
                )
        console.print(table)
        if failures:
            for name, report in _listed(reports):
                for miss in report.failures:
                    console.print(
                        f"- {name}: {miss.case.message!r} (clarify {miss.case.clarify}, "
                        f"options {miss.case.options}): clarified {miss.clarified}, offered "
                        f"{miss.offered}, answered {miss.procedure_id}",
                        markup=False,
                    )
    return {name: report.as_dict() for name, report in reports.items()}


DEFAULT_INJECTION_SET = Path("evals/injection.jsonl")
DEFAULT_INJECTION_LEGIT_SET = Path("evals/injection_legit.jsonl")


def injection_suite(
    engine: DialogueEngine, dataset: Path | None, as_json: bool, failures: bool
) -> dict[str, object]:
    from ali.evaluation import injection as harness

    paths = (dataset,) if dataset else (DEFAULT_INJECTION_SET, DEFAULT_INJECTION_LEGIT_SET)
    report = harness.evaluate(engine, engine.catalogue, harness.load_cases(*paths))
    result = report.as_dict()
    if not as_json:
        console.print(
            f"Injection: {result['attempts']} attempts, {result['legitimate']} legitimate · "
            f"blocked rate {result['blocked_rate']:.3f} · false block rate "
            f"{result['false_block_rate']:.3f} · leaked prompt {result['leaked_prompt']} · "
            f"unsupported facts {result['unsupported_facts']} · side effects "
            f"{result['side_effects']}"
        )
        table = Table(title="Blocked rate (attempts that must be refused)")
        table.add_column("category or language")
        table.add_column("blocked rate")
        by = result["blocked_rate_by"]
        assert isinstance(by, dict)
        for name, rate in by.items():
            table.add_row(name, f"{rate:.3f}")
        console.print(table)
        if failures:
            for miss in report.failures:
                console.print(
                    f"- {miss.case.category}/{miss.case.language} {miss.case.message!r} "
                    f"(expect {miss.case.expect}): status {miss.status}, leaked {miss.leaked}, "
                    f"unsupported {miss.unsupported}",
                    markup=False,
                )
    return result


def model_suite(
    engine: DialogueEngine, dataset: Path | None, as_json: bool, failures: bool, limit: int | None
) -> dict[str, object]:
    """The answers set through the engine with its model (needs a model server: not in `all`)."""
    from ali.evaluation import model_answers as harness
    from ali.evaluation.answers import load_answer_cases

    cases = load_answer_cases(dataset or DEFAULT_ANSWER_SET)[:limit]
    report = harness.evaluate(engine, cases)
    result = report.as_dict()
    if not as_json:
        first, turn = result["first_token_seconds"], result["turn_seconds"]
        assert isinstance(first, dict) and isinstance(turn, dict)
        console.print(
            f"Model: {result['questions']} questions · answered by {result['answered_by']} · "
            f"status {result['status']} · fallbacks {result['fallbacks']} · checks fired "
            f"{result['checks']} · unsupported replies {result['unsupported_replies']} · "
            f"stream resets {result['stream_resets']}",
            markup=False,
        )
        console.print(
            f"First token p50 {first['p50']} s, p95 {first['p95']} s (n={first['n']}) · turn "
            f"p50 {turn['p50']} s, p95 {turn['p95']} s · fact in first sentence: model "
            f"{result['fact_rate_model']}, all {result['fact_rate_all']}",
            markup=False,
        )
        if failures:
            for miss in report.unsupported:
                console.print(
                    f"- {miss.case.question!r} ({miss.answered_by}): {miss.unsupported}",
                    markup=False,
                )
    return result


DEFAULT_GROUNDING_SET = Path("evals/grounding.jsonl")


def grounding_suite(
    engine: DialogueEngine, embedder: Embedder, dataset: Path | None, as_json: bool, failures: bool
) -> dict[str, object]:
    """Sentence support (ali.guardrails.support) on evals/grounding.jsonl: the score
    distributions and, per candidate floor, the supported sentences kept and unsupported refused."""
    from ali.evaluation import grounding as harness

    cases = harness.load_grounding_cases(dataset or DEFAULT_GROUNDING_SET)
    report = harness.report(harness.score_cases(engine.catalogue, embedder.embed_passages, cases))
    result = report.as_dict() | {"embedder_name": embedder.name}
    if as_json:
        return result
    table = Table(title=f"Sentence support scores ({embedder.name})")
    for column in ("sentences", "group", "n", "min", "median", "max"):
        table.add_column(column)
    for label, groups in report.distributions.items():
        for group, d in groups.items():
            table.add_row(
                label,
                group,
                str(d.count),
                f"{d.minimum:.3f}",
                f"{d.median:.3f}",
                f"{d.maximum:.3f}",
            )
    console.print(table)
    rates = Table(title="Candidate floors")
    for column in ("floor", "supported kept", "unsupported refused"):
        rates.add_column(column)
    for r in report.rates:
        mark = " <- chosen" if r.floor == report.chosen.floor else ""
        rates.add_row(
            f"{r.floor:.3f}{mark}", f"{r.kept_supported:.3f}", f"{r.refused_unsupported:.3f}"
        )
    console.print(rates)
    console.print(
        f"Chosen floor {report.chosen.floor:.3f}: the most unsupported refused "
        f"({report.chosen.refused_unsupported:.3f}) keeping >= {harness.KEEP_TARGET:.0%} of the "
        f"supported ({report.chosen.kept_supported:.3f})"
    )
    if failures:
        for miss in report.failures:
            console.print(
                f"- {miss.case.language} {miss.case.procedure} ({miss.case.kind}, supported "
                f"{miss.case.supported}) {miss.score:.3f}: {miss.case.sentence!r}",
                markup=False,
            )
    return result
