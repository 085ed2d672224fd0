"""`POST /api/v1/councils/{council_id}/conversations/{conversation_id}/feedback`."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from ali.api.deps import ConversationId, CouncilsDep
from ali.api.schemas import ErrorResponse, FeedbackRequest, FeedbackResponse
from ali.errors import UnknownConversation
from ali.safety.redaction import redact

router = APIRouter(prefix="/api/v1/councils/{council_id}", tags=["feedback"])


@router.post(
    "/conversations/{conversation_id}/feedback",
    status_code=201,
    response_model=FeedbackResponse,
    responses={code: {"model": ErrorResponse} for code in (404, 422)},
)
async def give_feedback(
    council_id: str, conversation_id: ConversationId, body: FeedbackRequest, councils: CouncilsDep
) -> FeedbackResponse:
    """Was an answer useful? `turn` is the `turn` number the chat response carried."""
    councils.catalogue(council_id)
    comment = redact(body.comment) if body.comment else None
    stored = await run_in_threadpool(
        councils.conversations.add_feedback,
        council_id,
        conversation_id,
        body.turn,
        body.useful,
        comment,
    )
    if not stored:
        raise UnknownConversation(conversation_id)
    return FeedbackResponse(status="recorded")
