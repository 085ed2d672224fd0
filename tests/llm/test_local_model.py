"""ali.llm against a real model: SmolLM2-135M served by llama.cpp's server on loopback
(tests/llm/conftest.py). The model is tiny and invents freely; what is tested is the path:
structured output the server enforces, the method it refuses, and real token streaming."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterator
from typing import Any, Literal, TypeVar

import pytest
from pydantic import BaseModel

from ali.llm import FallbackReason, ModelClient, ModelFailure
from tests.llm.conftest import MODEL_NAME
from tests.llm.support import client, model_settings

pytestmark = pytest.mark.model

CONTEXT = (
    "Passage [1]: El volante de empadronamiento se pide en la sede electrónica o en las "
    "oficinas de atención ciudadana. Es gratuito."
)
QUESTION = [
    ("system", f"Answer the citizen from these passages only.\n{CONTEXT}"),
    ("user", "¿Cuánto cuesta el volante de empadronamiento?"),
]
# A loaded two-core machine is slower than the deployment budget (2 s / 8 s) now and then.
ROOMY = {"first_token_seconds": 20, "total_seconds": 60}


T = TypeVar("T")


@pytest.fixture(scope="module")
def run() -> Iterator[Any]:
    """One event loop for the module, as a server has: langchain-openai keeps one async HTTP
    client per server for the process, whose connections belong to the loop that opened them."""
    with asyncio.Runner() as runner:

        def run_(coroutine: Coroutine[Any, Any, T]) -> T:
            return runner.run(coroutine)

        yield run_


class CatalogueAnswer(BaseModel):
    answer: str
    completeness: Literal["full", "partial", "none"]


def _client(url: str, **overrides: Any) -> ModelClient:
    made, _ = client(model_settings(base_url=url, model=MODEL_NAME, max_tokens=96, **overrides))
    return made


def test_json_object_with_the_schema_gives_a_validated_object(
    local_model_server: str, run: Any
) -> None:
    made = _client(local_model_server, structured_output="json_object", **ROOMY)
    started = time.monotonic()
    result = run(made.structured(QUESTION, CatalogueAnswer, made.budget()))
    assert isinstance(result, CatalogueAnswer)  # the server's grammar holds it to the schema
    assert result.completeness in {"full", "partial", "none"}
    assert time.monotonic() - started < ROOMY["total_seconds"]


def test_within_the_deployment_budget_the_reply_is_an_object_or_a_typed_failure(
    local_model_server: str, run: Any
) -> None:
    made = _client(local_model_server, structured_output="json_object")
    started = time.monotonic()
    try:
        result: CatalogueAnswer | ModelFailure = run(
            made.structured(QUESTION, CatalogueAnswer, made.budget())
        )
    except ModelFailure as failure:
        result = failure
    seconds = time.monotonic() - started
    assert seconds < 8 + 0.5
    if isinstance(result, ModelFailure):
        timeouts = {FallbackReason.FIRST_TOKEN_TIMEOUT, FallbackReason.TOTAL_TIMEOUT}
        assert result.reason in timeouts | {FallbackReason.INVALID_OUTPUT}
    else:
        assert isinstance(result, CatalogueAnswer)


def test_llama_cpp_refuses_json_schema(local_model_server: str, run: Any) -> None:
    made = _client(local_model_server, structured_output="json_schema", **ROOMY)
    with pytest.raises(ModelFailure) as failure:
        run(made.structured(QUESTION, CatalogueAnswer, made.budget()))
    # llama-cpp-python's server answers its own validation error with HTTP 500.
    assert failure.value.reason is FallbackReason.UNAVAILABLE
    assert failure.value.detail.endswith("500")


def test_tokens_stream_from_the_model_and_come_out_as_sentences(
    local_model_server: str, run: Any
) -> None:
    made = _client(local_model_server, **ROOMY)

    async def read() -> tuple[list[str], float | None, list[str]]:
        budget = made.budget()
        tokens: list[str] = []
        first: float | None = None
        async for token in made.tokens(QUESTION, budget):
            first = budget.elapsed() if first is None else first
            tokens.append(token)
        return tokens, first, [s async for s in made.sentences(QUESTION, made.budget())]

    tokens, first_token_seconds, sentences = run(read())
    assert len(tokens) > 3  # streamed in pieces, not one composed body
    assert first_token_seconds is not None and first_token_seconds < ROOMY["first_token_seconds"]
    assert sentences and all(sentence == sentence.strip() for sentence in sentences)
