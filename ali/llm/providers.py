"""How each provider's LangChain chat model is built, and how it is asked for JSON.

An explicit registry keyed by `llm.provider`: `openai` (langchain-openai's ChatOpenAI, for any
OpenAI-compatible server) and `ollama` (langchain-ollama's ChatOllama). Both packages are the
`llm` extra and are imported only when a model is built, so ALI runs without them while the
provider is `none`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ali.llm.failures import ModelConfigurationError
from ali.settings import LLMSettings

if TYPE_CHECKING:  # langchain is the `llm` extra: imported only where a model is built
    from langchain_core.language_models import BaseChatModel

JsonSchema = dict[str, Any]

# What an OpenAI-compatible server on loopback is sent when no key is set (ChatOpenAI needs one).
_NO_KEY = "no-key"  # not a secret: the placeholder for servers that take none


class Provider(Protocol):
    def chat_model(self, config: LLMSettings) -> BaseChatModel:
        """A chat model with `config`'s server, model, sampling and timeouts; no retries (the
        client retries invalid output once, within the turn's budget)."""
        ...

    def json_schema_options(self, name: str, schema: JsonSchema) -> dict[str, Any]:
        """Call options that constrain the reply to `schema` (`structured_output: json_schema`)."""
        ...

    def json_object_options(self, schema: JsonSchema) -> dict[str, Any]:
        """Call options asking for a JSON object following `schema` (`json_object`)."""
        ...


class OpenAICompatible:
    """Any server speaking OpenAI's chat completions. The JSON options go in the request body
    as they are (`extra_body`): `json_object` carries the `schema` too, which llama.cpp's server
    enforces (it refuses `json_schema`); vLLM and OpenAI take `json_schema`."""

    def chat_model(self, config: LLMSettings) -> BaseChatModel:
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise ModelConfigurationError(_missing("langchain-openai")) from exc
        key = config.api_key.get_secret_value() if config.api_key else _NO_KEY
        return ChatOpenAI(
            model=config.model or "",
            base_url=config.base_url,
            api_key=key,
            temperature=config.temperature,
            max_completion_tokens=config.max_tokens,
            timeout=config.total_seconds,
            max_retries=0,
        )

    def json_schema_options(self, name: str, schema: JsonSchema) -> dict[str, Any]:
        format_ = {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}
        return {"extra_body": {"response_format": format_}}

    def json_object_options(self, schema: JsonSchema) -> dict[str, Any]:
        return {"extra_body": {"response_format": {"type": "json_object", "schema": schema}}}


class Ollama:
    """An Ollama server: its `format` takes a JSON schema, or "json" for any JSON object."""

    def chat_model(self, config: LLMSettings) -> BaseChatModel:
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise ModelConfigurationError(_missing("langchain-ollama")) from exc
        headers = (
            {"Authorization": f"Bearer {config.api_key.get_secret_value()}"}
            if config.api_key
            else {}
        )
        return ChatOllama(
            model=config.model or "",
            base_url=config.base_url,
            temperature=config.temperature,
            num_predict=config.max_tokens,
            client_kwargs={"timeout": config.total_seconds, "headers": headers},
        )

    def json_schema_options(self, name: str, schema: JsonSchema) -> dict[str, Any]:
        return {"format": schema}

    def json_object_options(self, schema: JsonSchema) -> dict[str, Any]:
        return {"format": "json"}


PROVIDERS: dict[str, Provider] = {"openai": OpenAICompatible(), "ollama": Ollama()}


def provider_for(config: LLMSettings) -> Provider:
    if config.provider == "none":
        raise ModelConfigurationError("llm.provider is none: there is no model to call")
    try:
        return PROVIDERS[config.provider]
    except KeyError:
        raise ModelConfigurationError(f"unknown llm.provider {config.provider!r}") from None


def _missing(package: str) -> str:
    return f"{package} is not installed: pip install 'ali-assistant[llm]'"
