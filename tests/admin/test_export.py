from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ali.admin.analytics import Dashboard, Summary
from ali.admin.export import SECTIONS, Section, safe_cell, to_csv
from ali.admin.repository import AnalyticsRepository, FeedbackComment
from ali.catalogue import Catalogue
from ali.storage.database import Database
from tests.support.admin import PERIOD, seed


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue) -> Summary:
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('export') / 'ali.db'}")
    database.migrate()
    seed(database)
    result = Dashboard(AnalyticsRepository(database)).summary(catalogue, PERIOD)
    database.dispose()
    return result


def rows(summary: Summary, section: Section) -> list[list[str]]:
    return list(csv.reader(io.StringIO(to_csv(summary, section))))


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(summary: Summary) -> None:
    comments = rows(summary, "feedback")
    assert comments[:2] == [["useful", "not_useful", "useful_rate"], ["2", "1", "0.6667"]]
    assert ["2024-03-01T10:03:00+00:00", "0", "'=no entiende [TELÉFONO]"] in comments


def test_actions_with_their_failures(summary: Summary) -> None:
    exported = rows(summary, "actions")
    assert exported[:3] == [
        ["action", "succeeded", "failed", "pending"],
        ["citas.book_appointment", "1", "1", "0"],
        ["padron.volante", "1", "0", "0"],
    ]
    assert exported[-1] == [
        "2024-03-02T11:00:00+00:00",
        "citas.book_appointment",
        "",
        "backend down",
    ]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_has_a_header(summary: Summary, section: Section) -> None:
    exported = rows(summary, section)
    assert exported and all(exported[0])
    if section in ("procedures", "intents", "languages"):
        assert exported[0] == [exported[0][0], "label", "turns"]
        assert len(exported) > 1


FORMULAS = [
    "=1+1",
    " =1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "\u00a0\u3000=1+1",
    "＝1+1",
    "﹦1+1",
    "\t=1+1",
    "\thola",
    "\rhola",
    "\n=1+1",
    "+34 hola",
    "＋1",
    "-1+1",
    "－1+1",
    "\u22121+1",
    "@SUM(A1:A2)",
    "＠SUM(A1:A2)",
    "\u3164=1+1",
    "\u0301=1+1",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_a_spreadsheet_could_run_is_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["hola", "1+1=2", "[PHONE] no contesta", "", "ok =1", "'=1"])
def test_ordinary_cells_are_left_alone(value: str) -> None:
    assert safe_cell(value) == value
    assert safe_cell(3) == 3
    assert safe_cell(None) is None


def with_comments(summary: Summary, comments: list[str]) -> Summary:
    at = dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
    items = [FeedbackComment(at=at, useful=False, comment=comment) for comment in comments]
    return replace(summary, feedback=replace(summary.feedback, comments=items))


def test_hidden_formulas_in_comments_are_quoted_in_the_export(summary: Summary) -> None:
    exported = rows(with_comments(summary, FORMULAS), "feedback")
    assert [row[2] for row in exported[4:]] == ["'" + value for value in FORMULAS]


_TRIGGERS = st.sampled_from(list("=+-@\u2212＝＋－＠﹦﹢﹣﹫"))
_UNSEEN = st.text(alphabet=list(" \t\r\n\u00a0\u2009\u3000\u200b\u200c\u200d\u2060\ufeff\u202e"))
_MAYBE_TRIGGER = st.one_of(st.just(""), _TRIGGERS)
_TEXT = st.text(st.characters(exclude_categories=["Cs"]))


@settings(max_examples=200, derandomize=True, deadline=None)
@given(_UNSEEN, _TRIGGERS, st.text())
def test_any_formula_behind_invisible_characters_is_quoted(
    hidden: str, trigger: str, rest: str
) -> None:
    value = hidden + trigger + rest
    assert safe_cell(value) == "'" + value


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(_UNSEEN, _MAYBE_TRIGGER, _TEXT).map("".join), min_size=1, max_size=5))
def test_no_exported_cell_starts_a_formula(summary: Summary, comments: list[str]) -> None:
    exported = rows(with_comments(summary, comments), "feedback")
    cells = [row[2] for row in exported[4:]]
    assert len(cells) == len(comments)
    for cell, comment in zip(cells, comments, strict=True):
        assert cell in (comment, "'" + comment)
        assert not cell.startswith(("\t", "\r"))
        visible = unicodedata.normalize("NFKC", cell).lstrip()
        visible = "".join(ch for ch in visible if unicodedata.category(ch) not in ("Cf", "Mn"))
        assert not visible.lstrip().startswith(("=", "+", "-", "@", "\u2212"))
