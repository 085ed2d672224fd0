"""The provider registry builds LangChain chat models from the settings, lazily imported."""

from __future__ import annotations

import sys

import pytest
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from ali.llm import ModelClient, ModelConfigurationError
from ali.llm.providers import PROVIDERS, provider_for
from ali.settings import LLMSettings
from tests.llm.support import model_settings


def test_no_provider_builds_nothing() -> None:
    with pytest.raises(ModelConfigurationError, match="none"):
        ModelClient(LLMSettings(), "alicante")


def test_a_missing_package_is_a_configuration_error_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "langchain_openai", None)
    with pytest.raises(ModelConfigurationError, match=r"pip install 'ali-assistant\[llm\]'"):
        ModelClient(model_settings(), "alicante")


def test_openai_builds_chat_openai_without_retries_within_the_budget() -> None:
    config = model_settings(api_key=SecretStr("sk-x"), temperature=0.2, total_seconds=6)
    model = provider_for(config).chat_model(config)
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.model_name == "stub"
    assert model.max_retries == 0
    assert model.request_timeout == 6
    assert model.temperature == 0.2
    assert model.openai_api_key is not None
    assert model.openai_api_key.get_secret_value() == "sk-x"


def test_ollama_builds_chat_ollama_and_asks_for_json_its_way() -> None:
    config = LLMSettings(provider="ollama", model="qwen2.5", base_url="http://127.0.0.1:11434")
    provider = provider_for(config)
    model = provider.chat_model(config)
    assert isinstance(model, ChatOllama)
    assert (model.model, model.base_url, model.num_predict) == ("qwen2.5", config.base_url, 512)
    assert provider.json_schema_options("A", {"type": "object"}) == {"format": {"type": "object"}}
    assert provider.json_object_options({"type": "object"}) == {"format": "json"}


def test_the_registry_names_the_providers_the_settings_allow() -> None:
    assert set(PROVIDERS) == {"openai", "ollama"}
