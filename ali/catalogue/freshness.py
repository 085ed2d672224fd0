"""Which facts of a council's catalogue are out of date: the editors' to-do list.

Two things age. A yearly fact (a fee, a payment period) names in `Procedure.fact_years` the year
its figure applies to; once that year is over the figure is *past its year*, and an answer can
only say "en 2025 fue..." until an editor sets the new one. And every entry (and the council
profile) records when an editor last checked it against its source (`last_reviewed`); an entry
not reviewed for longer than the council accepts is *due for review*. `ali council check`
prints both and fails when something is past its year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import get_args

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import YearlyFact

# How long an entry may go without an editor checking it against its source.
DEFAULT_REVIEW_AGE = dt.timedelta(days=365)
PROFILE_ENTRY = "council.yaml"  # the name the council profile is listed under
YEARLY_FACTS: tuple[YearlyFact, ...] = get_args(YearlyFact)


@dataclass(frozen=True)
class PastYear:
    """A yearly fact whose figure belongs to a year that is over."""

    procedure_id: str
    fact: YearlyFact
    year: int


@dataclass(frozen=True)
class DueForReview:
    """An entry (a procedure, or the council profile) not reviewed for too long."""

    entry: str
    last_reviewed: dt.date
    age: dt.timedelta


@dataclass(frozen=True)
class FreshnessReport:
    """What an editor of one council has to update, as of `today`."""

    council: str
    today: dt.date
    past_year: tuple[PastYear, ...]
    due_for_review: tuple[DueForReview, ...]

    @property
    def current(self) -> bool:
        """True when no fact is past its year (entries due for review are only a reminder)."""
        return not self.past_year


def check_freshness(
    catalogue: Catalogue, today: dt.date, review_age: dt.timedelta = DEFAULT_REVIEW_AGE
) -> FreshnessReport:
    """The facts past their year and the entries due for review in `catalogue` on `today`."""
    if review_age < dt.timedelta(0):
        raise ValueError("the review age cannot be negative")
    past: list[PastYear] = []
    due: list[DueForReview] = []
    reviewed = [(PROFILE_ENTRY, catalogue.profile.last_reviewed)]
    for procedure in catalogue:
        reviewed.append((procedure.id, procedure.last_reviewed))
        for fact in YEARLY_FACTS:
            year = procedure.past_year(fact, today)
            if year is not None:
                past.append(PastYear(procedure.id, fact, year))
    for entry, last_reviewed in reviewed:
        age = today - last_reviewed
        if age > review_age:
            due.append(DueForReview(entry, last_reviewed, age))
    return FreshnessReport(catalogue.profile.id, today, tuple(past), tuple(due))
