"""Settings of what ALI talks to and how it is reached: the councils' back offices and
connectors, rate limits, metrics and the language model (`ALI_CONNECTORS__*`,
`ALI_BACK_OFFICES`, `ALI_RATE_LIMITS__*`, `ALI_METRICS__*`, `ALI_LLM__*`)."""

from __future__ import annotations

from typing import Literal

import limits
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    SecretStr,
    field_validator,
    model_validator,
)


class ConnectorSettings(BaseModel):
    """How ALI calls councils' back offices, for every connector of the deployment.

    A call waits at most `connect_timeout_seconds` to connect and `read_timeout_seconds` for
    each read (a connector's own `timeout_seconds` and `retries`, when its council profile sets
    them, take their place), and gives up after `deadline_seconds` in all, retries included. At
    most `max_in_flight` calls to one back office run at once, `max_waiting` more wait at most
    `slot_wait_seconds` for a slot (anyone else: "busy, try again"), and all back offices
    together hold at most `max_threads` of the server's worker threads (it has 40), so
    informational answers never wait for a hung back office. An action still pending
    `reconcile_after_seconds` after it was claimed (ALI stopped mid-call) is looked up in the
    back office by its idempotency key.
    """

    connect_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    read_timeout_seconds: float = Field(default=8.0, gt=0, le=60)
    deadline_seconds: float = Field(default=12.0, gt=0, le=120)
    retries: int = Field(default=2, ge=0, le=5)
    backoff_seconds: float = Field(default=0.2, ge=0, le=10)
    max_in_flight: int = Field(default=8, ge=1, le=100)
    max_waiting: int = Field(default=8, ge=0, le=100)
    slot_wait_seconds: float = Field(default=1.0, ge=0, le=10)
    max_threads: int = Field(default=24, ge=1, le=1000)
    breaker_failures: int = Field(default=5, ge=1, le=100)
    breaker_reset_seconds: float = Field(default=30.0, gt=0, le=3600)
    reconcile_after_seconds: float = Field(default=30.0, gt=0, le=24 * 3600)

    @model_validator(mode="after")
    def _reconcile_after_the_deadline(self) -> ConnectorSettings:
        if self.reconcile_after_seconds <= self.deadline_seconds:
            raise ValueError("connectors.reconcile_after_seconds must exceed deadline_seconds")
        return self


class BackOfficeSettings(BaseModel):
    """Where one council's systems are (its profile names none of them): `url`, the back office
    its connectors call, or for a connector whose profile entry names a `system`, that system's
    address in `systems`; `issuer` and `jwks_url`, its identity provider (production: its
    Cl@ve/eIDAS broker). Its API key is in `Settings.connector_keys`.

    ALI_BACK_OFFICES='{"jaen": {"url": "https://backoffice.jaen.es", "issuer":
    "https://clave.jaen.es", "jwks_url": "https://clave.jaen.es/jwks.json"}}'"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: HttpUrl | None = None
    systems: dict[str, HttpUrl] = Field(default_factory=dict)
    issuer: str | None = None
    jwks_url: HttpUrl | None = None

    @classmethod
    def sandbox(cls, url: str) -> BackOfficeSettings:
        """A tenant of the sandbox back office at `url` (`…/t/<council>`): its systems and its
        demo identity provider."""
        url = url.rstrip("/")
        return cls.model_validate(
            {"url": url, "issuer": f"{url}/idp", "jwks_url": f"{url}/idp/jwks.json"}
        )


def rate_limit(text: str) -> str:
    """A rate in the `limits` package's notation ("30/minute", "500 per hour"), checked."""
    try:
        limits.parse(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a rate such as '30/minute'") from None
    return text


class RateLimitSettings(BaseModel):
    """How often one client may chat with a council (`POST …/chat` and `…/chat/stream`), in the
    `limits` package's notation ("30/minute", "500/hour"), in moving windows; a council's profile
    may set its own (`limits:` in council.yaml). A web client is counted by its address (see
    `trusted_proxies`), a kiosk by its id, a signed-in citizen by a keyed hash of their NIF (the
    NIF itself is never stored); at most `streams_per_client` of one client's `/chat/stream`
    replies are open at once (in each worker process). Counts are shared by every worker
    through Redis when `Settings.redis_url` is set (under `Settings.redis_key_prefix`), else kept
    in each process's memory."""

    enabled: bool = True
    per_ip: str = "60/minute"
    per_kiosk: str = "300/minute"  # one kiosk serves citizen after citizen
    per_citizen: str = "30/minute"
    streams_per_client: int = Field(default=2, ge=1, le=100)

    _rates = field_validator("per_ip", "per_kiosk", "per_citizen")(rate_limit)


class MetricsSettings(BaseModel):
    """`/metrics` (Prometheus's text format). Once a `token` is set, a scraper must send it as
    `Authorization: Bearer <token>`; in production it is served only with a token. `enabled`
    false: never served."""

    enabled: bool = True
    token: SecretStr | None = None

    def served(self, environment: str) -> bool:
        return self.enabled and (self.token is not None or environment != "production")


LLMProvider = Literal["none", "openai", "ollama"]
StructuredOutputMethod = Literal["json_schema", "json_object", "tool_calling", "text"]


class LLMSettings(BaseModel):
    """The language model a deployment may use (ali.llm; docs/llm.md). `none` (the default):
    no model, every reply is composed from the catalogue.

    - `openai`: any OpenAI-compatible server at `base_url` (vLLM, llama.cpp's server, LM Studio,
      a hosted API); `ollama`: an Ollama server at `base_url`.
    - `structured_output`: how the model is asked for JSON, as the server supports it:
      `json_schema` (response_format json_schema; Ollama's `format` schema), `json_object`
      (response_format json_object with a `schema`, what llama.cpp's server takes), `tool_calling`
      (one forced tool), `text` (the schema in the prompt, the JSON parsed from plain text).
    - The turn's budget: `first_token_seconds` until the first token of each call and
      `total_seconds` for the whole turn; past either the turn falls back to the catalogue.
    - After `breaker_failures` consecutive failed calls the model is not called for
      `breaker_reset_seconds` (then one trial call).
    - `council_api_keys`: the key for a council whose profile points at a server of its own
      (`llm.base_url` there); the deployment's `api_key` is only ever sent to its `base_url`.
    """

    provider: LLMProvider = "none"
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    council_api_keys: dict[str, SecretStr] = Field(default_factory=dict)
    structured_output: StructuredOutputMethod = "json_schema"
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_tokens: int = Field(default=512, ge=16, le=8192)
    first_token_seconds: float = Field(default=2.0, gt=0, le=60)
    total_seconds: float = Field(default=8.0, gt=0, le=300)
    breaker_failures: int = Field(default=3, ge=1, le=100)
    breaker_reset_seconds: float = Field(default=30.0, gt=0, le=3600)

    @model_validator(mode="after")
    def _a_model_to_call(self) -> LLMSettings:
        if self.provider != "none" and not self.model:
            raise ValueError(f"llm.model: name the model the {self.provider} server serves")
        if self.provider == "openai" and not self.base_url:
            raise ValueError("llm.base_url: the OpenAI-compatible server's URL (…/v1)")
        if self.first_token_seconds > self.total_seconds:
            raise ValueError("llm.first_token_seconds cannot exceed llm.total_seconds")
        return self
