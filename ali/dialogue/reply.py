"""What a chat turn answers (`ChatReply`), and the reply a turn's steps build on the way
(`Draft`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ali.actions.action import Document
from ali.actions.slips import AppointmentSlip
from ali.answers.composer import Source
from ali.dialogue.form_flow import FormView
from ali.dialogue.status import TurnStatus
from ali.intents.labels import Intent
from ali.language import Language

# Which path composed a reply: the language model (its reply checked against the catalogue), or
# the grounded composer (the catalogue's own reply: no model configured, or a fallback).
AnsweredBy = Literal["model", "catalogue"]


@dataclass(frozen=True)
class Candidate:
    procedure_id: str
    title: str


@dataclass(frozen=True)
class Suggestion:
    label: str
    value: str


@dataclass(frozen=True)
class ChatReply:
    conversation_id: str
    language: Language
    intent: str
    procedure_id: str | None
    reply: str
    turn: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    form: FormView | None = None
    documents: list[Document] = field(default_factory=list)
    slip: AppointmentSlip | None = None  # an appointment booked at a kiosk: what it prints
    needs_sign_in: bool = False
    status: str = TurnStatus.ANSWERED.value  # how the turn ended (see `TurnStatus`)
    answered_by: AnsweredBy = "catalogue"  # which path wrote the reply (docs/llm.md)


@dataclass
class Draft:
    """The reply being built during a turn. `status` is how the turn ended when the intent
    alone does not say it (a back office that failed, a step that crashed)."""

    intent: Intent
    reply: str
    procedure_id: str | None = None
    candidates: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    slip: AppointmentSlip | None = None
    confidence: float = 0.0
    needs_sign_in: bool = False
    status: TurnStatus | None = None
    # "model" when a language model wrote the reply (and it passed the output checks).
    answered_by: AnsweredBy = "catalogue"

    @property
    def outcome(self) -> TurnStatus:
        """How the turn ended: the status set on the draft, or the one its intent implies."""
        if self.status is not None:
            return self.status
        if self.needs_sign_in:
            return TurnStatus.SIGN_IN
        return TurnStatus.of(self.intent)
