"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ali.api.deps import CouncilsDep
from ali.api.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse)
async def healthz() -> HealthResponse:
    return HealthResponse(status="ok")


@router.get("/readyz", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def readyz(councils: CouncilsDep) -> JSONResponse:
    """Ready once every council's index is loaded."""
    if councils.ready:
        return JSONResponse({"status": "ready", "councils": councils.ids})
    status = "failed" if councils.failure else "starting"
    return JSONResponse({"status": status, "councils": councils.ids}, status_code=503)
