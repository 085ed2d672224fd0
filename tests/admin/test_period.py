from __future__ import annotations

import datetime as dt

import pytest

from ali.admin.period import MAX_DAYS, InvalidPeriod, Period

TODAY = dt.date(2024, 3, 31)


def test_from_after_to_is_refused() -> None:
    with pytest.raises(InvalidPeriod, match="after"):
        Period.of(dt.date(2024, 3, 2), dt.date(2024, 3, 1))


def test_more_than_a_year_is_refused() -> None:
    with pytest.raises(InvalidPeriod, match="366"):
        Period.of(TODAY - dt.timedelta(days=MAX_DAYS), TODAY)
    assert Period.of(TODAY - dt.timedelta(days=MAX_DAYS - 1), TODAY).days == MAX_DAYS


def test_the_default_is_the_last_30_days() -> None:
    period = Period.of(None, None, today=TODAY)
    assert (period.first, period.last, period.days) == (dt.date(2024, 3, 2), TODAY, 30)
    assert Period.of(None, dt.date(2024, 1, 30)).first == dt.date(2024, 1, 1)


def test_bounds_are_utc_midnights_and_the_end_is_excluded() -> None:
    period = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 1))
    assert period.start == dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    assert period.end == dt.datetime(2024, 3, 2, tzinfo=dt.UTC)
    assert list(period.each_day()) == [dt.date(2024, 3, 1)]
