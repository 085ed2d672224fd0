"""The registro (general register office): an application or a complaint with its attachments
(`registro.file_application`), answered with a registro entry number and a sealed receipt; and
the status of one's own entries (`registro.application_status`). A filing whose answer was lost
is found again by its idempotency key, with its number and receipt. The citizen's NIF travels
in the body or the `X-Citizen-Nif` header, never in a URL."""

from __future__ import annotations

import datetime as dt

import httpx

from ali.actions.action import ActionFailed, ActionRequest, ActionResult, Document
from ali.actions.forms import FormSpec, Option, Slot, SlotKind, same_in_all_languages
from ali.catalogue.schema import Language
from ali.connectors.contracts.registro import (
    EntryForm,
    EntryStatus,
    EntrySummary,
    RegistroEntry,
)
from ali.connectors.contracts.shared import ErrorBody, body, read, read_list
from ali.connectors.http import (
    BackOfficeClient,
    citizen_header,
    expect_json,
    found_by_key,
    reads_back_office,
)
from ali.i18n import N_, Message
from ali.i18n.dates import date_in_words
from ali.identity.citizen import Citizen

APPLICATION_FORM = FormSpec(
    action="registro.file_application",
    title=N_("Application to the general registry"),
    slots=(
        Slot(
            name="subject",
            kind=SlotKind.TEXT,
            label=N_("Subject"),
            prompt=N_(
                "What is the subject? Write it in one line (for example: “Request for a "
                "dropped kerb on Calle Mayor”)."
            ),
            min_length=3,
            max_length=200,
        ),
        Slot(
            name="text",
            kind=SlotKind.TEXT,
            label=N_("Statement"),
            prompt=N_(
                "Explain your case and what you are asking for, with the details the "
                "council needs to deal with it."
            ),
            min_length=10,
            max_length=2000,
        ),
        Slot(
            name="attachments",
            kind=SlotKind.ATTACHMENTS,
            required=False,
            label=N_("Attachments"),
            prompt=N_("Do you want to attach documents (up to 5, at most 10 MB each)?"),
            max_files=5,
        ),
    ),
)

STATUS_FORM = FormSpec(
    action="registro.application_status",
    title=N_("Status of an application"),
    slots=(
        Slot(
            name="entry",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label=N_("Registry entry"),
            prompt=N_("Which application do you want to check?"),
        ),
    ),
    needs_confirmation=False,
)

_FILED = N_(
    "Your application has been registered with number {number} ({when}) and sent to "
    "{department}. Keep the receipt: its secure verification code is {csv}."
)
_RECEIPT = N_("Registry receipt {number} (PDF)")
_STATUS = N_("Application {number} (“{subject}”) is {status}, since {when}.")
_STATES: dict[str, Message] = {
    "registered": N_("registered"),
    "in-progress": N_("being processed"),
    "resolved": N_("resolved"),
    "rejected": N_("rejected"),
}
_NONE_FILED = N_("You have no applications in the general registry under this identity.")


def _day(moment: dt.datetime) -> str:
    """`2026-11-23T10:15:00Z` → `23/11/2026` (the day as the back office wrote it)."""
    return moment.strftime("%d/%m/%Y")


class GeneralApplicationAction:
    """`complaints`: the council's complaints procedure (its profile's `procedures.complaints`),
    whose filings enter as a complaint or suggestion; any other, as a general application."""

    name = "registro.file_application"
    form = APPLICATION_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient, complaints: str | None = None) -> None:
        self._client = client
        self._complaints = complaints

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        kind = (
            "queja-sugerencia"
            if self._complaints is not None and request.procedure_id == self._complaints
            else "instancia-general"
        )
        response = self._client.request(
            "POST",
            "/registro/entries",
            data=body(
                EntryForm,
                nif=request.citizen.nif,
                kind=kind,
                subject=request.values["subject"],
                text=request.values["text"],
                language=request.language,
                idempotency_key=request.idempotency_key,
            ),
            files=[
                ("attachments", (item.filename, item.content, item.media_type))
                for item in request.attachments
            ],
            idempotency_key=request.idempotency_key,
        )
        if response.status_code == 422:
            raise ActionFailed(_refused(response))
        return _filed(read(RegistroEntry, expect_json(response)), request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/registro/entries/requests/{request.idempotency_key}"
        entry = found_by_key(self._client.request("GET", path))
        return None if entry is None else _filed(read(RegistroEntry, entry), request.language)


def _filed(entry: RegistroEntry, language: Language) -> ActionResult:
    message = _FILED[language].format(
        number=entry.number,
        when=date_in_words(entry.registered_at.date(), language),  # today: no year needed
        department=entry.department,
        csv=entry.verification_code,
    )
    return ActionResult(
        message=message,
        reference=entry.number,
        documents=[Document(_RECEIPT[language].format(number=entry.number), entry.receipt_url)],
    )


def _refused(response: httpx.Response) -> str:
    """The back office's reason for refusing a file or field, when it gave one."""
    try:
        detail = read(ErrorBody, response.json()).detail
    except ValueError:  # not JSON, or not an error body
        return ""
    return detail if isinstance(detail, str) else ""


class ApplicationStatusAction:
    """Looks up one of the citizen's own registro entries: no side effect, no confirmation."""

    name = "registro.application_status"
    form = STATUS_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot != "entry" or citizen is None:
            return []
        entries = read_list(
            EntrySummary,
            expect_json(
                self._client.request("GET", "/registro/entries", headers=citizen_header(citizen))
            ),
        )
        if not entries:
            raise ActionFailed(_NONE_FILED[language])
        return [
            Option(entry.number, same_in_all_languages(f"{entry.number} — {entry.subject[:50]}"))
            for entry in entries[:10]
        ]

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        number = request.values["entry"]
        entry = read(
            EntryStatus,
            expect_json(
                self._client.request(
                    "GET", f"/registro/entries/{number}", headers=citizen_header(request.citizen)
                )
            ),
        )
        language = request.language
        state = _STATES.get(entry.status, _STATES["registered"])[language]
        message = _STATUS[language].format(
            number=entry.number,
            subject=entry.subject,
            status=state,
            when=_day(entry.updated_at or entry.registered_at),
        )
        notes = [item.note for item in entry.history if item.note]
        if notes:
            message += f" {notes[-1]}"
        return ActionResult(message=message, reference=entry.number)
