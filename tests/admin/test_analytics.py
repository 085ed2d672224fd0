"""The dashboard's figures on seeded data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from ali.admin.analytics import Count, Dashboard, Day, latency, percentile
from ali.admin.period import Period
from ali.admin.repository import AnalyticsRepository
from ali.catalogue import Catalogue
from ali.storage.database import Database
from tests.support.admin import PERIOD, UNANSWERED, seed


def test_an_empty_period_has_no_rates_and_no_percentiles(
    sqlite_database: Database, catalogue: Catalogue
) -> None:
    summary = Dashboard(AnalyticsRepository(sqlite_database)).summary(catalogue, PERIOD)
    assert (summary.conversations, summary.turns) == (0, 0)
    assert summary.clarification_rate is None
    assert summary.feedback.useful_rate is None
    assert summary.latency.p50 is None and summary.latency.count == 0
    assert [day.turns for day in summary.daily] == [0, 0, 0]


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([], 50) is None
    assert percentile([7.0], 99) == 7.0
    assert percentile([100.0, 200.0, 300.0, 400.0], 50) == 250.0
    result = latency([400.0, 100.0, 300.0, 200.0])  # unsorted input
    assert (result.p90, result.p95, result.p99) == (370.0, 385.0, 397.0)


def test_the_figures_of_a_period(any_database: Database, catalogue: Catalogue) -> None:
    seed(any_database)
    summary = Dashboard(AnalyticsRepository(any_database)).summary(catalogue, PERIOD)

    assert summary.council_id == "alicante" and summary.timezone == "UTC"
    assert summary.daily == [
        Day(dt.date(2024, 3, 1), 1, 2),
        Day(dt.date(2024, 3, 2), 1, 2),  # 23:30 UTC counts on the UTC day
        Day(dt.date(2024, 3, 3), 0, 0),
    ]
    assert (summary.conversations, summary.turns) == (2, 4)
    volante = catalogue.get("padron.volante").title("es")
    assert summary.procedures == [Count("padron.volante", volante, 2)]
    assert summary.intents == [
        Count("procedure_info", "procedure_info", 2),
        Count("clarify", "clarify", 1),
        Count("out_of_scope", "out_of_scope", 1),
    ]
    assert [(row.key, row.count) for row in summary.languages] == [("es", 3), ("va", 1)]
    assert summary.clarifications == 1 and summary.clarification_rate == 0.25
    assert summary.unanswered_total == 1
    assert [(row.text, row.language) for row in summary.unanswered] == [(UNANSWERED, "es")]
    assert summary.unanswered[0].at == dt.datetime(2024, 3, 1, 10, 1, tzinfo=dt.UTC)
    assert (summary.latency.count, summary.latency.p50, summary.latency.p95) == (4, 250.0, 385.0)


def test_feedback_actions_and_consents(any_database: Database, catalogue: Catalogue) -> None:
    seed(any_database)
    summary = Dashboard(AnalyticsRepository(any_database)).summary(catalogue, PERIOD)

    feedback = summary.feedback
    assert (feedback.useful, feedback.not_useful) == (2, 1)
    assert feedback.useful_rate == pytest.approx(2 / 3, abs=1e-4)
    assert [comment.comment for comment in feedback.comments] == [
        "bien",
        "=no entiende [TELÉFONO]",
    ]
    assert [(a.action, a.succeeded, a.failed, a.pending) for a in summary.actions] == [
        ("citas.book_appointment", 1, 1, 0),
        ("padron.volante", 1, 0, 0),
    ]
    assert summary.action_failures_total == 1
    assert [(f.action, f.error) for f in summary.action_failures] == [
        ("citas.book_appointment", "backend down")
    ]
    assert summary.consents == 2  # the last second of the 3rd is in, midnight of the 4th is out


def test_unanswered_questions_are_the_most_recent_first_and_limited(
    sqlite_database: Database,
) -> None:
    seed(sqlite_database)
    repository = AnalyticsRepository(sqlite_database)
    wide = Period(dt.date(2024, 2, 1), dt.date(2024, 3, 31))
    texts = [row.text for row in repository.unanswered("alicante", wide)]
    assert texts == ["después", UNANSWERED, "antes"]
    assert len(repository.unanswered("alicante", wide, limit=1)) == 1
    assert repository.unanswered("elche", PERIOD)[0].text == "otra ciudad"
