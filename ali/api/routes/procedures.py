"""The council's catalogue: the list of procedures and each full entry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ali.api.deps import CatalogueDep
from ali.api.schemas import ErrorResponse, ProcedureSummary
from ali.catalogue.schema import Language

router = APIRouter(prefix="/api/v1/councils/{council_id}", tags=["catalogue"])


@router.get(
    "/procedures",
    response_model=list[ProcedureSummary],
    responses={404: {"model": ErrorResponse}},
)
async def list_procedures(
    catalogue: CatalogueDep,
    language: Annotated[Language | None, Query(description="Language of the titles.")] = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
) -> list[ProcedureSummary]:
    profile = catalogue.profile
    chosen = profile.require_language(language) if language else profile.default_language
    return [
        ProcedureSummary(
            id=p.id,
            kind=p.kind,
            category=p.category,
            title=p.title(chosen),
            url=str(p.source_url),
        )
        for p in catalogue
        if category is None or p.category == category
    ]


@router.get("/procedures/{procedure_id}", responses={404: {"model": ErrorResponse}})
async def get_procedure(procedure_id: str, catalogue: CatalogueDep) -> dict[str, Any]:
    """The full catalogue entry, every language included; the editors' notes (sources, doubts,
    what to re-check) are never shown."""
    procedure = catalogue.get(procedure_id)
    return procedure.model_dump(mode="json", exclude={"editor_notes"})
