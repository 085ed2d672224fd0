"""Actions that do something for a citizen, behind one `Action` protocol (the connectors
implement it; `ActionRegistry` holds a council's actions by name). The dialogue engine fills
the action's form, asks for confirmation, and only then calls `execute` with an idempotency
key; the audit log records every call, and a call whose answer was lost is reconciled through
`Reconcilable.recover`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ali.actions.forms import FormSpec, Option
from ali.actions.slips import AppointmentSlip
from ali.catalogue.schema import Language
from ali.errors import AliError
from ali.identity.citizen import Citizen


@dataclass(frozen=True)
class Attachment:
    """A file the citizen attached to the form, already checked by content."""

    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class ActionRequest:
    action: str
    council_id: str
    conversation_id: str
    procedure_id: str | None
    values: dict[str, str]
    idempotency_key: str
    language: Language
    citizen: Citizen | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    url: str


@dataclass(frozen=True)
class ActionResult:
    """What the citizen is told; `reference` is what they quote later (a registro entry...)."""

    message: str
    reference: str | None = None
    documents: list[Document] = field(default_factory=list)
    # What a kiosk prints for a booking made there (never personal data).
    slip: AppointmentSlip | None = None


class ActionFailed(AliError):
    """The back office refused or failed; `message` is safe to show the citizen."""

    status_code = 502
    public_detail = "The council's system could not complete the request."


class Action(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def form(self) -> FormSpec: ...

    @property
    def requires_identity(self) -> bool: ...

    def execute(self, request: ActionRequest) -> ActionResult: ...


@runtime_checkable
class Reconcilable(Protocol):
    """An action whose back office can say, by idempotency key, what became of a request ALI
    sent but never got the answer to (ALI stopped mid-call, the answer timed out).

    `recover` answers the original result, as `execute` would have; None when the back office
    never received the request (so it is safe to send again with the same key); and raises
    `ActionFailed` (`BackOfficeUnavailable`...) when it cannot tell now. It may be called with
    no citizen and no values (at start-up, from the audit log alone): the lookup is by key.
    """

    def recover(self, request: ActionRequest) -> ActionResult | None: ...


@runtime_checkable
class OptionsProvider(Protocol):
    """An action whose form has dynamic slots: it supplies their options when reached."""

    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]: ...
