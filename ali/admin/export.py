"""CSV export of one section of a `Summary`. Cells a spreadsheet would read as a formula
(citizen text starting with `=`, `+`, `-`, `@`...) are prefixed with `'` so they stay text."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable
from typing import Literal, get_args

from ali.admin.analytics import Count, Summary

Section = Literal[
    "daily",
    "procedures",
    "intents",
    "languages",
    "answered_by",
    "unanswered",
    "actions",
    "feedback",
]
SECTIONS: tuple[str, ...] = get_args(Section)

Cell = str | int | float | None
_FORMULA_STARTS = frozenset("=+-@\u2212")
# Characters a spreadsheet may skip or not show before a formula: spaces, controls, format
# characters (zero-width, BOM, bidi), combining marks and the blank-looking fillers.
_UNSEEN_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"})
_UNSEEN = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def _first_seen(value: str) -> str | None:
    for character in value:
        for part in unicodedata.normalize("NFKC", character):
            if part in _UNSEEN or unicodedata.category(part) in _UNSEEN_CATEGORIES:
                continue
            return part
    return None


def safe_cell(value: Cell) -> Cell:
    """`value`, prefixed with `'` (OWASP's advice) if a spreadsheet could run it as a formula:
    it starts with a tab or carriage return, or its first visible character, after NFKC (so
    `＝` counts as `=`), is `=`, `+`, `-` or `@`."""
    if not isinstance(value, str):
        return value
    if value.startswith(("\t", "\r")) or _first_seen(value) in _FORMULA_STARTS:
        return "'" + value
    return value


def _daily(summary: Summary) -> Iterable[list[Cell]]:
    yield ["day_utc", "conversations", "turns"]
    for day in summary.daily:
        yield [day.day.isoformat(), day.conversations, day.turns]


def _counts(
    name: str, rows_of: Callable[[Summary], list[Count]]
) -> Callable[[Summary], Iterable[list[Cell]]]:
    def rows(summary: Summary) -> Iterable[list[Cell]]:
        yield [name, "label", "turns"]
        for count in rows_of(summary):
            yield [count.key, count.label, count.count]

    return rows


def _unanswered(summary: Summary) -> Iterable[list[Cell]]:
    yield ["at_utc", "language", "question_redacted"]
    for item in summary.unanswered:
        yield [item.at.isoformat(timespec="seconds"), item.language, item.text]


def _actions(summary: Summary) -> Iterable[list[Cell]]:
    yield ["action", "succeeded", "failed", "pending"]
    for row in summary.actions:
        yield [row.action, row.succeeded, row.failed, row.pending]
    yield []
    yield ["failed_at_utc", "action", "procedure_id", "error"]
    for failure in summary.action_failures:
        at = failure.at.isoformat(timespec="seconds")
        yield [at, failure.action, failure.procedure_id, failure.error]


def _feedback(summary: Summary) -> Iterable[list[Cell]]:
    yield ["useful", "not_useful", "useful_rate"]
    yield [summary.feedback.useful, summary.feedback.not_useful, summary.feedback.useful_rate]
    yield []
    yield ["at_utc", "useful", "comment_redacted"]
    for comment in summary.feedback.comments:
        yield [comment.at.isoformat(timespec="seconds"), int(comment.useful), comment.comment]


_SECTIONS: dict[str, Callable[[Summary], Iterable[list[Cell]]]] = {
    "daily": _daily,
    "procedures": _counts("procedure_id", lambda summary: summary.procedures),
    "intents": _counts("intent", lambda summary: summary.intents),
    "languages": _counts("language", lambda summary: summary.languages),
    "answered_by": _counts("answered_by", lambda summary: summary.answered_by),
    "unanswered": _unanswered,
    "actions": _actions,
    "feedback": _feedback,
}


def to_csv(summary: Summary, section: Section) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _SECTIONS[section](summary):
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def filename(summary: Summary, section: Section) -> str:
    return f"ali-{summary.council_id}-{section}-{summary.first}-{summary.last}.csv"
