"""Apps for the observability and limits tests: the hashing councils (no model), with the
settings a test needs (rate limits, metrics, Redis)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from ali.api.app import create_app
from ali.councils import Councils
from ali.settings import RateLimitSettings, Settings

BASE = "/api/v1/councils/alicante"
QUESTION = {"message": "volante de empadronamiento"}


def app_with(
    councils: Councils, *, rate_limits: dict[str, Any] | None = None, **extra: Any
) -> FastAPI:
    settings = Settings(
        _env_file=None,
        data_dir=councils.settings.data_dir,
        embedder=councils.settings.embedder,
        rate_limits=RateLimitSettings(**(rate_limits or {})),
        **extra,
    )
    return create_app(settings, councils)
