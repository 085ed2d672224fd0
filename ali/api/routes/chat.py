"""`POST /api/v1/councils/{council_id}/chat`: one turn of a conversation."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from ali.api.deps import CitizenDep, CouncilsDep
from ali.api.schemas import ChatRequest, ChatResponse, ErrorResponse

router = APIRouter(prefix="/api/v1/councils/{council_id}", tags=["chat"])


@router.post(
    "/chat",
    response_model=ChatResponse,
    responses={
        404: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
    },
)
async def chat(
    council_id: str, body: ChatRequest, councils: CouncilsDep, citizen: CitizenDep
) -> ChatResponse:
    """Send the citizen's message; start a conversation with `conversation_id: null`.

    Information needs no identity. Actions need a signed-in citizen: send the council's
    sign-in token as `Authorization: Bearer <token>`.
    """
    engine = councils.runtime(council_id).engine
    reply = await run_in_threadpool(
        engine.chat, body.message, body.conversation_id, body.language, citizen
    )
    return ChatResponse.model_validate(asdict(reply))
