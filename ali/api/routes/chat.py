"""`POST /api/v1/councils/{council_id}/chat`: one turn of a conversation, as one JSON body or,
at `/chat/stream`, as server-sent events."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ali.api.deps import CatalogueDep, CitizenDep, EngineDep
from ali.api.schemas import ChatRequest, ChatResponse, ErrorResponse
from ali.catalogue.catalogue import Catalogue
from ali.dialogue.engine import DialogueEngine
from ali.identity.citizen import Citizen

router = APIRouter(prefix="/api/v1/councils/{council_id}", tags=["chat"])

_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse} for code in (401, 404, 413, 422, 503)
}
_WORDS_PER_EVENT = 4


async def _turn(
    body: ChatRequest, catalogue: Catalogue, engine: DialogueEngine, citizen: Citizen | None
) -> ChatResponse:
    if body.language is not None:
        catalogue.profile.require_language(body.language)
    reply = await run_in_threadpool(
        engine.chat, body.message, body.conversation_id, body.language, citizen
    )
    return ChatResponse.model_validate(asdict(reply))


@router.post("/chat", response_model=ChatResponse, responses=_ERRORS)
async def chat(
    body: ChatRequest, citizen: CitizenDep, catalogue: CatalogueDep, engine: EngineDep
) -> ChatResponse:
    """Send the citizen's message; start a conversation with `conversation_id: null`.

    Information needs no identity. Actions need a signed-in citizen: send the council's
    sign-in token as `Authorization: Bearer <token>`.
    """
    return await _turn(body, catalogue, engine, citizen)


@router.post(
    "/chat/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **_ERRORS},
)
async def chat_stream(
    body: ChatRequest, citizen: CitizenDep, catalogue: CatalogueDep, engine: EngineDep
) -> StreamingResponse:
    """The same turn as `/chat`, as server-sent events: `delta` events carry the reply's text
    in pieces (`{"text": ...}`), then one `reply` event carries the whole `ChatResponse`.

    Errors found before the reply exists (unknown council, bad token, invalid message) are
    ordinary JSON error responses with their status code, exactly as for `/chat`.
    """
    response = await _turn(body, catalogue, engine, citizen)
    return StreamingResponse(
        _events(response),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _events(response: ChatResponse) -> AsyncIterator[str]:
    words = re.findall(r"\S+\s*", response.reply)
    for start in range(0, len(words), _WORDS_PER_EVENT):
        piece = "".join(words[start : start + _WORDS_PER_EVENT])
        yield _event("delta", {"text": piece})
    yield _event("reply", response.model_dump(mode="json"))


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
