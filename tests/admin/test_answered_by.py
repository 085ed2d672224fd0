"""The dashboard counts the replies by the path that composed them (language model or
catalogue), over the period and the council only; replies stored before the path was recorded
are in neither count. On SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io

from ali.admin.analytics import Count, Dashboard
from ali.admin.export import to_csv
from ali.admin.repository import AnalyticsRepository
from ali.catalogue import Catalogue
from ali.storage.conversations import Conversation, Turn
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.admin import PERIOD

INSIDE = dt.datetime(2024, 3, 2, 12, 0, tzinfo=dt.UTC)
OUTSIDE = dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC)


def _store(database: Database, council: str, at: dt.datetime, paths: list[str | None]) -> None:
    conversation = Conversation(council, "es", created_at=at)
    for path in paths:
        conversation.add_turn(Turn("citizen", "pregunta", at=at))
        conversation.add_turn(Turn("assistant", "respuesta", at=at, answered_by=path))
    SqlConversationStore(database).save(conversation)


def test_replies_are_counted_by_who_composed_them(
    any_database: Database, catalogue: Catalogue
) -> None:
    _store(any_database, "alicante", INSIDE, ["model", "catalogue", "model", None])
    _store(any_database, "alicante", INSIDE, ["model"])
    _store(any_database, "alicante", OUTSIDE, ["catalogue", "catalogue"])  # after the period
    _store(any_database, "elche", INSIDE, ["catalogue"])  # another council

    summary = Dashboard(AnalyticsRepository(any_database)).summary(catalogue, PERIOD)

    assert summary.answered_by == [Count("model", "model", 3), Count("catalogue", "catalogue", 1)]
    assert summary.turns == 5  # the reply with no recorded path is still a turn
    rows = list(csv.reader(io.StringIO(to_csv(summary, "answered_by"))))
    assert rows[1:] == [["model", "model", "3"], ["catalogue", "catalogue", "1"]]


def test_both_paths_show_even_when_unused(any_database: Database, catalogue: Catalogue) -> None:
    _store(any_database, "alicante", INSIDE, ["catalogue", "catalogue"])
    summary = Dashboard(AnalyticsRepository(any_database)).summary(catalogue, PERIOD)
    assert [(row.key, row.count) for row in summary.answered_by] == [
        ("model", 0),
        ("catalogue", 2),
    ]
