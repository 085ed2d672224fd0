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


class ChatResponse(BaseModel):
    conversation_id: str
    language: Language
    intent: str
    procedure_id: str | None
    candidates: list[CandidateOut]
    reply: str
    sources: list[SourceOut]
    suggestions: list[SuggestionOut]


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
