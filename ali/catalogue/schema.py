"""Validated schema of a council's catalogue of procedures (its profile is `ali.catalogue.profile`).

Every text a citizen reads is given per language: the languages the profile declares (`es`,
`va`, `en`, or any other installed language, see `ali.language`). A text missing in one of them
falls back to the council's default language when the catalogue loads. Facts a citizen could act
on (fees, deadlines, phones, addresses, links) live only here, so the answer composer never has to
invent one: when a fact is unknown the field is left empty and the answer points to `source_url`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ali.catalogue.codes import Dir3Code, SiaCode
from ali.catalogue.localized import Localized, completed
from ali.language.codes import Language as Language  # the catalogue's language type, re-exported

ProcedureKind = Literal["procedure", "referral"]
ChannelType = Literal["online", "in_person", "kiosk", "phone", "whatsapp", "email", "post"]
Identification = Literal["clave", "certificado_digital", "dnie", "verification_code", "none"]
Appointment = Literal["required", "not_required", "unknown"]
# Facts whose figure is set again every year (a fee, a payment period): an entry names the year its
# figure applies to, so an answer given in a later year says "en 2025 fue..." instead of
# presenting it as current, and `ali council check` lists it as past its year.
YearlyFact = Literal["fee", "deadlines", "processing_time"]

_ID_PATTERN = re.compile(r"^[a-z0-9-]+\.[a-z0-9-]+$")


class Strict(BaseModel):
    """Base of every knowledge model: unknown keys are an authoring error, not something to drop."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ProcedureText(Strict):
    """Everything a citizen reads about a procedure, in one language.

    Optional facts (`fee`, `deadlines`, `processing_time`, `who`) are `None` when the source does
    not state them; the composer then says where to check instead of guessing.
    """

    title: str = Field(min_length=3)
    summary: str = Field(min_length=10)
    aliases: list[str] = Field(default_factory=list)
    requirements: list[str] = Field(default_factory=list)
    who: str | None = None
    fee: str | None = None
    deadlines: str | None = None
    processing_time: str | None = None
    how: str | None = None
    department: str | None = None
    notes: list[str] = Field(default_factory=list)

    @field_validator("aliases", "requirements", "notes")
    @classmethod
    def _no_blank_items(cls, items: list[str]) -> list[str]:
        if any(not item.strip() for item in items):
            raise ValueError("list items must not be blank")
        return items


class Channel(Strict):
    """One way to carry out a procedure."""

    type: ChannelType
    url: HttpUrl | None = None
    phone: str | None = None
    identification: list[Identification] = Field(default_factory=list)
    appointment: Appointment | None = None
    offices: list[str] = Field(default_factory=list)
    note: Localized | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Channel:
        if self.type == "online" and self.url is None:
            raise ValueError("an online channel needs a url")
        if self.type in ("phone", "whatsapp") and not self.phone:
            raise ValueError(f"a {self.type} channel needs a phone")
        return self


class Referral(Strict):
    """The administration that is competent for a procedure the council does not handle."""

    administration: Localized
    url: HttpUrl | None = None
    phone: str | None = None


class Procedure(Strict):
    """One entry of the catalogue."""

    id: str
    kind: ProcedureKind = "procedure"
    category: str
    text: dict[Language, ProcedureText]
    channels: list[Channel] = Field(default_factory=list)
    free: bool | None = None
    legal_basis: list[str] = Field(default_factory=list)
    referral: Referral | None = None
    action: str | None = None
    status_action: str | None = Field(
        default=None, description="The action that looks up the state of this procedure's requests."
    )
    cancel_action: str | None = Field(
        default=None, description="The action that cancels one of the citizen's requests."
    )
    related: list[str] = Field(default_factory=list)
    fact_years: dict[YearlyFact, int] = Field(
        default_factory=dict,
        description="The year each yearly fact's figure applies to (absent: not year-specific).",
    )
    editor_notes: list[str] = Field(
        default_factory=list,
        description="For the catalogue's editors (sources, doubts, what to re-check); never shown.",
    )
    sia: SiaCode | None = Field(
        default=None, description="The procedure's code in the state's SIA (ali.catalogue.codes)."
    )
    dir3: Dir3Code | None = Field(
        default=None, description="The DIR3 code of the unit responsible for the procedure."
    )
    source_url: HttpUrl
    last_reviewed: dt.date

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID_PATTERN.match(value):
            raise ValueError("id must look like 'category.name' (lowercase, digits, hyphens)")
        return value

    @field_validator("text")
    @classmethod
    def _every_language(
        cls, text: dict[Language, ProcedureText], info: ValidationInfo
    ) -> dict[Language, ProcedureText]:
        return completed(text, info)

    @model_validator(mode="after")
    def _kind_consistency(self) -> Procedure:
        if not self.id.startswith(f"{self.category}."):
            raise ValueError(f"id {self.id!r} must start with its category {self.category!r}")
        if self.kind == "referral" and self.referral is None:
            raise ValueError("a referral must name the competent administration")
        if self.kind == "procedure" and self.referral is not None:
            raise ValueError("only referrals name another administration")
        return self

    def title(self, language: Language) -> str:
        return self.text[language].title

    def past_year(self, fact: YearlyFact, today: dt.date) -> int | None:
        """The year a yearly fact's figure applies to, when that year is over (else None)."""
        year = self.fact_years.get(fact)
        return year if year is not None and year < today.year else None
