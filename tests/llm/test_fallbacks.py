"""Each way a model server fails, through the real OpenAI client (langchain-openai) against a
server on loopback: the call ends within the turn's budget with a `ModelFailure` naming its
reason, counted once and logged."""

from __future__ import annotations

import asyncio
import time

import pytest
import structlog

from ali.llm import FallbackReason, ModelClient, ModelFailure
from tests.llm.openai_stub import Behaviour, openai_stub
from tests.llm.support import Answer, client, fallbacks, model_settings
from tests.support.servers import free_port

QUESTION = [("user", "¿Cuánto cuesta el volante de empadronamiento?")]
VALID = '{"answer": "Es gratuito.", "complete": true}'
# Short budgets keep the suite fast; the defaults are 2 s and 8 s.
FAST = {"first_token_seconds": 0.5, "total_seconds": 1.5}


def _structured(made: ModelClient) -> tuple[Answer | ModelFailure, float]:
    started = time.monotonic()
    try:
        result: Answer | ModelFailure = asyncio.run(
            made.structured(QUESTION, Answer, made.budget())
        )
    except ModelFailure as failure:
        result = failure
    return result, time.monotonic() - started


def test_a_server_that_refuses_connections_is_unavailable_at_once() -> None:
    made, registry = client(model_settings(base_url=f"http://127.0.0.1:{free_port()}/v1", **FAST))
    with structlog.testing.capture_logs() as logs:
        result, seconds = _structured(made)
    assert isinstance(result, ModelFailure)
    assert result.reason is FallbackReason.UNAVAILABLE
    assert seconds < 1.0
    assert fallbacks(registry, "unavailable") == 1
    assert [log["reason"] for log in logs if log["event"] == "llm_fallback"] == ["unavailable"]


def test_a_server_slow_to_its_first_token_times_out_at_the_first_token_deadline() -> None:
    with openai_stub(Behaviour(replies=[VALID], first_token_delay=2.0)) as stub:
        made, registry = client(model_settings(base_url=stub.url, **FAST))
        result, seconds = _structured(made)
    assert isinstance(result, ModelFailure)
    assert result.reason is FallbackReason.FIRST_TOKEN_TIMEOUT
    assert 0.5 <= seconds < 1.2
    assert fallbacks(registry, "first_token_timeout") == 1


def test_a_stream_that_drips_times_out_at_the_turns_end() -> None:
    slow = Behaviour(replies=['{"answer": "Es gratuito y se pide", "complete": true}'])
    slow.chunk_delay = 0.4
    with openai_stub(slow) as stub:
        made, registry = client(model_settings(base_url=stub.url, **FAST))
        result, seconds = _structured(made)
    assert isinstance(result, ModelFailure)
    assert result.reason is FallbackReason.TOTAL_TIMEOUT
    assert 1.5 <= seconds < 2.5
    assert fallbacks(registry, "total_timeout") == 1


def test_garbage_twice_is_invalid_output_and_the_server_was_asked_twice() -> None:
    with openai_stub(Behaviour(replies=["Sure! It is a luxury product.", "{not json"])) as stub:
        made, registry = client(model_settings(base_url=stub.url, **FAST))
        result, _ = _structured(made)
    assert isinstance(result, ModelFailure)
    assert result.reason is FallbackReason.INVALID_OUTPUT
    assert len(stub.requests) == 2
    assert fallbacks(registry, "invalid_output") == 1


def test_a_body_that_is_not_a_stream_is_a_typed_failure() -> None:
    with openai_stub(Behaviour(raw_body=b"<html>Bad gateway</html>")) as stub:
        made, _ = client(model_settings(base_url=stub.url, **FAST))
        result, seconds = _structured(made)
    assert isinstance(result, ModelFailure)
    assert result.reason in {FallbackReason.INVALID_OUTPUT, FallbackReason.ERROR}
    assert seconds < 1.5


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (500, FallbackReason.UNAVAILABLE),
        (503, FallbackReason.UNAVAILABLE),
        (400, FallbackReason.REJECTED),
        (404, FallbackReason.REJECTED),
    ],
)
def test_an_http_error_is_unavailable_or_rejected(status: int, reason: FallbackReason) -> None:
    with openai_stub(Behaviour(status=status)) as stub:
        made, registry = client(model_settings(base_url=stub.url, **FAST))
        result, _ = _structured(made)
    assert isinstance(result, ModelFailure)
    assert result.reason is reason
    assert result.detail.endswith(str(status))
    assert fallbacks(registry, reason.value) == 1


def test_a_valid_reply_through_the_openai_client() -> None:
    with openai_stub(Behaviour(replies=[VALID])) as stub:
        made, registry = client(model_settings(base_url=stub.url, structured_output="json_object"))
        result, _ = _structured(made)
    assert result == Answer(answer="Es gratuito.", complete=True)
    request = stub.requests[0]
    assert request["stream"] is True
    schema = Answer.model_json_schema()
    assert request["response_format"] == {"type": "json_object", "schema": schema}
    assert request["max_completion_tokens"] == 512
    timed = registry.get_sample_value("ali_llm_first_token_seconds_count", {"council": "alicante"})
    assert timed == 1


def test_a_stream_cut_by_the_budget_has_given_its_first_sentences() -> None:
    slow = Behaviour(replies=["El volante es gratuito. Se pide en cualquier oficina de atención."])
    slow.chunk_delay = 0.25
    with openai_stub(slow) as stub:
        made, registry = client(model_settings(base_url=stub.url, **FAST))
        seen: list[str] = []

        async def read() -> None:
            async for sentence in made.sentences(QUESTION, made.budget()):
                seen.append(sentence)

        with pytest.raises(ModelFailure) as failure:
            asyncio.run(read())
    assert failure.value.reason is FallbackReason.TOTAL_TIMEOUT
    assert seen == ["El volante es gratuito."]
    assert fallbacks(registry, "total_timeout") == 1
