"""Conversations and the `ConversationStore` seam. Turns are stored already redacted."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass, field
from typing import Protocol

from ali.catalogue.schema import Language


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Turn:
    role: str  # "citizen" or "assistant"
    text: str
    intent: str | None = None
    procedure_id: str | None = None
    at: dt.datetime = field(default_factory=_now)


@dataclass
class Conversation:
    council_id: str
    language: Language
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    procedure_id: str | None = None
    turns: list[Turn] = field(default_factory=list)
    created_at: dt.datetime = field(default_factory=_now)
    updated_at: dt.datetime = field(default_factory=_now)


class ConversationStore(Protocol):
    def get(self, council_id: str, conversation_id: str) -> Conversation | None: ...

    def save(self, conversation: Conversation) -> None: ...


class InMemoryConversationStore:
    """Conversations kept in the process (lost on restart); for tests and the CLI chat."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Conversation] = {}
        self._lock = threading.Lock()

    def get(self, council_id: str, conversation_id: str) -> Conversation | None:
        with self._lock:
            return self._items.get((council_id, conversation_id))

    def save(self, conversation: Conversation) -> None:
        conversation.updated_at = _now()
        with self._lock:
            self._items[(conversation.council_id, conversation.id)] = conversation
