"""`ali eval --baselines`: every baseline on the same sets as ALI, in one run, into one report.

Sets: the retrieval sets (tuning and held-out) and the intents set. The baselines embed with
the same embedder as ALI (a separate instance of the same backend, built from the settings).
With an output folder, writes `report.md`, `report.json` and `intent_confusion.png`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ali.dialogue.engine import DialogueEngine
from ali.evaluation import intents as intent_harness
from ali.evaluation import retrieval as retrieval_harness
from ali.evaluation.baselines import Bm25Ranker, DenseRanker, Ranker, compare_retrieval
from ali.evaluation.confusion import draw
from ali.evaluation.intent_baseline import compare_intents
from ali.evaluation.langchain_recipe import LangChainFaissRanker
from ali.evaluation.report import BaselinesReport, markdown
from ali.intents.examples import load_examples
from ali.retrieval.embedders import Embedder

CONFUSION_PNG = "intent_confusion.png"


def rankers(engine: DialogueEngine, embedder: Embedder, index_dir: Path | None) -> list[Ranker]:
    catalogue = engine.catalogue
    return [
        Bm25Ranker(catalogue),
        DenseRanker.over(catalogue, embedder, index_dir),
        LangChainFaissRanker(catalogue, embedder),
    ]


def run_baselines(
    engine: DialogueEngine,
    embedder: Embedder,
    *,
    embedder_name: str,
    retrieval_sets: Sequence[Path],
    intent_set: Path | None,
    council_dir: Path | None,
    index_dir: Path | None = None,
    output: Path | None = None,
) -> BaselinesReport:
    embedder.warm_up()
    chosen = rankers(engine, embedder, index_dir)
    suites = [
        compare_retrieval(path.name, engine.retriever, chosen, retrieval_harness.load_cases(path))
        for path in retrieval_sets
    ]
    report = BaselinesReport(
        embedder=embedder_name,
        retrieval=suites,
        notes=[
            "The LangChain recipe returns three passages, so it ranks at most three procedures "
            "(a procedure not among them has no rank).",
            "The intent baseline has no `clarify` examples to learn from and never predicts it.",
        ],
    )
    if intent_set is not None:
        cases = intent_harness.load_intent_cases(intent_set)
        ali, baseline, training = compare_intents(
            lambda text: engine.chat(text, None).intent,
            load_examples(council_dir),
            engine.catalogue,
            cases,
        )
        report.intents = (ali, baseline)
        report.training_examples = training
    if output is not None:
        write(report, output)
    return report


def write(report: BaselinesReport, output: Path) -> None:
    """report.md, report.json and (with intents) the confusion picture, into `output`."""
    output.mkdir(parents=True, exist_ok=True)
    if report.intents is not None:
        draw(report.intents, output / CONFUSION_PNG)
        report.confusion_png = CONFUSION_PNG
    (output / "report.md").write_text(markdown(report), encoding="utf-8")
    (output / "report.json").write_text(
        json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
