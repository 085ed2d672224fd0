"""What a conversation remembers between turns, typed, and the JSON document it is stored as.

The stores keep `Conversation.state` as a JSON object (sealed at rest by the state cipher); the
dialogue reads it into a `ConversationState` when a turn starts and writes it back before the
turn is saved, with the keys it has always had, so conversations stored earlier load as they
are:

    {
      "owner": "3f9a…",                      # the signed-in citizen's pseudonym
      "form": {                              # the form being filled
        "id": "…", "action": "citas.book_appointment", "procedure_id": "citas.cita-previa",
        "values": {"service": "padron"}, "filled": ["service"], "current": "date",
        "confirming": false,
        "options": {"time": [{"value": "t1", "label": {"es": "9:00", …}}]}   # dynamic slots
      },
      "candidates": ["a.b", "c.d"],          # a clarification waiting for a pick
      "candidates_for": "info",              # … about information, an action or a status
      "offer": "handoff.callback",           # an offer waiting for "yes"
      "answer": {                            # the last procedure answer, to give it again in
        "procedure_id": "multas.pago",       # another language ("in English please")
        "aspects": ["cost"], "passages": ["summary.1"]
      }
    }

A key that is absent stays absent; keys this version does not know are kept as they were.
The conversation's language and current procedure (for follow-ups) are columns of their own
(`Conversation.language`, `Conversation.procedure_id`), not part of this document.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ali.actions.forms import Option
from ali.language.registry import installed

_KNOWN = frozenset({"owner", "form", "candidates", "candidates_for", "offer", "answer"})


class ChoiceAbout(StrEnum):
    """What the citizen will get once they pick a candidate."""

    INFO = "info"
    ACTION = "action"
    STATUS = "status"


@dataclass
class OfferedOption:
    """An option a dynamic slot offered (a free time, an open request), as it was shown."""

    value: str
    label: dict[str, str]  # by language code

    @classmethod
    def of(cls, option: Option) -> OfferedOption:
        """The option as offered, its label in every installed language."""
        return cls(option.value, {code: option.label[code] for code in installed().codes})

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "label": dict(self.label)}


@dataclass
class FormState:
    """An action's form being filled: the answers so far (a personal one as a placeholder), the
    slot being asked, and whether the summary is waiting for a confirmation."""

    id: str
    action: str
    procedure_id: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)
    current: str | None = None
    confirming: bool = False
    # The options each dynamic slot offered; None until one was loaded (no key stored).
    options: dict[str, list[OfferedOption]] | None = None

    @property
    def asking(self) -> str:
        """The slot being asked; a form that is not confirming is always asking one."""
        assert self.current is not None, "a form that is not confirming asks a slot"
        return self.current

    def offered(self, slot: str) -> list[OfferedOption]:
        return (self.options or {}).get(slot, [])

    def offer(self, slot: str, options: list[OfferedOption]) -> None:
        if self.options is None:
            self.options = {}
        self.options[slot] = options

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormState:
        options = data.get("options")
        return cls(
            id=str(data.get("id", "")),
            action=str(data.get("action", "")),
            procedure_id=data.get("procedure_id"),
            values=dict(data.get("values", {})),
            filled=list(data.get("filled", [])),
            current=data.get("current"),
            confirming=bool(data.get("confirming", False)),
            options=None
            if options is None
            else {
                name: [OfferedOption(item["value"], dict(item["label"])) for item in offered]
                for name, offered in options.items()
            },
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "action": self.action,
            "procedure_id": self.procedure_id,
            "values": dict(self.values),
            "filled": list(self.filled),
            "current": self.current,
            "confirming": self.confirming,
        }
        if self.options is not None:
            data["options"] = {
                name: [option.to_json() for option in offered]
                for name, offered in self.options.items()
            }
        return data


@dataclass
class PendingChoice:
    """The candidates a clarification listed, waiting for the citizen to pick one."""

    candidates: list[str]
    about: ChoiceAbout = ChoiceAbout.INFO


@dataclass
class LastAnswer:
    """What the last answer about a procedure was made of (never a personal value): the
    procedure, the aspects it led with and the passages of its text it quoted (their keys)."""

    procedure_id: str
    aspects: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LastAnswer:
        return cls(
            str(data.get("procedure_id", "")),
            [str(item) for item in data.get("aspects", [])],
            [str(item) for item in data.get("passages", [])],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "procedure_id": self.procedure_id,
            "aspects": list(self.aspects),
            "passages": list(self.passages),
        }


@dataclass
class ConversationState:
    owner: str | None = None
    form: FormState | None = None
    pending: PendingChoice | None = None
    offer: str | None = None  # the action offered ("handoff.callback"), started by a "yes"
    answer: LastAnswer | None = None  # the last answer about a procedure
    extra: dict[str, Any] = field(default_factory=dict)  # keys this version does not know

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationState:
        form = data.get("form")
        candidates = data.get("candidates")
        about = data.get("candidates_for")
        answer = data.get("answer")
        return cls(
            owner=data.get("owner"),
            form=FormState.from_json(form) if isinstance(form, dict) else None,
            pending=PendingChoice(
                list(candidates),
                ChoiceAbout(about) if about in set(ChoiceAbout) else ChoiceAbout.INFO,
            )
            if candidates is not None
            else None,
            offer=data.get("offer"),
            answer=LastAnswer.from_json(answer) if isinstance(answer, dict) else None,
            extra={key: copy.deepcopy(value) for key, value in data.items() if key not in _KNOWN},
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = copy.deepcopy(self.extra)
        if self.owner is not None:
            data["owner"] = self.owner
        if self.form is not None:
            data["form"] = self.form.to_json()
        if self.pending is not None:
            data["candidates"] = list(self.pending.candidates)
            data["candidates_for"] = self.pending.about.value
        if self.offer is not None:
            data["offer"] = self.offer
        if self.answer is not None:
            data["answer"] = self.answer.to_json()
        return data
