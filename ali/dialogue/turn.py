"""One chat turn as the steps see it: what was asked (`TurnRequest`), and what each step has
found out so far. Each step reads what earlier steps wrote and writes its own product; reading
a product before the step that makes it has run is a programming error (`TurnIncomplete`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ali.dialogue.form_flow import FormView
from ali.dialogue.reply import Draft
from ali.dialogue.signals import Signals
from ali.dialogue.state import ConversationState
from ali.identity.citizen import Citizen
from ali.intents.router import Route
from ali.language import Language
from ali.storage.conversations import Conversation

if TYPE_CHECKING:  # the follow-up reader reads turns
    from ali.dialogue.followup import Followup
    from ali.llm.budget import TurnBudget

# Where a streaming client is told how the reply grows: ("delta", text) for each sentence that
# passed the output checks, ("reset", "") when what was sent gives way to the final reply.
StreamSink = Callable[[str, str], None]


class TurnIncomplete(RuntimeError):
    """A step read what no earlier step produced: the pipeline is in the wrong order."""


@dataclass(frozen=True)
class TurnRequest:
    text: str  # as the citizen sent it
    conversation_id: str | None = None
    language: Language | None = None  # chosen by the client; else detected
    citizen: Citizen | None = None  # signed in, or None
    stream: StreamSink | None = None  # a client reading the reply as it is written


@dataclass
class Turn:
    request: TurnRequest
    started: float = field(default_factory=time.perf_counter)
    # input guard
    message: str = ""  # cleaned: hidden characters out
    hidden_characters: bool = False
    # conversation
    _conversation: Conversation | None = None
    _state: ConversationState | None = None
    loaded_state: dict[str, Any] = field(default_factory=dict)  # as stored: restored on failure
    asking_personal: bool = False  # the form was asking for a personal detail
    # language
    _language: Language | None = None
    language_request: bool = False  # the message asked for another language ("in English")
    # signals
    _signals: Signals | None = None
    # safety, active form: a side question or a crisis answered, the form is asked again
    resume_form: bool = False
    # rephrase: the citizen's own words, when the model rewrote `message` to stand alone
    rephrased_from: str | None = None
    model_budget: TurnBudget | None = None  # the model's time for this turn, once it is called
    # routing: the route, or an offer the citizen accepted ("yes" to a callback)
    route: Route | None = None
    accepted_offer: str | None = None
    followup: Followup | None = None  # the route is a follow-up answered from passages
    # the step that ended the turn, and its reply
    ended_by: str | None = None
    _draft: Draft | None = None
    # output check: the active form's step, for clients that render it
    form_view: FormView | None = None
    # persist
    position: int = 0  # the reply's position in the conversation
    latency_ms: float = 0.0
    durations: dict[str, float] = field(default_factory=dict)  # per step, in ms

    @property
    def said(self) -> str:
        """What the citizen wrote (cleaned), whatever a step made of it."""
        return self.rephrased_from if self.rephrased_from is not None else self.message

    @property
    def citizen(self) -> Citizen | None:
        return self.request.citizen

    @property
    def conversation(self) -> Conversation:
        return _required(self._conversation, "conversation")

    @property
    def has_conversation(self) -> bool:
        return self._conversation is not None

    @property
    def state(self) -> ConversationState:
        return _required(self._state, "conversation")

    def load(self, conversation: Conversation, state: ConversationState) -> None:
        """The conversation the turn continues, and its state (read from it)."""
        self._conversation = conversation
        self._state = state
        self.loaded_state = state.to_json()

    def restore_state(self) -> None:
        """Back to the state the turn started with (a step failed half-way)."""
        self._state = ConversationState.from_json(self.loaded_state)

    @property
    def language(self) -> Language:
        return _required(self._language, "language")

    @language.setter
    def language(self, language: Language) -> None:
        self._language = language

    def language_or(self, default: Language) -> Language:
        """The turn's language, or `default` before the language step has run."""
        return self._language or default

    @property
    def signals(self) -> Signals:
        return _required(self._signals, "signals")

    @signals.setter
    def signals(self, signals: Signals) -> None:
        self._signals = signals

    @property
    def has_signals(self) -> bool:
        return self._signals is not None

    @property
    def draft(self) -> Draft:
        return _required(self._draft, "a step that ends the turn")

    @property
    def ended(self) -> bool:
        return self._draft is not None

    def end(self, draft: Draft, by: str) -> None:
        self._draft = draft
        self.ended_by = by


T = TypeVar("T")


def _required(value: T | None, producer: str) -> T:
    if value is None:
        raise TurnIncomplete(f"read before {producer} ran")
    return value
