"""The sandbox's calendars: a tenant's appointment book stands in for its council's, so it keeps
the working days of that council's profile (national, regional and local holidays; see
ali.catalogue.working_days), the same calendar ALI's appointment form checks."""

from __future__ import annotations

from functools import cache

import yaml

from ali.catalogue.working_days import CalendarProfile, WorkingDays
from ali.settings import DEFAULT_KNOWLEDGE_DIR

SANDBOX_COUNCIL = "alicante"


@cache
def sandbox_calendar(council: str = SANDBOX_COUNCIL) -> WorkingDays:
    """The working days of the council's profile (in the bundled knowledge folder)."""
    profile = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / council / "council.yaml").read_text())
    return WorkingDays(CalendarProfile.model_validate(profile.get("calendar", {})))
