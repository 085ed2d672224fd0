"""LangChain's fake chat model, extended to support structured output: every call's options
(`response_format` in `extra_body`, `format`, `tools`) are recorded in `calls`, `bind_tools`
works, and a reply with `tool_calls` streams as tool-call chunks, as a real model's does."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field


class FakeStructuredChatModel(GenericFakeChatModel):
    calls: list[dict[str, Any]] = Field(default_factory=list)

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        self.calls.append({"messages": messages, **kwargs})
        message = next(self.messages)
        reply = AIMessage(content=message) if isinstance(message, str) else message
        if reply.tool_calls:
            chunks = [
                {"name": call["name"], "args": json.dumps(call["args"]), "id": call["id"]}
                | {"index": index}
                for index, call in enumerate(reply.tool_calls)
            ]
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=chunks))
            return
        for word in str(reply.content).split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=f"{word} "))


def fake_model(*replies: AIMessage | str) -> FakeStructuredChatModel:
    return FakeStructuredChatModel(messages=iter(replies))
