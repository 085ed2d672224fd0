"""The HTTP contract: request and response bodies of the public API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from ali.catalogue.schema import Language

MAX_MESSAGE_CHARS = 2000


def _unicode_text(value: str) -> str:
    """Typed text: a string that can be written as UTF-8 (a JSON body can smuggle a lone
    surrogate, `"\\ud800"`, which would fail every later encode), without NUL characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text is not valid Unicode (it holds a lone surrogate)") from None
    return value.replace("\x00", "")


Text = Annotated[str, AfterValidator(_unicode_text)]


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str | None = Field(default=None, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    message: Text = Field(description="What the citizen typed (1-2000 characters).")
    language: Language | None = Field(
        default=None,
        description="Force the reply language (one the council offers, e.g. `es`, `va`, `en`); "
        "detected from the message if absent.",
    )

    @field_validator("message")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        stripped = value.strip()
        if not stripped:
            raise ValueError("the message is empty")
        if len(stripped) > MAX_MESSAGE_CHARS:
            raise ValueError(f"the message is longer than {MAX_MESSAGE_CHARS} characters")
        return stripped


class CandidateOut(BaseModel):
    procedure_id: str
    title: str


class SourceOut(BaseModel):
    procedure_id: str
    title: str
    url: str


class SuggestionOut(BaseModel):
    label: str
    value: str


class FormOption(BaseModel):
    label: str
    value: str


class FormField(BaseModel):
    label: str
    value: str


class FormOut(BaseModel):
    """The active form's step, so a kiosk or widget can render a field or a confirm button."""

    action: str
    title: str
    slot: str | None = Field(description="The slot being asked; null while confirming.")
    kind: str | None = Field(
        description="choice, date, text, number, phone, iban, location (an address, or "
        "'lat, long' in decimal degrees) or attachments (upload files through the attachments "
        "endpoint, then say you are done)."
    )
    prompt: str | None
    options: list[FormOption]
    step: int
    total: int
    confirming: bool
    summary: list[FormField]
    files: list[dict[str, str]] = Field(
        default=[], description="On an attachments step: the files uploaded so far (id, filename)."
    )
    accept: list[str] = Field(
        default=[], description="On an attachments step: the media types it takes."
    )


class DocumentOut(BaseModel):
    title: str
    url: str


class SlipOut(BaseModel):
    """What a kiosk prints for an appointment booked there: no personal data."""

    reference: str
    service: str
    office: str
    address: str
    day: str = Field(description="The day in words, in the reply's language.")
    time: str = Field(description="HH:MM, the council's local time.")
    starts_at: str = Field(description="ISO 8601 with the council's offset.")
    bring: list[str] = Field(description="What to bring, one sentence each.")
    cancel: str | None = Field(description="How to cancel it; null when not offered.")


class ChatResponse(BaseModel):
    conversation_id: str
    language: Language
    intent: str
    procedure_id: str | None
    candidates: list[CandidateOut]
    reply: str
    sources: list[SourceOut]
    suggestions: list[SuggestionOut]
    turn: int = Field(description="Position of this reply in the conversation (for feedback).")
    form: FormOut | None = None
    documents: list[DocumentOut] = []
    slip: SlipOut | None = Field(
        default=None,
        description="An appointment booked at a kiosk (kiosk credentials and a DNIe "
        "assertion): the slip to print. Null otherwise.",
    )
    needs_sign_in: bool = Field(
        default=False, description="The request needs a signed-in citizen: offer sign-in."
    )
    status: str = Field(
        default="answered",
        description="How the turn ended: answered, clarify, referral, handoff, out_of_scope, "
        "blocked, emergency, sign_in, form_step, action_result, error_backoffice, "
        "error_timeout or error.",
    )
    answered_by: Literal["model", "catalogue"] = Field(
        default="catalogue",
        description="Which path composed the reply: `model` (a language model, its reply "
        "checked against the catalogue) or `catalogue` (the grounded composer).",
    )


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    turn: int = Field(ge=1, description="The `turn` of the reply being rated.")
    useful: bool
    comment: Text | None = Field(default=None, max_length=1000)


class FeedbackResponse(BaseModel):
    status: str


class ProcedureSummary(BaseModel):
    id: str
    kind: Literal["procedure", "referral"]
    category: str
    title: str
    url: str


class FieldError(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="Where: a body field (`message`), `path.<name>`, or `body`.")
    message: str = Field(description="What is wrong with it (never the submitted value).")


class ErrorResponse(BaseModel):
    """The body of every error response; it never carries a stack trace or the input."""

    model_config = ConfigDict(extra="forbid")

    error: str = Field(description="The error's name, e.g. `InvalidInput`, `UnknownCouncil`.")
    detail: str | list[FieldError] = Field(
        description="A sentence; for `InvalidInput` from validation, one entry per problem."
    )


class HealthResponse(BaseModel):
    status: str
    councils: list[str] = []


class BrandingOut(BaseModel):
    primary_color: str
    secondary_color: str
    logo_url: str | None = Field(description="Relative to the API host; null without a logo.")


class PrivacyOut(BaseModel):
    version: str
    text: dict[str, str]
    url: str | None


class FeaturedOut(BaseModel):
    procedure_id: str
    title: dict[str, str]


class CouncilSummary(BaseModel):
    """A council the deployment serves, as a list of them shows it (`GET /api/v1/councils`)."""

    id: str
    name: str
    assistant_name: str
    languages: list[Language]
    default_language: Language
    branding: BrandingOut


class PublicProfile(CouncilSummary):
    """What a widget or kiosk needs to present the council's assistant: its summary (the same
    branding as the list of councils), and its welcome, privacy notice and featured procedures."""

    welcome: dict[str, str]
    privacy: PrivacyOut
    featured: list[FeaturedOut]
    phone: str
    sign_in: bool = Field(description="Whether the council has an identity provider configured.")


class ConsentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notice_version: str = Field(pattern=r"^[A-Za-z0-9._-]{1,32}$")
    language: Language
    channel: Literal["widget", "kiosk", "api"] = "widget"


class ConsentResponse(BaseModel):
    status: str


class AttachmentOut(BaseModel):
    id: str
    filename: str = Field(description="A safe name with the extension of the real type.")
    media_type: Literal["application/pdf", "image/jpeg", "image/png"]
    size: int
    sha256: str
