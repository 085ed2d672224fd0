"""ModelClient over LangChain's fake chat model: each structured output method sends what its
server needs and reads the reply into the schema; an invalid reply is retried once, then is a
typed failure, counted; the breaker stops calls after repeated failures."""

from __future__ import annotations

import asyncio
import json

import pytest
from langchain_core.messages import AIMessage

from ali.llm import FallbackReason, ModelFailure
from ali.llm.client import converted
from ali.settings import StructuredOutputMethod
from tests.llm.fakes import fake_model
from tests.llm.support import Answer, client, fallbacks, model_settings

QUESTION = [("system", "You answer from the council's catalogue."), ("user", "¿Cuánto cuesta?")]
VALID = '{"answer": "Es gratuito.", "complete": true}'


def _ask(method: StructuredOutputMethod, *replies: AIMessage | str) -> tuple[Answer, list]:
    model = fake_model(*replies)
    made, _ = client(model_settings(structured_output=method), chat_model=model)
    result = asyncio.run(made.structured(QUESTION, Answer, made.budget()))
    return result, model.calls


def test_two_invalid_replies_are_a_typed_failure_counted_once() -> None:
    model = fake_model("Claro, es un producto de lujo.", '{"answer": 3}')
    made, registry = client(model_settings(), chat_model=model)
    with pytest.raises(ModelFailure) as failure:
        asyncio.run(made.structured(QUESTION, Answer, made.budget()))
    assert failure.value.reason is FallbackReason.INVALID_OUTPUT
    # What failed is named by field and error type, never by the reply's words.
    assert "answer: string_type" in failure.value.detail
    assert "lujo" not in failure.value.detail
    assert len(model.calls) == 2
    assert fallbacks(registry, "invalid_output") == 1


def test_an_invalid_reply_is_asked_for_again_once_with_what_was_wrong() -> None:
    result, calls = _ask("json_schema", '{"answer": "Gratis"}', VALID)
    assert result == Answer(answer="Es gratuito.", complete=True)
    retry = calls[1]["messages"]
    assert retry[-2].content.startswith('{"answer": "Gratis"}')
    assert "complete: missing" in retry[-1].content


def test_json_schema_sends_the_schema_as_response_format() -> None:
    result, calls = _ask("json_schema", VALID)
    assert result.complete is True
    response_format = calls[0]["extra_body"]["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "Answer"
    assert response_format["json_schema"]["schema"] == Answer.model_json_schema()


def test_json_object_sends_the_schema_beside_it_as_llama_cpp_takes_it() -> None:
    result, calls = _ask("json_object", "```json\n" + VALID + "\n```")
    assert result.answer == "Es gratuito."
    assert calls[0]["extra_body"]["response_format"] == {
        "type": "json_object",
        "schema": Answer.model_json_schema(),
    }


def test_tool_calling_forces_the_schema_tool_and_reads_its_arguments() -> None:
    call = {"name": "Answer", "args": {"answer": "Es gratuito.", "complete": False}, "id": "1"}
    result, calls = _ask("tool_calling", AIMessage(content="", tool_calls=[call]))
    assert result == Answer(answer="Es gratuito.", complete=False)
    assert calls[0]["tool_choice"] == "Answer"
    assert calls[0]["tools"][0]["function"]["name"] == "Answer"


def test_tool_calling_without_the_call_is_invalid() -> None:
    model = fake_model("No tool today.", "Nor now.")
    made, _ = client(model_settings(structured_output="tool_calling"), chat_model=model)
    with pytest.raises(ModelFailure, match="no call of the tool Answer"):
        asyncio.run(made.structured(QUESTION, Answer, made.budget()))


def test_text_takes_the_json_out_of_the_words_around_it() -> None:
    result, calls = _ask("text", f"Here you are: {VALID} Hope it helps.")
    assert result.answer == "Es gratuito."
    assert "extra_body" not in calls[0]


@pytest.mark.parametrize("method", ["json_schema", "json_object", "text"])
def test_the_prompt_describes_the_json_in_the_system_message(
    method: StructuredOutputMethod,
) -> None:
    _, calls = _ask(method, VALID)
    system = calls[0]["messages"][0]
    assert system.type == "system"
    assert system.content.startswith("You answer from the council's catalogue.")
    assert json.dumps(Answer.model_json_schema(), ensure_ascii=False) in system.content
    assert len([m for m in calls[0]["messages"] if m.type == "system"]) == 1


def test_the_breaker_opens_after_repeated_failures_and_lets_a_trial_through_later() -> None:
    now = [100.0]
    model = fake_model(*(["garbage"] * 4), VALID)
    config = model_settings(breaker_failures=2, breaker_reset_seconds=30)
    made, registry = client(config, chat_model=model, clock=lambda: now[0])
    for _ in range(2):
        with pytest.raises(ModelFailure):
            asyncio.run(made.structured(QUESTION, Answer, made.budget()))
    assert made.breaker.state == "open"
    with pytest.raises(ModelFailure) as failure:
        asyncio.run(made.structured(QUESTION, Answer, made.budget()))
    assert failure.value.reason is FallbackReason.CIRCUIT_OPEN
    assert len(model.calls) == 4  # the open circuit did not call the model
    assert fallbacks(registry, "circuit_open") == 1
    now[0] += 31
    assert asyncio.run(made.structured(QUESTION, Answer, made.budget())).complete is True
    assert made.breaker.state == "closed"


def test_tokens_stream_and_sentences_come_whole() -> None:
    reply = "El volante es gratuito. Se pide en la Pza. del Ayuntamiento. Gracias"
    model = fake_model(reply, reply)
    made, _ = client(model_settings(), chat_model=model)

    async def collect() -> tuple[list[str], list[str]]:
        tokens = [token async for token in made.tokens(QUESTION, made.budget())]
        return tokens, [sentence async for sentence in made.sentences(QUESTION, made.budget())]

    tokens, sentences = asyncio.run(collect())
    assert len(tokens) == len(reply.split(" "))
    assert "".join(tokens).strip() == reply
    assert sentences == [
        "El volante es gratuito.",
        "Se pide en la Pza. del Ayuntamiento.",
        "Gracias",
    ]


class TimeoutException(Exception):
    """Named as httpx's and httpx2's are (openai's client raises httpx2's)."""


class APIStatusError(Exception):
    def __init__(self, status_code: int) -> None:
        super().__init__("Error code: 422 - the request quoted back: ¿Cuánto cuesta?")
        self.status_code = status_code


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (ConnectionRefusedError(), FallbackReason.UNAVAILABLE),
        (TimeoutException(), FallbackReason.TOTAL_TIMEOUT),
        (APIStatusError(503), FallbackReason.UNAVAILABLE),
        (APIStatusError(422), FallbackReason.REJECTED),
        (ValueError("odd"), FallbackReason.ERROR),
    ],
)
def test_provider_exceptions_become_reasons_by_kind_never_by_message(
    exc: Exception, reason: FallbackReason
) -> None:
    wrapped = RuntimeError("wrapper")
    wrapped.__cause__ = exc
    failure = converted(wrapped)
    assert failure.reason is reason
    assert "Cuánto" not in failure.detail
