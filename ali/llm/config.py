"""The model settings one council's turns use: the deployment's (`ALI_LLM__*`) with the
council profile's `llm:` block over them.

The deployment's API key goes only to the deployment's server: a council that names a server
of its own (`base_url` or `provider`) gets `llm.council_api_keys[<council id>]`, or no key."""

from __future__ import annotations

from ali.catalogue.model_profile import ModelProfile
from ali.settings import LLMSettings


def council_model_settings(
    deployment: LLMSettings, council_id: str, profile: ModelProfile | None
) -> LLMSettings:
    if profile is None:
        return deployment
    chosen = profile.model_dump(exclude_none=True, exclude={"forbidden_terms"})  # not a setting
    merged = deployment.model_dump() | chosen
    if profile.provider == "none":
        return LLMSettings(provider="none")
    own_server = any(
        key in chosen and chosen[key] != getattr(deployment, key)
        for key in ("provider", "base_url")
    )
    if own_server:
        merged["api_key"] = deployment.council_api_keys.get(council_id)
    if deployment.provider == "none" and profile.provider is None:
        # The deployment has no model: a council cannot half-configure one.
        return deployment
    # Validated again: a council's choice must make a complete, consistent configuration.
    return LLMSettings.model_validate(merged)
