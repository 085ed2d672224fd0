"""`ModelClient`: every call ALI makes to a language model goes through here, for one council.

It asks for structured output (validated, one retry) or streams tokens and sentences, within
the turn's `TurnBudget`, behind a circuit breaker. A call that gives no usable reply raises
`ModelFailure` with its `FallbackReason`, counted and logged once (`ModelMetrics`); the caller
then answers from the catalogue. Provider exceptions are converted here, where they enter."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from ali.llm.breaker import ModelBreaker
from ali.llm.budget import TurnBudget
from ali.llm.failures import FallbackReason, ModelFailure
from ali.llm.metrics import ModelMetrics, default_metrics
from ali.llm.providers import Provider, provider_for
from ali.llm.sentences import sentences
from ali.llm.structured import (
    OUTPUT_METHODS,
    InvalidReply,
    Message,
    correction,
    with_instructions,
)
from ali.settings import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel, LanguageModelInput
    from langchain_core.messages import BaseMessage, BaseMessageChunk
    from langchain_core.runnables import Runnable

T = TypeVar("T", bound=BaseModel)


class ModelClient:
    def __init__(
        self,
        config: LLMSettings,
        council_id: str,
        *,
        provider: Provider | None = None,
        chat_model: BaseChatModel | None = None,
        breaker: ModelBreaker | None = None,
        metrics: ModelMetrics | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Builds the provider's chat model unless one is given (a fake, in tests); raises
        `ModelConfigurationError` for provider `none` or a missing package."""
        self.config = config
        self.council_id = council_id
        self._provider = provider or provider_for(config)
        self._model = chat_model or self._provider.chat_model(config)
        self._method = OUTPUT_METHODS[config.structured_output]
        self._breaker = breaker or ModelBreaker(
            config.breaker_failures, config.breaker_reset_seconds, clock
        )
        self._metrics = metrics or default_metrics()
        self._clock = clock

    @property
    def metrics(self) -> ModelMetrics:
        return self._metrics

    @property
    def breaker(self) -> ModelBreaker:
        return self._breaker

    def budget(self) -> TurnBudget:
        """A new budget for one turn, starting now."""
        return TurnBudget(self.config.first_token_seconds, self.config.total_seconds, self._clock)

    async def structured(
        self, messages: Sequence[Message], schema: type[T], budget: TurnBudget
    ) -> T:
        """The model's reply to `messages` as a validated `schema`; an invalid reply is asked
        for again once, within the same budget."""
        self._admit()
        try:
            result = await self._structured(messages, schema, budget)
        except ModelFailure as failure:
            self._failed(failure)
            raise
        self._breaker.success()
        return result

    async def tokens(self, messages: Sequence[Message], budget: TurnBudget) -> AsyncIterator[str]:
        """The reply's text as the model streams it. Raises `ModelFailure` (counted) when the
        stream fails or runs out of budget, possibly after some tokens."""
        self._admit()
        try:
            async for chunk in self._timed(self._model, messages, budget):
                if chunk.text:
                    yield chunk.text
        except ModelFailure as failure:
            self._failed(failure)
            raise
        self._breaker.success()

    async def structured_stream(
        self,
        messages: Sequence[Message],
        schema: type[T],
        budget: TurnBudget,
        field: str,
        on_text: Callable[[str, dict[str, Any]], None],
    ) -> T:
        """As `structured`, while the reply streams: `on_text` gets the text of the string
        field `field` as it grows, piece by piece, with the reply's JSON read so far (put
        that field last in the schema, so the other fields are known before it starts). An
        invalid reply is asked for again once, without streaming, only if no text was given
        out yet."""
        self._admit()
        try:
            result = await self._structured_stream(messages, schema, budget, field, on_text)
        except ModelFailure as failure:
            self._failed(failure)
            raise
        self._breaker.success()
        return result

    async def _structured_stream(
        self,
        messages: Sequence[Message],
        schema: type[T],
        budget: TurnBudget,
        field: str,
        on_text: Callable[[str, dict[str, Any]], None],
    ) -> T:
        prompt = with_instructions(messages, self._method.instructions(schema))
        runnable = self._method.bind(self._model, self._provider, schema)
        whole: BaseMessageChunk | None = None
        given = ""
        async for chunk in self._timed(runnable, prompt, budget):
            whole = chunk if whole is None else whole + chunk
            partial = _partial_json(whole)
            grown = partial.get(field)
            if isinstance(grown, str) and grown.startswith(given) and len(grown) > len(given):
                on_text(grown[len(given) :], partial)
                given = grown
        if whole is None:
            raise ModelFailure(FallbackReason.INVALID_OUTPUT, "the model sent nothing")
        # Text already given out cannot be taken back by a second, different reply.
        return await self._read(runnable, prompt, whole, schema, budget, retry=not given)

    def sentences(self, messages: Sequence[Message], budget: TurnBudget) -> AsyncIterator[str]:
        """The streamed reply, a whole sentence at a time (ali.llm.sentences)."""
        return sentences(self.tokens(messages, budget))

    async def _structured(
        self, messages: Sequence[Message], schema: type[T], budget: TurnBudget
    ) -> T:
        prompt = with_instructions(messages, self._method.instructions(schema))
        runnable = self._method.bind(self._model, self._provider, schema)
        reply = await self._collect(runnable, prompt, budget)
        return await self._read(runnable, prompt, reply, schema, budget, retry=True)

    async def _read(
        self,
        runnable: Runnable[LanguageModelInput, BaseMessage],
        prompt: Sequence[Message],
        reply: BaseMessageChunk,
        schema: type[T],
        budget: TurnBudget,
        *,
        retry: bool,
    ) -> T:
        """`reply` as a validated `schema`; an invalid one is asked for again once (if `retry`),
        within the same budget, saying what was wrong."""
        try:
            return self._method.read(reply, schema)
        except InvalidReply as problem:
            if not retry:
                raise ModelFailure(FallbackReason.INVALID_OUTPUT, str(problem)) from None
            again: list[Message] = list(prompt)
            if reply.text:
                again.append(("assistant", reply.text))
            again.append(("user", correction(problem)))
        second = await self._collect(runnable, again, budget)
        try:
            return self._method.read(second, schema)
        except InvalidReply as problem:
            raise ModelFailure(FallbackReason.INVALID_OUTPUT, str(problem)) from None

    async def _collect(
        self,
        runnable: Runnable[LanguageModelInput, BaseMessage],
        messages: Sequence[Message],
        budget: TurnBudget,
    ) -> BaseMessageChunk:
        whole: BaseMessageChunk | None = None
        async for chunk in self._timed(runnable, messages, budget):
            whole = chunk if whole is None else whole + chunk
        if whole is None:
            raise ModelFailure(FallbackReason.INVALID_OUTPUT, "the model sent nothing")
        return whole

    async def _timed(
        self,
        runnable: Runnable[LanguageModelInput, BaseMessage],
        messages: Sequence[Message],
        budget: TurnBudget,
    ) -> AsyncIterator[BaseMessageChunk]:
        """The call's chunks, each awaited no longer than the budget allows: until the first
        token's deadline while none has come (a role-only chunk is not a token), then until
        the turn's end."""
        started = budget.now()
        first_deadline = budget.first_token_deadline(started)
        first_token_at: float | None = None
        stream = cast("AsyncGenerator[BaseMessageChunk, None]", runnable.astream(list(messages)))
        try:
            while True:
                waiting_first = first_token_at is None
                deadline = first_deadline if waiting_first else budget.deadline()
                reason = (
                    FallbackReason.FIRST_TOKEN_TIMEOUT
                    if waiting_first and first_deadline < budget.deadline()
                    else FallbackReason.TOTAL_TIMEOUT
                )
                timeout = deadline - budget.now()
                if timeout <= 0:
                    raise ModelFailure(reason, "the budget was spent before the call")
                try:
                    chunk = await asyncio.wait_for(anext(stream), timeout)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    raise ModelFailure(reason, f"no chunk within {timeout:.2f}s") from None
                except ModelFailure:
                    raise
                except Exception as exc:  # the provider boundary: converted
                    raise converted(exc) from exc
                if waiting_first and (chunk.text or getattr(chunk, "tool_call_chunks", None)):
                    first_token_at = budget.now()
                yield chunk
        finally:
            await stream.aclose()
        if first_token_at is not None:
            self._metrics.answered(
                self.council_id, first_token_at - started, budget.now() - started
            )

    def _admit(self) -> None:
        if not self._breaker.allow():
            failure = ModelFailure(FallbackReason.CIRCUIT_OPEN, "recent calls failed")
            self._metrics.fallback(self.council_id, failure.reason, failure.detail)
            raise failure

    def _failed(self, failure: ModelFailure) -> None:
        self._breaker.failure()
        self._metrics.fallback(self.council_id, failure.reason, failure.detail)


def _partial_json(reply: BaseMessageChunk) -> dict[str, Any]:
    """The JSON object streamed so far (in the text, or in the arguments of the first tool
    call), as far as it has come; empty while none has begun."""
    from langchain_core.utils.json import parse_partial_json

    calls = getattr(reply, "tool_call_chunks", None) or []
    raw = (calls[0].get("args") or "") if calls else reply.text
    start = raw.find("{")
    if start < 0:
        return {}
    try:
        partial = parse_partial_json(raw[start:])
    except ValueError:
        return {}
    return partial if isinstance(partial, dict) else {}


# Exception classes by name, whichever HTTP library raised them (openai's client uses httpx2,
# ollama's httpx): the network failed, or timed out.
_TIMEOUTS = frozenset({"TimeoutException", "APITimeoutError", "TimeoutError"})
_TRANSPORT = frozenset({"TransportError", "APIConnectionError", "ConnectionError"})


def converted(exc: BaseException) -> ModelFailure:
    """A provider's exception as a `ModelFailure`: its class and status only in the detail
    (a provider's message may quote the request)."""
    for cause in _chain(exc):
        status = getattr(cause, "status_code", None)
        names = {kind.__name__ for kind in type(cause).__mro__}
        if names & _TIMEOUTS:
            reason = FallbackReason.TOTAL_TIMEOUT
        elif names & _TRANSPORT:
            reason = FallbackReason.UNAVAILABLE
        elif isinstance(status, int):
            reason = FallbackReason.UNAVAILABLE if status >= 500 else FallbackReason.REJECTED
        else:
            continue
        suffix = f" {status}" if isinstance(status, int) else ""
        return ModelFailure(reason, f"{type(cause).__name__}{suffix}")
    return ModelFailure(FallbackReason.ERROR, type(exc).__name__)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
