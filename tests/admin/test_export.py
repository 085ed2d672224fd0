from __future__ import annotations

import csv
import io

import pytest

from ali.admin.analytics import Dashboard, Summary
from ali.admin.export import SECTIONS, Section, to_csv
from ali.admin.repository import AnalyticsRepository
from ali.catalogue import Catalogue
from ali.storage.database import Database
from tests.admin.conftest import PERIOD, seed


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
