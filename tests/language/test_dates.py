import datetime as dt

import pytest

from ali.language.dates import parse_date

MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("el martes que viene", "es", dt.date(2026, 11, 24)),
        ("dijous", "va", dt.date(2026, 11, 26)),
        ("dilluns vinent", "va", dt.date(2026, 11, 30)),
        ("mañana", "es", dt.date(2026, 11, 24)),
        ("pasado mañana", "es", dt.date(2026, 11, 25)),
        ("demà passat", "va", dt.date(2026, 11, 25)),
        ("15/12", "es", dt.date(2026, 12, 15)),
        ("el 3 de enero", "es", dt.date(2027, 1, 3)),
        ("el 15", "es", dt.date(2026, 12, 15)),
        ("next friday", "en", dt.date(2026, 11, 27)),
        ("el lunes", "es", dt.date(2026, 11, 30)),
    ],
)
def test_dates_as_citizens_write_them(text: str, language: str, expected: dt.date) -> None:
    assert parse_date(text, language, MONDAY) == expected


@pytest.mark.parametrize("text", ["ayer", "banana", "cuando pueda", "1/1/2020"])
def test_no_date_or_past_dates(text: str) -> None:
    assert parse_date(text, "es", MONDAY) is None
