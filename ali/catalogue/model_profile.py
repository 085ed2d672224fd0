"""`llm:` in council.yaml: the council's own choice of language model, over the deployment's
(`ALI_LLM__*`, ali.settings.LLMSettings). Every key is optional: what is left out is the
deployment's. No secrets here: a council's API key is `ALI_LLM__COUNCIL_API_KEYS`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ali.settings import LLMProvider, StructuredOutputMethod


class ModelProfile(BaseModel):
    """`provider: none` turns the model off for this council whatever the deployment says."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: LLMProvider | None = None
    base_url: str | None = None
    model: str | None = None
    structured_output: StructuredOutputMethod | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    first_token_seconds: float | None = Field(default=None, gt=0, le=60)
    total_seconds: float | None = Field(default=None, gt=0, le=300)
    # Words the council never wants in a model's reply (another council's name, a brand, a
    # slur): a sentence using one, accents and case aside, is not shown (ali.guardrails).
    forbidden_terms: list[str] = Field(default_factory=list, max_length=200)
