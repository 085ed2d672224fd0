"""`ali eval --failures` lists the dev sets' misses, never the held-out set's (only counted)."""

from dataclasses import dataclass, field

import pytest

from ali.evaluation.suites import _listed


@dataclass
class _Report:
    failures: list[str] = field(default_factory=list)


def test_held_out_misses_are_counted_not_listed(capsys: pytest.CaptureFixture[str]) -> None:
    reports = {"dev": _Report(["a dev miss"]), "heldout": _Report(["secret one", "secret two"])}
    listed = _listed(reports)
    assert [name for name, _ in listed] == ["dev"]
    printed = capsys.readouterr().out
    assert "2 missed, not listed" in printed
    assert "secret" not in printed
