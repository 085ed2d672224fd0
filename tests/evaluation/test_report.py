"""The baselines report: Markdown tables, JSON, the confusion picture, and the whole run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ali.cli import app
from ali.councils import Councils
from ali.evaluation.baselines import ALI_RANKING, ALI_SERVED, SuiteComparison, SystemScores
from ali.evaluation.comparison import CONFUSION_PNG, run_baselines
from ali.evaluation.confusion import draw, labels_of, matrix
from ali.evaluation.intent_baseline import IntentScores
from ali.evaluation.report import BaselinesReport, markdown
from ali.evaluation.retrieval import Scores
from ali.retrieval.embedders import HashingEmbedder


def _system(name: str, r1: float, r3: float) -> SystemScores:
    scores = Scores(count=10, recall_at_1=r1, recall_at_3=r3, mrr=(r1 + r3) / 2)
    return SystemScores(name, scores, {"es": scores, "va": scores})


def _suite(baseline_r1: float) -> SuiteComparison:
    return SuiteComparison(
        name="retrieval.jsonl",
        in_scope=10,
        out_of_scope=2,
        ali_abstains_when_it_should=1.0,
        systems=[
            _system(ALI_SERVED, 0.9, 0.95),
            _system(ALI_RANKING, 0.9, 1.0),
            _system("BM25 alone (bm25s)", baseline_r1, 0.9),
        ],
    )


def _intents(ali: float, baseline: float) -> tuple[IntentScores, IntentScores]:
    return (
        IntentScores("ALI", 4, ali, {"es": ali}, {"greeting": {"greeting": 3, "thanks": 1}}),
        IntentScores("TF-IDF", 4, baseline, {"es": baseline}, {"greeting": {"greeting": 4}}),
    )


def test_a_baseline_ahead_of_ali_is_named() -> None:
    report = BaselinesReport("hashing", [_suite(0.95)], _intents(0.75, 1.0))
    beaten = report.beaten()
    assert "retrieval.jsonl es recall@1: BM25 alone (bm25s) 0.950 > ALI 0.900" in beaten
    assert "intents all accuracy: TF-IDF 1.000 > ALI 0.750" in beaten
    assert not any("recall@3" in line for line in beaten)  # 0.9 < 0.95
    assert "BM25 alone (bm25s) 0.950 > ALI 0.900" in markdown(report)


def test_a_baseline_level_with_ali_on_recall_at_1_is_named() -> None:
    report = BaselinesReport("hashing", [_suite(0.9)])
    assert report.beaten() == []
    assert report.level() == [
        "retrieval.jsonl es recall@1: BM25 alone (bm25s) 0.900 = ALI",
        "retrieval.jsonl va recall@1: BM25 alone (bm25s) 0.900 = ALI",
    ]
    assert "### Where a baseline is level with ALI on recall@1" in markdown(report)


def test_nowhere_is_said_when_ali_leads() -> None:
    report = BaselinesReport("hashing", [_suite(0.5)], _intents(1.0, 0.5))
    assert report.beaten() == []
    text = markdown(report)
    assert "- Nowhere." in text
    assert "| es | **ALI (as served)** | 10 | 0.900 | 0.950 | 0.925 |" in text
    assert "| TF-IDF | 4 | 0.500 | 0.500 |" in text
    saved = json.loads(json.dumps(report.as_dict()))
    assert saved["baselines_ahead_of_ali"] == saved["baselines_level_with_ali_on_recall_at_1"] == []


def test_confusion_rows_are_shares_and_the_picture_is_a_png(tmp_path: Path) -> None:
    scores = _intents(0.75, 1.0)
    labels = labels_of(scores)
    assert labels == ["greeting", "thanks"]
    assert matrix(scores[0], labels) == [[0.75, 0.25], [0.0, 0.0]]
    path = draw(scores, tmp_path / "c.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_whole_run_writes_its_report(hashing_councils: Councils, tmp_path: Path) -> None:
    retrieval = tmp_path / "retrieval.jsonl"
    rows = [
        {"text": "volante de empadronamiento", "language": "es", "expected": "padron.volante"},
        {"text": "dropped kerb permit", "language": "en", "expected": "via-publica.vado"},
        {"text": "receta de paella", "language": "es", "expected": None},
    ]
    retrieval.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    intents = tmp_path / "intents.jsonl"
    intents.write_text(
        json.dumps({"text": "hola", "language": "es", "intent": "greeting"})
        + "\n"
        + json.dumps({"text": "moltes gràcies", "language": "va", "intent": "thanks"}),
        encoding="utf-8",
    )
    engine = hashing_councils.runtime("alicante").engine
    output = tmp_path / "out"
    report = run_baselines(
        engine,
        HashingEmbedder(),
        embedder_name="hashing",
        retrieval_sets=[retrieval],
        intent_set=intents,
        council_dir=None,
        output=output,
    )
    assert [s.system for s in report.retrieval[0].systems][2:] == [
        "BM25 alone (bm25s)",
        "Dense alone (FAISS)",
        "LangChain FAISS (k=3)",
    ]
    assert report.retrieval[0].in_scope == 2
    assert report.intents is not None and report.intents[0].count == 2
    saved = json.loads((output / "report.json").read_text(encoding="utf-8"))
    assert saved["confusion_png"] == CONFUSION_PNG
    assert (output / CONFUSION_PNG).read_bytes()[:4] == b"\x89PNG"
    assert "### retrieval.jsonl" in (output / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--output", "x"], "--output is for --baselines"),
        (["--baselines", "--check"], "--baselines runs on the sets in evals/"),
        (["--baselines", "--dataset", "x.jsonl"], "--baselines runs on the sets in evals/"),
    ],
)
def test_the_command_refuses_options_that_do_not_go_together(
    arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["eval", *arguments], terminal_width=200)
    assert result.exit_code == 2
    assert message in result.output
