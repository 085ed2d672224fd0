"""`POST /api/v1/councils/{council_id}/conversations/{conversation_id}/feedback`.

A vote is on one assistant turn; a second vote on the same turn replaces the first. On a
conversation a citizen signed in to, only that citizen can vote (anyone else gets 404, as for
an unknown conversation: its existence is not confirmed); an anonymous conversation takes votes
from whoever holds its id, as it takes its next message.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from ali.api.deps import CatalogueDep, ConversationId, ConversationsDep, OwnerDep
from ali.api.schemas import ErrorResponse, FeedbackRequest, FeedbackResponse
from ali.errors import UnknownConversation
from ali.safety.redaction import redact

router = APIRouter(prefix="/api/v1/councils/{council_id}", tags=["feedback"])


@router.post(
    "/conversations/{conversation_id}/feedback",
    status_code=201,
    response_model=FeedbackResponse,
    responses={code: {"model": ErrorResponse} for code in (401, 404, 422, 503)},
)
async def give_feedback(
    council_id: str,
    conversation_id: ConversationId,
    body: FeedbackRequest,
    catalogue: CatalogueDep,
    owner: OwnerDep,
    conversations: ConversationsDep,
) -> FeedbackResponse:
    """Was an answer useful? `turn` is the `turn` number the chat response carried; send the
    same credentials as for the chat. Voting again on a turn replaces the earlier vote."""
    comment = redact(body.comment) if body.comment else None
    stored = await run_in_threadpool(
        lambda: conversations.add_feedback(
            catalogue.profile.id, conversation_id, body.turn, body.useful, comment, owner=owner
        )
    )
    if not stored:
        raise UnknownConversation(conversation_id)
    return FeedbackResponse(status="recorded")
