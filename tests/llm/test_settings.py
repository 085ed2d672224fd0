"""The `llm` settings (ALI_LLM__*) and a council's `llm:` block over them."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from ali.catalogue.model_profile import ModelProfile
from ali.llm import council_model_settings
from ali.settings import LLMSettings, Settings
from tests.llm.support import model_settings


def test_a_model_provider_needs_a_model_and_an_openai_one_a_server() -> None:
    with pytest.raises(ValidationError, match=r"llm\.model"):
        LLMSettings(provider="ollama")
    with pytest.raises(ValidationError, match=r"llm\.base_url"):
        LLMSettings(provider="openai", model="m")
    with pytest.raises(ValidationError, match="first_token_seconds cannot exceed"):
        model_settings(first_token_seconds=9, total_seconds=8)
    with pytest.raises(ValidationError):
        model_settings(structured_output="xml")


def test_the_default_is_no_model_with_a_two_and_eight_second_budget() -> None:
    llm = Settings(_env_file=None).llm  # type: ignore[call-arg]
    assert llm.provider == "none"
    assert (llm.first_token_seconds, llm.total_seconds) == (2.0, 8.0)


def test_the_environment_configures_it_and_the_key_stays_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALI_LLM__PROVIDER", "openai")
    monkeypatch.setenv("ALI_LLM__BASE_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("ALI_LLM__MODEL", "smollm2")
    monkeypatch.setenv("ALI_LLM__API_KEY", "sk-very-secret")
    monkeypatch.setenv("ALI_LLM__STRUCTURED_OUTPUT", "json_object")
    llm = Settings(_env_file=None).llm  # type: ignore[call-arg]
    assert (llm.provider, llm.model, llm.structured_output) == ("openai", "smollm2", "json_object")
    assert llm.api_key is not None and llm.api_key.get_secret_value() == "sk-very-secret"
    assert "sk-very-secret" not in repr(llm)


def test_a_council_profile_holds_no_secret() -> None:
    with pytest.raises(ValidationError, match="api_key"):
        ModelProfile.model_validate({"model": "m", "api_key": "sk-in-a-yaml-file"})


def test_without_a_block_the_council_uses_the_deployments_model() -> None:
    deployment = model_settings(api_key=SecretStr("k"))
    assert council_model_settings(deployment, "alicante", None) is deployment


def test_a_council_changes_the_model_on_the_deployments_server_with_its_key() -> None:
    deployment = model_settings(api_key=SecretStr("deployment-key"))
    profile = ModelProfile(model="other", structured_output="json_object", total_seconds=5)
    merged = council_model_settings(deployment, "alicante", profile)
    assert (merged.model, merged.structured_output, merged.total_seconds) == (
        "other",
        "json_object",
        5,
    )
    assert merged.base_url == deployment.base_url
    assert merged.api_key is not None and merged.api_key.get_secret_value() == "deployment-key"


def test_the_deployments_key_never_goes_to_a_councils_own_server() -> None:
    deployment = model_settings(
        api_key=SecretStr("deployment-key"),
        council_api_keys={"elche": SecretStr("elche-key")},
    )
    own = ModelProfile(base_url="http://10.0.0.9:8000/v1")
    assert council_model_settings(deployment, "alicante", own).api_key is None
    elche = council_model_settings(deployment, "elche", own).api_key
    assert elche is not None and elche.get_secret_value() == "elche-key"


def test_a_council_turns_the_model_off_but_cannot_half_turn_one_on() -> None:
    off = council_model_settings(model_settings(), "alicante", ModelProfile(provider="none"))
    assert off.provider == "none"
    none = LLMSettings()
    assert council_model_settings(none, "alicante", ModelProfile(model="m")).provider == "none"
    with pytest.raises(ValidationError, match=r"llm\.base_url"):
        council_model_settings(none, "alicante", ModelProfile(provider="openai", model="m"))
    ollama = council_model_settings(
        none, "alicante", ModelProfile(provider="ollama", model="qwen", base_url="http://o:11434")
    )
    assert (ollama.provider, ollama.model) == ("ollama", "qwen")
