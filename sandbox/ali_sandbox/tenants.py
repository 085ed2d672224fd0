"""The sandbox back office of a multi-council deployment: one tenant per council, each the
whole sandbox app of `ali_sandbox.app` mounted under `/t/<council>`, with its own database
(padrón, appointment book, incident desk, receipts, registry), identity provider key and
issuer (`<public_url>/t/<council>/idp`), seal and API key. Tenants share nothing but the
process, so a request to one never reads or changes another's data.

    /sandbox/healthz           the process
    /t/alicante/idp/token      Alicante's demo identity provider
    /t/jaen/padron/...         Jaén's padrón register
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from ali import __version__
from ali.api.errors import install_error_handlers
from ali_sandbox.app import create_sandbox_app
from ali_sandbox.demo_councils import DEMO_COUNCILS, demo_data
from ali_sandbox.errors import SandboxRefused
from ali_sandbox.routes import health_router
from ali_sandbox.settings import TENANT_PREFIX, SandboxSettings


def create_tenants_app(settings: SandboxSettings, councils: Sequence[str] | None = None) -> FastAPI:
    """The sandbox with a tenant for each of `councils` (every council it has demo data for,
    by default), under `<public_url>/t/<council>`."""
    if settings.is_production:
        raise SandboxRefused()
    chosen = sorted(councils if councils is not None else DEMO_COUNCILS)
    for council in chosen:
        demo_data(council)  # an unknown council stops the start, before any file is written
    app = FastAPI(
        title="ALI SANDBOX back office, one tenant per council (FAKE data, not for production)",
        version=__version__,
        description="Each council's tenant is under /t/<council>/ (its own /docs).",
    )
    install_error_handlers(app)
    app.include_router(health_router())
    for council in chosen:
        tenant = create_sandbox_app(settings.for_tenant(council))
        app.mount(f"{TENANT_PREFIX}/{council}", tenant, name=f"tenant-{council}")
    return app
