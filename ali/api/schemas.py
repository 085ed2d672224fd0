"""The HTTP contract: request and response bodies of the public API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ali.catalogue.schema import Language

MAX_MESSAGE_CHARS = 2000


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str | None = Field(default=None, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    message: str = Field(description="What the citizen typed (1-2000 characters).")
    language: Language | None = Field(
        default=None, description="Force the reply language; detected from the message if absent."
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
    kind: str | None = Field(description="choice, date, text, number or phone.")
    prompt: str | None
    options: list[FormOption]
    step: int
    total: int
    confirming: bool
    summary: list[FormField]


class DocumentOut(BaseModel):
    title: str
    url: str


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


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    turn: int = Field(ge=1, description="The `turn` of the reply being rated.")
    useful: bool
    comment: str | None = Field(default=None, max_length=1000)


class FeedbackResponse(BaseModel):
    status: str


class ProcedureSummary(BaseModel):
    id: str
    kind: Literal["procedure", "referral"]
    category: str
    title: str
    url: str


class ErrorResponse(BaseModel):
    error: str
    detail: str | list[dict[str, object]]


class HealthResponse(BaseModel):
    status: str
    councils: list[str] = []
