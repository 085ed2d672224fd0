"""Settings of the sandbox back office: where its data lives, the address it is reached at, the
API key ALI's connectors must present, and which council's demo data it holds. A plain model
built by whoever starts the sandbox (`SandboxSettings.from_settings` derives one from ALI's own
`Settings`); `for_tenant` gives each council's tenant its own (`ali_sandbox.tenants`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from ali.settings import Settings

DEVELOPMENT_API_KEY = "sandbox-only-not-secret"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8001"
TENANT_PREFIX = "/t"


def development_api_key(council: str) -> str:
    """A tenant's API key when the settings give none (`make run` gives ALI the same)."""
    return f"sandbox-{council}-not-secret"


class SandboxSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Path("data/sandbox")
    public_url: str = Field(
        default=DEFAULT_PUBLIC_URL,
        description="Where the sandbox is reached; used in links, the IdP issuer and on the PDF.",
    )
    api_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_API_KEY),
        description="What ALI's connectors must send as `X-Api-Key` to issue certificates.",
    )
    environment: str = "development"
    council: str = Field(
        default="alicante",
        pattern=r"^[a-z0-9-]+$",
        description="Whose demo data this sandbox holds (ali_sandbox.demo_councils).",
    )
    tenant_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="The API key of each council's tenant (ALI's `connector_keys`); a tenant "
        "not listed gets its development key.",
    )
    answer_delays: dict[str, float] = Field(
        default_factory=dict,
        description="TESTS ONLY: seconds a write waits, once done, before it is answered, by "
        "endpoint (`padron.certificates`, `registro.entries`, `citas.bookings`, "
        "`citas.cancellations`, `open311.requests`, `tributos.payments`, "
        "`tributos.direct-debits`), so a test can stop ALI while the answer is on its way.",
    )

    @field_validator("public_url")
    @classmethod
    def _http_url_without_trailing_slash(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("public_url must be an http(s) address")
        return value

    @field_validator("api_key")
    @classmethod
    def _non_empty_api_key(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("api_key must not be empty")
        return value

    @field_validator("answer_delays")
    @classmethod
    def _short_delays(cls, value: dict[str, float]) -> dict[str, float]:
        if any(not 0 <= seconds <= 120 for seconds in value.values()):
            raise ValueError("answer delays must be between 0 and 120 seconds")
        return value

    def answer_delay(self, endpoint: str) -> float:
        return self.answer_delays.get(endpoint, 0.0)

    @property
    def is_production(self) -> bool:
        return self.environment.strip().lower() == "production"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "sandbox.db"

    @property
    def seal_dir(self) -> Path:
        return self.data_dir / "seal"

    @property
    def idp_dir(self) -> Path:
        return self.data_dir / "idp"

    @property
    def gateway_dir(self) -> Path:
        return self.data_dir / "gateway"

    @property
    def issuer(self) -> str:
        return f"{self.public_url}/idp"

    def for_tenant(self, council: str) -> SandboxSettings:
        """The settings of council's tenant, served under `<public_url>/t/<council>`: its own
        data directory (database, identity provider key, seal), address and API key."""
        key = self.tenant_keys.get(council) or SecretStr(development_api_key(council))
        return self.model_copy(
            update={
                "council": council,
                "data_dir": self.data_dir / "tenants" / council,
                "public_url": f"{self.public_url}{TENANT_PREFIX}/{council}",
                "api_key": key,
                "tenant_keys": {},
            }
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> SandboxSettings:
        """The sandbox next to an ALI deployment: `<data_dir>/sandbox`, same environment, its
        tenants keyed with ALI's connector keys."""
        return cls(
            data_dir=settings.data_dir / "sandbox",
            environment=settings.environment,
            tenant_keys=settings.connector_keys,
        )
