"""Conversations and the `ConversationStore` seam. Turns reach a store already redacted.

A conversation carries the dialogue state (active form, slots, pending choices) as a JSON
document, so a conversation survives a restart; a store keeps it encrypted at rest and empties
it once the conversation expires. Turns added during a request are kept in `new_turns` and
appended by `save`, which sets `turn_count` to the position of the last one.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from ali.catalogue.schema import Language


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Turn:
    role: str  # "citizen" or "assistant"
    text: str
    intent: str | None = None
    procedure_id: str | None = None
    at: dt.datetime = field(default_factory=utcnow)
    language: str | None = None
    latency_ms: float | None = None  # on assistant turns: how long the reply took
    answered_by: str | None = None  # on assistant turns: "model" or "catalogue" composed it


@dataclass
class Conversation:
    council_id: str
    language: Language
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    procedure_id: str | None = None
    state: dict[str, Any] = field(default_factory=dict)
    turn_count: int = 0
    created_at: dt.datetime = field(default_factory=utcnow)
    updated_at: dt.datetime = field(default_factory=utcnow)
    new_turns: list[Turn] = field(default_factory=list)

    def add_turn(self, turn: Turn) -> int:
        """Appends a turn; returns its 1-based position in the conversation."""
        self.new_turns.append(turn)
        self.turn_count += 1
        return self.turn_count


def may_rate(state: dict[str, Any], owner: str | None) -> bool:
    """Whether someone (`owner`: their reference, None when anonymous) may give feedback on a
    conversation: on one a citizen signed in to, only that citizen; on an anonymous one, whoever
    holds its id (as for continuing it)."""
    recorded = state.get("owner")
    return recorded is None or recorded == owner


class ConversationStore(Protocol):
    def get(self, council_id: str, conversation_id: str) -> Conversation | None:
        """The conversation, or None when unknown or idle for longer than the expiry."""
        ...

    def save(self, conversation: Conversation) -> None: ...

    def turns(self, council_id: str, conversation_id: str) -> list[Turn]: ...

    def add_feedback(
        self,
        council_id: str,
        conversation_id: str,
        turn: int,
        useful: bool,
        comment: str | None,
        *,
        owner: str | None = None,
    ) -> bool:
        """Records the vote on an assistant turn, replacing an earlier vote on the same turn
        (one per conversation and turn). False, and nothing recorded, when the conversation is
        unknown, belongs to a signed-in citizen other than `owner` (see `may_rate`), or the
        turn is not one of its assistant turns."""
        ...

    def purge(self, older_than: dt.datetime) -> int:
        """Deletes conversations (with their turns and feedback) idle since before a date."""
        ...

    def forget_states(self, idle_since: dt.datetime) -> int:
        """Empties the state (a form's answers, pending choices) of conversations idle since
        before a date, which have expired; only `owner` stays. Returns how many."""
        ...

    def seal_plain_states(self) -> int:
        """Seals states still stored in clear (from before states were sealed at rest)."""
        ...


class InMemoryConversationStore:
    """Conversations kept in the process (lost on restart); for tests and the terminal chat."""

    def __init__(self, idle: dt.timedelta = dt.timedelta(minutes=30)) -> None:
        self._idle = idle
        self._items: dict[tuple[str, str], Conversation] = {}
        self._turns: dict[str, list[Turn]] = {}
        self._feedback: dict[tuple[str, int], tuple[bool, str | None]] = {}
        self._lock = threading.Lock()

    def get(self, council_id: str, conversation_id: str) -> Conversation | None:
        with self._lock:
            found = self._items.get((council_id, conversation_id))
            if found is None or utcnow() - found.updated_at > self._idle:
                return None
            return found

    def save(self, conversation: Conversation) -> None:
        conversation.updated_at = utcnow()
        with self._lock:
            self._items[(conversation.council_id, conversation.id)] = conversation
            self._turns.setdefault(conversation.id, []).extend(conversation.new_turns)
            conversation.new_turns = []

    def turns(self, council_id: str, conversation_id: str) -> list[Turn]:
        with self._lock:
            if (council_id, conversation_id) not in self._items:
                return []
            return list(self._turns.get(conversation_id, []))

    def add_feedback(
        self,
        council_id: str,
        conversation_id: str,
        turn: int,
        useful: bool,
        comment: str | None,
        *,
        owner: str | None = None,
    ) -> bool:
        with self._lock:
            found = self._items.get((council_id, conversation_id))
            if found is None or not may_rate(found.state, owner):
                return False
            turns = self._turns.get(conversation_id, [])
            if not 1 <= turn <= len(turns) or turns[turn - 1].role != "assistant":
                return False
            self._feedback[(conversation_id, turn)] = (useful, comment)
            return True

    def purge(self, older_than: dt.datetime) -> int:
        with self._lock:
            stale = [key for key, c in self._items.items() if c.updated_at < older_than]
            for key in stale:
                del self._items[key]
                self._turns.pop(key[1], None)
            return len(stale)

    def forget_states(self, idle_since: dt.datetime) -> int:
        with self._lock:
            forgotten = 0
            for conversation in self._items.values():
                if conversation.updated_at < idle_since and set(conversation.state) - {"owner"}:
                    owner = conversation.state.get("owner")
                    conversation.state = {"owner": owner} if owner is not None else {}
                    forgotten += 1
            return forgotten

    def seal_plain_states(self) -> int:
        return 0  # nothing is at rest
