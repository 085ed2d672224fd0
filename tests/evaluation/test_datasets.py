"""Evaluation sets are read line by line; a bad line names its file and number."""

from pathlib import Path

import pytest

from ali.evaluation.answers import AnswerCase
from ali.evaluation.datasets import DatasetError, read_cases


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    case = '{"question": "q", "language": "es", "procedure": "p", "aspect": "cost", "fact": ["f"]}'
    path.write_text(f"{case}\n\n{{not json\n")
    with pytest.raises(DatasetError, match=r"set\.jsonl:3"):
        read_cases(path, AnswerCase)
    path.write_text(f"{case}\n")
    assert [c.question for c in read_cases(path, AnswerCase)] == ["q"]
