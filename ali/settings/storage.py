"""Settings of what ALI keeps and who may see it: the database, conversations, the admin
dashboard, attachments and citizens' identities (`ALI_DATABASE__*`, `ALI_CONVERSATIONS__*`,
`ALI_ADMIN__*`, `ALI_ATTACHMENTS__*`, `ALI_IDENTITY__*`)."""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)


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
