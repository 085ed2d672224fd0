"""The one `Settings` of ALI, read from init arguments, `ALI_*` environment variables and `.env`.

Nested values use `__`: `ALI_EMBEDDER__BACKEND=sentence-transformers`,
`ALI_EMBEDDER__MODEL=/models/my-model`. Nothing else in the package reads the environment.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from pydantic import (
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from ali.settings.production import (
    MIN_SECRET_KEY_CHARS,
    PLACEHOLDER_MARKERS,
    PUBLISHED_ADMIN_HASHES,
    production_refusals,
)
from ali.settings.search import (
    EmbedderBackend,
    EmbedderSettings,
    IntentSettings,
    RetrievalSettings,
)
from ali.settings.services import (
    BackOfficeSettings,
    ConnectorSettings,
    LLMProvider,
    LLMSettings,
    MetricsSettings,
    RateLimitSettings,
    StructuredOutputMethod,
    rate_limit,
)
from ali.settings.storage import (
    PUBLISHED_KIOSK_KEYS,
    AdminSettings,
    AttachmentSettings,
    ConversationSettings,
    CouncilAdminSettings,
    DatabaseSettings,
    IdentitySettings,
)

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PACKAGE_ROOT.parent / "knowledge"

DEVELOPMENT_SECRET = "development-only-not-secret"  # noqa: S105 - refused in production

__all__ = [
    "DEFAULT_KNOWLEDGE_DIR",
    "DEVELOPMENT_SECRET",
    "MIN_SECRET_KEY_CHARS",
    "PACKAGE_ROOT",
    "PLACEHOLDER_MARKERS",
    "PUBLISHED_ADMIN_HASHES",
    "PUBLISHED_KIOSK_KEYS",
    "AdminSettings",
    "AttachmentSettings",
    "BackOfficeSettings",
    "ConnectorSettings",
    "ConversationSettings",
    "CouncilAdminSettings",
    "DatabaseSettings",
    "EmbedderBackend",
    "EmbedderSettings",
    "IdentitySettings",
    "IntentSettings",
    "LLMProvider",
    "LLMSettings",
    "MetricsSettings",
    "RateLimitSettings",
    "RetrievalSettings",
    "Settings",
    "StructuredOutputMethod",
    "production_refusals",
    "rate_limit",
    "removed_variables",
]

# Variables an earlier version read and this one ignores (pydantic-settings drops unknown ones
# silently), with what replaced each: a deployment still setting one is told at start-up.
REMOVED_VARIABLES: dict[str, str] = {
    "ALI_RATE_LIMITS__KEY_PREFIX": "ALI_REDIS_KEY_PREFIX (one prefix for all shared Redis keys)",
}


def removed_variables(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> list[tuple[str, str]]:
    """The removed variables set in `environ` (the process's) or in `env_file` (the `.env` that
    `Settings` reads too), each with what replaced it."""
    found = dict(os.environ if environ is None else environ)
    if env_file is not None and env_file.is_file():
        found |= {name: value or "" for name, value in dotenv_values(env_file).items()}
    return [(name, instead) for name, instead in REMOVED_VARIABLES.items() if name in found]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ALI_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    environment: Literal["development", "test", "production"] = "development"
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    data_dir: Path = Path("data")
    councils: list[str] | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    max_message_chars: int = Field(default=2000, ge=1)
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    # API keys for councils' back offices, by council id: ALI_CONNECTOR_KEYS='{"alicante": "..."}'
    connector_keys: dict[str, SecretStr] = Field(default_factory=dict)
    # Where each council's back office and identity provider are, by council id (a profile
    # names no address): ALI_BACK_OFFICES='{"alicante": {"url": "...", "issuer": "...",
    # "jwks_url": "..."}}' (BackOfficeSettings). Outside production, a council not listed uses
    # its own tenant of the sandbox back office at `sandbox_back_office` (`<it>/t/<council>`);
    # None: every council must be listed.
    back_offices: dict[str, BackOfficeSettings] = Field(default_factory=dict)
    sandbox_back_office: str | None = "http://127.0.0.1:8001"
    log_level: str = "INFO"
    log_format: Literal["console", "json"] = "console"
    embedder: EmbedderSettings = EmbedderSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    intents: IntentSettings = IntentSettings()
    database: DatabaseSettings = DatabaseSettings()
    conversations: ConversationSettings = ConversationSettings()
    attachments: AttachmentSettings = AttachmentSettings()
    admin: AdminSettings = AdminSettings()
    identity: IdentitySettings = IdentitySettings()
    connectors: ConnectorSettings = ConnectorSettings()
    # A language model (ali.llm, docs/llm.md); `none` by default. ALI_LLM__PROVIDER=openai
    llm: LLMSettings = LLMSettings()
    # Web origins (the council's website) allowed to call the API from the embedded widget.
    cors_origins: list[str] = Field(default_factory=list)
    # The try-out pages (/demo/, a mock council website with the widget, and /kiosk/, a kiosk
    # screen with a simulated DNIe reader) and the sandbox back office they sign in against.
    # Off unless enabled (`make run` does: ALI_TRY_OUT_PAGES=true); refused in production.
    try_out_pages: bool = False
    sandbox_url: str | None = None
    # Reverse proxies (IP addresses or CIDR networks) whose X-Forwarded-For is believed, for
    # `ali serve` and the admin sign-in throttle. Empty: nobody's, not even 127.0.0.1's.
    # ALI_TRUSTED_PROXIES='["10.0.0.5", "10.1.0.0/16"]'
    trusted_proxies: list[str] = Field(default_factory=list)
    # Interface texts (ali.i18n): extra gettext locale directories, searched before the
    # package's ali/locale (a new locale is a <dir>/<locale>/LC_MESSAGES/ali.po dropped there),
    # and the language a missing text falls back to before the English source.
    # ALI_LOCALE_DIRS='["/srv/ali/locale"]'
    locale_dirs: list[Path] = Field(default_factory=list)
    fallback_language: str = "es"
    # Languages (ali.language): extra folders of language packs, `<code>.yaml` each, installed
    # next to the built-in es, va and en; a council offers those its profile's `languages` name.
    # ALI_LANGUAGE_PACK_DIRS='["/srv/ali/languages"]'
    language_pack_dirs: list[Path] = Field(default_factory=list)
    # Redis, for what the workers of a deployment share (rate-limit counts), e.g.
    # ALI_REDIS_URL=redis://redis:6379/0. None: each process counts in its own memory.
    redis_url: SecretStr | None = None
    # What the workers share (rate-limit counts, forms' sealed personal values, conversation locks,
    # admin sign-outs) is kept under keys `<redis_key_prefix>:…` (docs/deployment.md, "Several
    # workers").
    redis_key_prefix: str = Field(default="ali", pattern=r"^[A-Za-z0-9:_-]{1,64}$")
    rate_limits: RateLimitSettings = RateLimitSettings()
    metrics: MetricsSettings = MetricsSettings()
    # prometheus-client's multiprocess mode (several worker processes): the directory every
    # worker writes its metrics to. prometheus-client reads the variable itself when imported;
    # /metrics then sums the files there.
    prometheus_multiproc_dir: Path | None = Field(
        default=None, validation_alias="PROMETHEUS_MULTIPROC_DIR"
    )

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, url: SecretStr | None) -> SecretStr | None:
        if url is not None and not url.get_secret_value().startswith(
            ("redis://", "rediss://", "redis+unix://")
        ):
            raise ValueError("redis_url: a redis://, rediss:// or redis+unix:// URL")
        return url

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy.strip(), strict=False)
            except ValueError:
                message = f"trusted_proxies: {proxy!r} is not an IP address or network"
                raise ValueError(message) from None
        return [proxy.strip() for proxy in proxies]

    @model_validator(mode="after")
    def _real_secret_in_production(self) -> Settings:
        if (
            self.environment == "production"
            and self.secret_key.get_secret_value() == DEVELOPMENT_SECRET
        ):
            raise ValueError("set ALI_SECRET_KEY to a long random value in production")
        if self.environment == "production" and self.try_out_pages:
            raise ValueError("the try-out pages (ALI_TRY_OUT_PAGES) are never served in production")
        refused = production_refusals(self) if self.environment == "production" else []
        if refused:
            raise ValueError("production refuses: " + "; ".join(refused))
        if self.environment == "production" and "log_format" not in self.model_fields_set:
            self.log_format = "json"  # one JSON object per line, unless told otherwise
        return self

    def back_office(self, council_id: str) -> BackOfficeSettings | None:
        """Where the council's systems are: its `back_offices` entry, else (outside
        production) its tenant of the sandbox at `sandbox_back_office`, else None."""
        listed = self.back_offices.get(council_id)
        if listed is not None:
            return listed
        if self.environment == "production" or not self.sandbox_back_office:
            return None
        return BackOfficeSettings.sandbox(f"{self.sandbox_back_office.rstrip('/')}/t/{council_id}")

    @property
    def database_url(self) -> str:
        if self.database.url is not None:
            return self.database.url.get_secret_value()
        return f"sqlite:///{(self.data_dir / 'ali.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "indexes"
