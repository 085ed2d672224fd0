"""The sandbox's calendar: the appointment book stands in for Alicante's, so it keeps the working
days of Alicante's council profile (national, Valencian and local holidays; see
ali.catalogue.working_days), the same calendar ALI's appointment form checks."""

from __future__ import annotations

from functools import cache

import yaml

from ali.catalogue.working_days import CalendarProfile, WorkingDays
from ali.settings import DEFAULT_KNOWLEDGE_DIR

SANDBOX_COUNCIL = "alicante"


@cache
def sandbox_calendar() -> WorkingDays:
    profile = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / SANDBOX_COUNCIL / "council.yaml").read_text())
    return WorkingDays(CalendarProfile.model_validate(profile.get("calendar", {})))
