"""`POST /api/v1/councils/{council_id}/chat`: one turn of a conversation, as one JSON body or,
at `/chat/stream`, as server-sent events."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ali.api.deps import CatalogueDep, CitizenDep, EngineDep
from ali.api.rate_limits import CallerDep, get_rate_limits
from ali.api.schemas import ChatRequest, ChatResponse, ErrorResponse
from ali.api.stream_slots import HeldStream, StreamSlot, StreamSlots
from ali.catalogue.catalogue import Catalogue
from ali.dialogue.engine import DialogueEngine
from ali.errors import AliError
from ali.identity.citizen import Citizen

router = APIRouter(prefix="/api/v1/councils/{council_id}", tags=["chat"])

_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse} for code in (401, 404, 413, 422, 429, 503)
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
    body: ChatRequest,
    citizen: CitizenDep,
    caller: CallerDep,
    catalogue: CatalogueDep,
    engine: EngineDep,
) -> ChatResponse:
    """Send the citizen's message; start a conversation with `conversation_id: null`.

    Information needs no identity. Actions need a signed-in citizen: send the council's
    sign-in token as `Authorization: Bearer <token>`. Too many requests from one address,
    kiosk or citizen are answered 429 with `Retry-After` (seconds).
    """
    return await _turn(body, catalogue, engine, citizen)


@router.post(
    "/chat/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **_ERRORS},
)
async def chat_stream(
    request: Request,
    body: ChatRequest,
    citizen: CitizenDep,
    caller: CallerDep,
    catalogue: CatalogueDep,
    engine: EngineDep,
) -> StreamingResponse:
    """The same turn as `/chat`, as server-sent events: `delta` events carry the reply's text
    as it is written (`{"text": ...}`), then one `reply` event carries the whole
    `ChatResponse`, whose `reply` is the text to keep. With a language model each `delta` is
    one sentence that passed the output checks, sent as soon as it did; a `reset` event says
    the text sent so far gives way to another reply (the model's failed half-way and the
    catalogue's follows). Without one, the catalogue's reply comes in pieces.

    Errors found before the reply begins (unknown council, bad token, invalid message, the
    service unavailable) are ordinary JSON error responses with their status code, exactly as
    for `/chat`; one after it began is an `error` event (`{"detail": ...}`). A client (a
    kiosk, a signed-in citizen, else an address) with as many streams open as the council
    allows is answered 429 until one closes.
    """
    if body.language is not None:
        catalogue.profile.require_language(body.language)
    slots: StreamSlots = request.app.state.stream_slots
    allowed = get_rate_limits(request).settings_for(catalogue.profile).streams_per_client
    slot = slots.take(caller.key, allowed)
    try:
        return await _start_stream(body, citizen, engine, slot)
    except BaseException:
        slot.release()  # no response will give it back
        raise


async def _start_stream(
    body: ChatRequest, citizen: Citizen | None, engine: DialogueEngine, slot: StreamSlot
) -> StreamingResponse:
    loop = asyncio.get_running_loop()
    events: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    def sink(kind: str, text: str) -> None:  # called from the turn's thread
        loop.call_soon_threadsafe(events.put_nowait, (kind, text))

    turn = asyncio.ensure_future(
        run_in_threadpool(
            engine.chat, body.message, body.conversation_id, body.language, citizen, sink
        )
    )
    first = asyncio.ensure_future(events.get())
    await asyncio.wait({turn, first}, return_when=asyncio.FIRST_COMPLETED)
    if turn.done() and not first.done():
        first.cancel()
        reply = turn.result()  # an error before anything was sent: the JSON error response
        return _stream(_composed(ChatResponse.model_validate(asdict(reply)), sent=False), slot)
    return _stream(_streamed(await first, events, turn), slot)


def _stream(events: AsyncIterator[str], slot: StreamSlot) -> StreamingResponse:
    return HeldStream(
        events,
        slot,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _streamed(
    first: tuple[str, str], events: asyncio.Queue[tuple[str, str]], turn: asyncio.Future[Any]
) -> AsyncIterator[str]:
    """The turn's own events as they come, then the reply (or an error event)."""
    pending: tuple[str, str] | None = first
    sent = False
    while pending is not None:
        kind, text = pending
        sent = kind != "reset"
        yield _event(kind, {"text": text} if kind == "delta" else {})
        pending = await _next(events, turn)
    try:
        reply = await turn
    except AliError as exc:
        yield _event("error", {"detail": exc.public_detail})
        return
    async for event in _composed(ChatResponse.model_validate(asdict(reply)), sent=sent):
        yield event


async def _next(
    events: asyncio.Queue[tuple[str, str]], turn: asyncio.Future[Any]
) -> tuple[str, str] | None:
    """The next event of the turn, or None once the turn is over and every event was read."""
    while True:
        if not events.empty():
            return events.get_nowait()
        if turn.done():
            return None
        waiting = asyncio.ensure_future(events.get())
        await asyncio.wait({waiting, turn}, return_when=asyncio.FIRST_COMPLETED)
        if waiting.done():
            return waiting.result()
        waiting.cancel()


async def _composed(response: ChatResponse, *, sent: bool) -> AsyncIterator[str]:
    """The reply in pieces (unless its sentences were streamed already), then the whole."""
    if not sent:
        words = re.findall(r"\S+\s*", response.reply)
        for start in range(0, len(words), _WORDS_PER_EVENT):
            piece = "".join(words[start : start + _WORDS_PER_EVENT])
            yield _event("delta", {"text": piece})
    yield _event("reply", response.model_dump(mode="json"))


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
