"""Validated schema of a council's profile (`council.yaml`): its offices and contact, identity
provider and connectors, the procedures generic code finds by role, kiosks, branding, privacy
notice, languages, calendar and limits. Its catalogue of procedures is `ali.catalogue.schema`."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ali.catalogue.limits_profile import LimitsProfile
from ali.catalogue.localized import Localized, languages_of
from ali.catalogue.model_profile import ModelProfile
from ali.catalogue.schema import Appointment, Strict
from ali.catalogue.working_days import CalendarProfile
from ali.errors import InvalidInput
from ali.language.codes import Language
from ali.language.registry import installed

_COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


class Office(Strict):
    """A place where citizens are attended in person."""

    id: str
    name: str
    address: str
    # Other names citizens know it by (its district: "Zona Norte"), for choosing it by words.
    known_as: list[str] = Field(default_factory=list)
    appointment: Appointment = "unknown"
    services: Localized | None = None
    note: Localized | None = None


class OpeningHours(Strict):
    """A weekly opening period; days are 0 (Monday) to 6 (Sunday), times in the council's zone."""

    days: list[int] = Field(min_length=1)
    opens: dt.time
    closes: dt.time

    @field_validator("days")
    @classmethod
    def _weekdays(cls, days: list[int]) -> list[int]:
        if any(day not in range(7) for day in days):
            raise ValueError("days are 0 (Monday) to 6 (Sunday)")
        return days

    def contains(self, moment: dt.datetime) -> bool:
        return moment.weekday() in self.days and self.opens <= moment.time() < self.closes


class Contact(Strict):
    """How to reach the council outside the assistant."""

    phone: str
    phone_alternatives: list[str] = Field(default_factory=list)
    phone_hours: Localized | None = None
    hours: list[OpeningHours] = Field(default_factory=list)
    appointment_url: HttpUrl | None = None
    note: Localized | None = None


def _asymmetric(algorithms: list[str]) -> None:
    if any(algorithm.upper().startswith("HS") or algorithm == "none" for algorithm in algorithms):
        raise ValueError("only asymmetric signature algorithms are accepted")


class IdentityProfile(Strict):
    """`identity:` in a profile: what the council's sign-in tokens (production: its Cl@ve/eIDAS
    broker's JWTs) must say. Where the provider is (its issuer and `jwks_url`) is the
    deployment's to say (`ALI_BACK_OFFICES`, see `ali.settings.BackOfficeSettings`); closed
    networks and tests may instead keep the provider's keys in a `jwks_file` next to
    `council.yaml`, with the `issuer` they sign as."""

    audience: str
    nif_claim: str = "nif"
    algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])
    issuer: str | None = None
    jwks_file: str | None = None

    @model_validator(mode="after")
    def _file_with_its_issuer(self) -> IdentityProfile:
        if (self.issuer is None) != (self.jwks_file is None):
            raise ValueError(
                "identity: issuer and jwks_file go together (or both come from the settings)"
            )
        _asymmetric(self.algorithms)
        return self


class IdentityProvider(Strict):
    """A council's identity provider as ALI trusts it: its profile's `identity` completed with
    the deployment's addresses (`ali.identity.providers`). Tokens are JWTs signed by the
    issuer; its public keys come from `jwks_url` or a `jwks_file` next to `council.yaml`."""

    issuer: str
    audience: str
    jwks_url: HttpUrl | None = None
    jwks_file: str | None = None
    nif_claim: str = "nif"
    algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])

    @model_validator(mode="after")
    def _one_key_source(self) -> IdentityProvider:
        if (self.jwks_url is None) == (self.jwks_file is None):
            raise ValueError("give exactly one of jwks_url and jwks_file")
        _asymmetric(self.algorithms)
        return self


class ConnectorConfig(Strict):
    """Which implementation performs an action for this council. Neither addresses nor
    secrets are here: the settings give the council's back office (`ALI_BACK_OFFICES`: its
    `url`, or for a connector naming a `system` that system's address) and its API key
    (`ALI_CONNECTOR_KEYS`)."""

    type: str
    system: str | None = Field(default=None, pattern=r"^[a-z0-9-]+$")
    timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    retries: int = Field(default=2, ge=0, le=5)


class ProcedureRoles(Strict):
    """The council's procedures that generic code finds by what they do (ids of its catalogue;
    a role left out is one the council does not have)."""

    file_status: str | None = Field(None, description="Asking how a filed application is going.")
    incident_status: str | None = Field(
        None, description="Asking how a reported incident is going."
    )
    appointments: str | None = Field(None, description="The citizen's appointments.")
    complaints: str | None = Field(
        None, description="Filed in the registro as a complaint or suggestion, not an application."
    )
    incident_report: str | None = Field(
        None,
        description="Reporting a problem in the street: a statement of one, with no question "
        "('hay una farola fundida en mi calle'), is a report.",
    )
    kiosks: str | None = Field(
        None,
        description="The council's street kiosks: a way to do other procedures, which win when "
        "a message names one ('el certificado en el ciberkiosko' asks for the certificate).",
    )

    def assigned(self) -> dict[str, str]:
        return {role: id_ for role, id_ in self.model_dump().items() if id_ is not None}


class Kiosk(Strict):
    """A street kiosk allowed to use the API: its API key is stored only as a SHA-256 hash, and
    the citizen identity assertions it produces (from its DNIe reader) are verified with its
    registered public key."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    api_key_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    public_key: str = Field(description="PEM public key (RSA or EC) of the kiosk's signer.")
    location: str | None = None


class Branding(Strict):
    primary_color: str
    secondary_color: str
    logo: str | None = None

    @field_validator("primary_color", "secondary_color")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not _COLOUR_PATTERN.match(value):
            raise ValueError("colours are written as #rrggbb")
        return value


class PrivacyNotice(Strict):
    """What a citizen accepts before the first message (the widget and the kiosk show it).
    `version` changes whenever the text does, so an acceptance records which text was read."""

    version: str = Field(pattern=r"^[A-Za-z0-9._-]{1,32}$")
    text: Localized
    url: HttpUrl | None = None


class CouncilProfile(Strict):
    """`council.yaml`: who the council is and how its assistant presents itself."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    assistant_name: str
    languages: list[Language] = Field(min_length=1)
    default_language: Language = "es"
    timezone: str = "Europe/Madrid"
    featured: list[str] = Field(
        default_factory=list, description="Procedures offered first (home screens, clarifications)."
    )
    web_url: HttpUrl
    sede_url: HttpUrl
    contact: Contact
    offices: list[Office] = Field(default_factory=list)
    categories: dict[str, Localized]
    welcome: Localized
    branding: Branding
    privacy: PrivacyNotice
    identity: IdentityProfile | None = None
    connectors: dict[str, ConnectorConfig] = Field(default_factory=dict)
    procedures: ProcedureRoles = Field(default_factory=ProcedureRoles)
    kiosks: list[Kiosk] = Field(default_factory=list)
    # The public holidays kept: appointments are on working days only (ali.catalogue.working_days).
    calendar: CalendarProfile = Field(default_factory=CalendarProfile)
    # The council's language model, over the deployment's (ali.llm; docs/llm.md).
    llm: ModelProfile | None = None
    # The council's own rate limits, over the deployment's (ali.catalogue.limits_profile).
    limits: LimitsProfile | None = None
    # The base catalogue inherited (`knowledge/_bases/<base>/`, ali.catalogue.base), if any.
    base: str | None = Field(default=None, pattern=r"^[a-z0-9-]+$")
    source_url: HttpUrl
    last_reviewed: dt.date

    @model_validator(mode="after")
    def _languages_installed(self, info: ValidationInfo) -> CouncilProfile:
        languages = languages_of(info)
        packs = languages.packs if languages is not None else installed()
        for code in self.languages:
            if code not in packs:
                raise ValueError(packs.not_installed(code))
        if len(set(self.languages)) != len(self.languages):
            raise ValueError("languages are listed twice")
        if self.default_language not in self.languages:
            raise ValueError("default_language must be one of languages")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {self.timezone!r}") from None
        return self

    def require_language(self, language: Language) -> Language:
        """`language` if the council offers it; a request for another is invalid input (422,
        without repeating the value asked for)."""
        if language not in self.languages:
            offered = ", ".join(self.languages)
            raise InvalidInput(f"This council does not offer that language (it offers: {offered}).")
        return language

    def now(self) -> dt.datetime:
        return dt.datetime.now(ZoneInfo(self.timezone))

    def phone_open(self, moment: dt.datetime | None = None) -> bool:
        """Whether the phone line is attended now (False when hours are not configured)."""
        local = (moment or self.now()).astimezone(ZoneInfo(self.timezone))
        return any(period.contains(local) for period in self.contact.hours)
