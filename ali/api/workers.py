"""The application of one worker process of `ali serve --workers N`.

uvicorn starts each worker in a fresh process and builds its application there, from an import
string: `worker_app` reads the settings from the environment (as `ali serve` does), configures
logging and builds the app, whose start-up warms that worker's councils. What a turn needs from
an earlier turn lives in the database and, for forms' personal values and admin sign-outs, in
Redis (`ALI_REDIS_URL`), so any worker can take any request.
"""

from __future__ import annotations

from fastapi import FastAPI

from ali.api.app import create_app
from ali.logging import configure_logging
from ali.settings import Settings

FACTORY = "ali.api.workers:worker_app"


def worker_app() -> FastAPI:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)


def several_workers_problem(settings: Settings) -> str | None:
    """Why this deployment cannot run several workers, or None: they must share Redis (else a
    form's personal values and sign-outs stay in one worker) and a server database (SQLite's
    turns are serialised by a lock inside one process)."""
    if settings.redis_url is None:
        return "several workers need ALI_REDIS_URL (shared personal values and sign-outs)"
    if settings.database_url.startswith("sqlite"):
        return "several workers need a PostgreSQL ALI_DATABASE_URL, not SQLite"
    return None
