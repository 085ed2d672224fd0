"""The evaluation sets in evals/: a held-out set shares no question with its dev set (a dev
question tuned on would flatter the held-out figure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EVALS = Path(__file__).resolve().parents[2] / "evals"


def questions(path: Path) -> set[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = (row.get("question") or row.get("text") or row.get("message") for row in rows)
    return {" ".join(str(text).lower().split()) for text in texts}


@pytest.mark.parametrize("suite", ["answers", "retrieval", "clarify"])
def test_no_held_out_question_is_in_the_dev_set(suite: str) -> None:
    dev = questions(EVALS / f"{suite}.jsonl")
    heldout = questions(EVALS / f"{suite}_heldout.jsonl")
    assert dev and heldout
    shared = len(dev & heldout)  # a count, so a failure shows no held-out text
    assert shared == 0, f"{shared} held-out questions are in the dev set"
