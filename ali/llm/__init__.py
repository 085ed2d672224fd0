"""The language model layer (issue 13; docs/llm.md): providers through LangChain chat models,
structured output validated with pydantic, a per-turn budget, a circuit breaker, fallback
reasons counted and logged, and token streaming by whole sentences.

With `llm.provider: none` (the default) nothing here is built. Not yet wired into the chat
pipeline: the steps that rephrase and compose with the model come next."""

from ali.llm.budget import TurnBudget
from ali.llm.client import ModelClient
from ali.llm.config import council_model_settings
from ali.llm.failures import FallbackReason, ModelConfigurationError, ModelFailure
from ali.llm.sentences import SentenceBuffer

__all__ = [
    "FallbackReason",
    "ModelClient",
    "ModelConfigurationError",
    "ModelFailure",
    "SentenceBuffer",
    "TurnBudget",
    "council_model_settings",
]
