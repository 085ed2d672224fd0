"""The figures of one council over a period, computed from `AnalyticsRepository` queries.

Counting rules (docs/admin.md explains them to staff): a *turn* is one citizen message and the
assistant's reply; days are UTC; rates are over the assistant's replies in the period; latency
percentiles interpolate linearly between the closest ranks, computed here so every database
gives the same numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ali.admin.period import Period
from ali.admin.repository import ActionFailure, AnalyticsRepository, FeedbackComment, Unanswered
from ali.catalogue.catalogue import Catalogue
from ali.intents.labels import Intent

PERCENTILES = (50, 90, 95, 99)


@dataclass(frozen=True)
class Day:
    day: dt.date
    conversations: int
    turns: int


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ActionTotals:
    action: str
    succeeded: int
    failed: int
    pending: int


@dataclass(frozen=True)
class Latency:
    count: int
    p50: float | None
    p90: float | None
    p95: float | None
    p99: float | None


@dataclass(frozen=True)
class Feedback:
    useful: int
    not_useful: int
    useful_rate: float | None
    comments: list[FeedbackComment]


@dataclass(frozen=True)
class Summary:
    council_id: str
    council_name: str
    first: dt.date
    last: dt.date
    timezone: str
    conversations: int
    turns: int
    daily: list[Day]
    procedures: list[Count]
    intents: list[Count]
    languages: list[Count]
    answered_by: list[Count]  # replies composed by the language model, and from the catalogue
    unanswered_total: int
    unanswered: list[Unanswered]
    clarifications: int
    clarification_rate: float | None
    feedback: Feedback
    actions: list[ActionTotals]
    action_failures_total: int
    action_failures: list[ActionFailure]
    latency: Latency
    consents: int


def percentile(ordered: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) of sorted values, interpolating between closest ranks."""
    if not ordered:
        return None
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    value = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    return round(value, 1)


def latency(values: list[float]) -> Latency:
    ordered = sorted(values)
    p50, p90, p95, p99 = (percentile(ordered, q) for q in PERCENTILES)
    return Latency(len(ordered), p50, p90, p95, p99)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _action_totals(
    repository: AnalyticsRepository, council_id: str, period: Period
) -> list[ActionTotals]:
    totals: dict[str, dict[str, int]] = {}
    for row in repository.actions(council_id, period):
        totals.setdefault(row.action, {})[row.status] = row.count
    return [
        ActionTotals(
            action,
            counts.get("succeeded", 0),
            counts.get("failed", 0),
            counts.get("pending", 0),
        )
        for action, counts in sorted(totals.items())
    ]


ANSWER_PATHS = ("model", "catalogue")


def _answered_by(rows: list[tuple[str, int]]) -> list[Count]:
    """Both paths always, model first, zero when unused (a council without a model shows 0
    model replies rather than no row); any other stored value after them."""
    counts = dict(rows)
    paths = [*ANSWER_PATHS, *sorted(set(counts) - set(ANSWER_PATHS))]
    return [Count(path, path, counts.get(path, 0)) for path in paths]


class Dashboard:
    """Builds a council's `Summary` for a period."""

    def __init__(self, repository: AnalyticsRepository) -> None:
        self._repository = repository

    def summary(self, catalogue: Catalogue, period: Period) -> Summary:
        repo = self._repository
        profile = catalogue.profile
        council_id = profile.id

        def title(procedure_id: str) -> str:
            if procedure_id in catalogue:
                return catalogue.get(procedure_id).title(profile.default_language)
            return procedure_id

        conversations = repo.conversations_per_day(council_id, period)
        replies = repo.replies_per_day(council_id, period)
        daily = [
            Day(day, conversations.get(day, 0), replies.get(day, 0)) for day in period.each_day()
        ]
        intents = repo.intents(council_id, period)
        by_intent = dict(intents)
        turns = sum(replies.values())
        clarifications = by_intent.get(Intent.CLARIFY.value, 0)
        votes = repo.feedback(council_id, period)
        useful, not_useful = votes.get(True, 0), votes.get(False, 0)
        actions = _action_totals(repo, council_id, period)
        return Summary(
            council_id=council_id,
            council_name=profile.name,
            first=period.first,
            last=period.last,
            timezone="UTC",
            conversations=sum(conversations.values()),
            turns=turns,
            daily=daily,
            procedures=[
                Count(key, title(key), n) for key, n in repo.procedures(council_id, period)
            ],
            intents=[Count(key, key, n) for key, n in intents],
            languages=[Count(key, key, n) for key, n in repo.languages(council_id, period)],
            answered_by=_answered_by(repo.answered_by(council_id, period)),
            unanswered_total=by_intent.get(Intent.OUT_OF_SCOPE.value, 0),
            unanswered=repo.unanswered(council_id, period),
            clarifications=clarifications,
            clarification_rate=_rate(clarifications, turns),
            feedback=Feedback(
                useful,
                not_useful,
                _rate(useful, useful + not_useful),
                repo.feedback_comments(council_id, period),
            ),
            actions=actions,
            action_failures_total=sum(row.failed for row in actions),
            action_failures=repo.action_failures(council_id, period),
            latency=latency(repo.latencies(council_id, period)),
            consents=repo.consents(council_id, period),
        )
