"""Structured output, the way the configured server supports it (`llm.structured_output`).

Each method binds the call options to the chat model and reads the reply into the pydantic
schema, or raises `InvalidReply` saying what was wrong (error types and places only: never
the reply's text, which may repeat the citizen's words):

- `json_schema`: the server constrains the reply to the schema (vLLM, OpenAI, Ollama);
- `json_object`: a JSON object with the schema beside it (llama.cpp's server);
- `tool_calling`: one tool whose arguments are the schema, which the model must call;
- `text`: no server support; the schema is in the prompt and the JSON is taken from the text.

Whatever the method, the prompt also describes the JSON (`instructions`): small models follow
it better, and a server that ignores an option still gets told."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from ali.llm.providers import Provider
from ali.settings import StructuredOutputMethod

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel, LanguageModelInput
    from langchain_core.messages import BaseMessage
    from langchain_core.runnables import Runnable

Role = Literal["system", "user", "assistant"]
Message = tuple[Role, str]

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


class InvalidReply(Exception):
    """The model's reply does not fit the schema (internal to ali.llm: a retry, or a fallback)."""


class OutputMethod(Protocol):
    def bind(
        self, model: BaseChatModel, provider: Provider, schema: type[BaseModel]
    ) -> Runnable[LanguageModelInput, BaseMessage]: ...

    def read(self, reply: BaseMessage, schema: type[T]) -> T: ...

    def instructions(self, schema: type[BaseModel]) -> str: ...


class JsonSchemaOutput:
    def bind(
        self, model: BaseChatModel, provider: Provider, schema: type[BaseModel]
    ) -> Runnable[LanguageModelInput, BaseMessage]:
        return model.bind(**provider.json_schema_options(schema.__name__, _schema(schema)))

    def read(self, reply: BaseMessage, schema: type[T]) -> T:
        return validated(schema, parse_json(reply.text))

    def instructions(self, schema: type[BaseModel]) -> str:
        return _json_instructions(schema)


class JsonObjectOutput(JsonSchemaOutput):
    def bind(
        self, model: BaseChatModel, provider: Provider, schema: type[BaseModel]
    ) -> Runnable[LanguageModelInput, BaseMessage]:
        return model.bind(**provider.json_object_options(_schema(schema)))


class TextOutput(JsonSchemaOutput):
    def bind(
        self, model: BaseChatModel, provider: Provider, schema: type[BaseModel]
    ) -> Runnable[LanguageModelInput, BaseMessage]:
        return model


class ToolCallingOutput:
    def bind(
        self, model: BaseChatModel, provider: Provider, schema: type[BaseModel]
    ) -> Runnable[LanguageModelInput, BaseMessage]:
        return model.bind_tools([schema], tool_choice=schema.__name__)

    def read(self, reply: BaseMessage, schema: type[T]) -> T:
        calls = getattr(reply, "tool_calls", None) or []
        named = [call for call in calls if call.get("name") == schema.__name__]
        if not named:
            raise InvalidReply(f"no call of the tool {schema.__name__}")
        return validated(schema, named[0].get("args"))

    def instructions(self, schema: type[BaseModel]) -> str:
        return f"Answer by calling the tool `{schema.__name__}` once, with every field it needs."


OUTPUT_METHODS: dict[StructuredOutputMethod, OutputMethod] = {
    "json_schema": JsonSchemaOutput(),
    "json_object": JsonObjectOutput(),
    "tool_calling": ToolCallingOutput(),
    "text": TextOutput(),
}


def with_instructions(messages: Sequence[Message], instructions: str) -> list[Message]:
    """`messages` with `instructions` at the end of the first system message (or as one)."""
    if messages and messages[0][0] == "system":
        return [("system", f"{messages[0][1]}\n\n{instructions}"), *messages[1:]]
    return [("system", instructions), *messages]


def parse_json(text: str) -> Any:
    """The JSON object in a reply: the whole text, or inside a ``` fence, or from its first
    `{` to its last `}` (small models add words around it)."""
    cleaned = _FENCE.sub("", text.strip())
    for candidate in (cleaned, _braced(cleaned)):
        if candidate is None:
            continue
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    raise InvalidReply("the reply is not a JSON object")


def validated(schema: type[T], data: Any) -> T:
    if not isinstance(data, dict):
        raise InvalidReply("the reply is not a JSON object")
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(root)'}: {error['type']}"
            for error in exc.errors()
        )
        raise InvalidReply(f"the JSON does not fit {schema.__name__}: {problems}") from None


def correction(problem: InvalidReply) -> str:
    """What the retry says after an invalid reply."""
    return f"That reply was not valid ({problem}). Reply again with the JSON object only."


def _schema(schema: type[BaseModel]) -> dict[str, Any]:
    return schema.model_json_schema()


def _json_instructions(schema: type[BaseModel]) -> str:
    return (
        "Reply with one JSON object only, no other text, following this JSON schema:\n"
        + json.dumps(_schema(schema), ensure_ascii=False)
    )


def _braced(text: str) -> str | None:
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else None
