"""Shared makings of the model layer's tests: settings, a client over a fake or a stub server,
and the fallback counter's value."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry
from pydantic import BaseModel

from ali.llm import ModelClient
from ali.llm.metrics import ModelMetrics
from ali.settings import LLMSettings


class Answer(BaseModel):
    """The schema the tests ask for."""

    answer: str
    complete: bool


def model_settings(**overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {
        "provider": "openai",
        "base_url": "http://127.0.0.1:9/v1",
        "model": "stub",
    }
    return LLMSettings(**(values | overrides))


def client(config: LLMSettings, **kwargs: Any) -> tuple[ModelClient, CollectorRegistry]:
    registry = CollectorRegistry()
    made = ModelClient(config, "alicante", metrics=ModelMetrics(registry), **kwargs)
    return made, registry


def fallbacks(registry: CollectorRegistry, reason: str) -> float:
    value = registry.get_sample_value(
        "ali_llm_fallbacks_total", {"council": "alicante", "reason": reason}
    )
    return value or 0.0
