"""The date range a dashboard shows: whole days in UTC, both ends included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ali.errors import InvalidInput

DEFAULT_DAYS = 30
MAX_DAYS = 366


class InvalidPeriod(InvalidInput):
    public_detail = "The date range is not valid."


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @classmethod
    def of(
        cls, first: dt.date | None, last: dt.date | None, *, today: dt.date | None = None
    ) -> Period:
        """`first`..`last`; a missing end defaults to the last 30 days up to today (UTC)."""
        last = last or today or dt.datetime.now(dt.UTC).date()
        first = first or last - dt.timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            raise InvalidPeriod("'from' is after 'to'.")
        period = cls(first, last)
        if period.days > MAX_DAYS:
            raise InvalidPeriod(f"The date range is longer than {MAX_DAYS} days.")
        return period

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> dt.datetime:
        """The first instant included (midnight UTC of `first`)."""
        return dt.datetime.combine(self.first, dt.time(), dt.UTC)

    @property
    def end(self) -> dt.datetime:
        """The first instant excluded (midnight UTC after `last`)."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), dt.UTC)

    def each_day(self) -> Iterator[dt.date]:
        for offset in range(self.days):
            yield self.first + dt.timedelta(days=offset)
