"""The sandbox's general registry (registro electrónico general): filings and their status."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    Path,
    Response,
    UploadFile,
    status,
)
from pydantic import AfterValidator
from starlette.concurrency import run_in_threadpool

from ali.catalogue.schema import Language
from ali.connectors.contracts import registro
from ali.connectors.contracts.registro import entry_subject, entry_text
from ali.connectors.contracts.shared import normalise_nif
from ali.errors import InvalidInput
from ali_sandbox.registro import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    EntryKind,
    EntryRequest,
    GeneralRegistry,
    InvalidAttachment,
    RegistryEntry,
    Upload,
)
from ali_sandbox.routes import (
    CERTIFICATE_LANGUAGES,
    ERROR,
    CitizenNif,
    api_key_check,
    download_url,
    verify_url,
)
from ali_sandbox.schemas import (
    RegistryStatusIn,
)
from ali_sandbox.settings import SandboxSettings

# The fields of a registry filing (multipart/form-data), validated like a JSON body's.
FormNif = Annotated[str, Form(max_length=20), AfterValidator(normalise_nif)]
EntrySubject = Annotated[str, Form(min_length=3, max_length=200), AfterValidator(entry_subject)]
EntryText = Annotated[str, Form(min_length=10, max_length=5000), AfterValidator(entry_text)]
IdempotencyKey = Annotated[str, Form(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]
EntryNumber = Annotated[str, Path(max_length=32)]


def registro_router(settings: SandboxSettings, registry: GeneralRegistry) -> APIRouter:
    router = APIRouter(
        prefix="/registro",
        tags=["registro electrónico general"],
        dependencies=[Depends(api_key_check(settings))],
    )

    @router.post(
        "/entries",
        response_model=registro.RegistroEntry,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": registro.RegistroEntry, "description": "Repeated idempotency key"},
            401: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    async def file_entry(
        nif: FormNif,
        kind: Annotated[EntryKind, Form()],
        subject: EntrySubject,
        text: EntryText,
        idempotency_key: IdempotencyKey,
        response: Response,
        language: Annotated[Language, Form()] = "es",
        attachments: Annotated[list[UploadFile] | None, File()] = None,
    ) -> registro.RegistroEntry:
        """File an instancia general or a complaint/suggestion (multipart/form-data) with up
        to 5 `attachments`: PDF, JPEG or PNG by content, 10 MiB each, 20 MiB in all (422
        `InvalidAttachment` naming the file). Anyone with a valid NIF may file. Answers the
        entry number and the sealed receipt (public `receipt_url`); a repeated idempotency
        key answers 200 with the same entry, one used for another filing 409
        `IdempotencyConflict`."""
        if language not in CERTIFICATE_LANGUAGES:
            raise InvalidInput("language: receipts are issued in es, va or en.")
        uploads = attachments or []
        if len(uploads) > MAX_ATTACHMENTS:
            raise InvalidAttachment(f"At most {MAX_ATTACHMENTS} attachments may be filed.")
        files = tuple(
            [
                Upload(upload.filename, await upload.read(MAX_ATTACHMENT_BYTES + 1))
                for upload in uploads
            ]
        )
        filed = await run_in_threadpool(
            registry.file,
            EntryRequest(
                nif=nif,
                kind=kind,
                subject=subject,
                text=text,
                language=language,
                idempotency_key=idempotency_key,
                attachments=files,
            ),
        )
        if not filed.created:
            response.status_code = status.HTTP_200_OK
        await anyio.sleep(settings.answer_delay("registro.entries"))
        return entry_out(settings, filed.entry)

    @router.get(
        "/entries",
        response_model=list[registro.EntrySummary],
        responses={401: ERROR, 422: ERROR},
    )
    def entries(nif: CitizenNif) -> list[registro.EntrySummary]:
        """The citizen's entries, newest first (none for a NIF that never filed)."""
        return [_entry_summary_out(entry) for entry in registry.entries_of(nif)]

    @router.get(
        "/entries/{number}",
        response_model=registro.EntryStatus,
        responses={401: ERROR, 404: ERROR, 422: ERROR},
    )
    def entry(number: EntryNumber, nif: CitizenNif) -> registro.EntryStatus:
        """The entry's status and history. Another citizen's entry is 404 `UnknownEntry`,
        like one that does not exist."""
        return _entry_status_out(registry.entry(nif, number.strip().upper()))

    @router.post(
        "/entries/{number}/status",
        response_model=registro.EntryStatus,
        responses={401: ERROR, 404: ERROR, 409: ERROR, 422: ERROR},
    )
    def update_status(number: EntryNumber, body: RegistryStatusIn) -> registro.EntryStatus:
        """SANDBOX staff step, for demos and tests: a new status (`in-progress`, `resolved`,
        `rejected`) with an optional note, added to the history. 409 `EntryClosed` once
        resolved or rejected."""
        updated = registry.update_status(number.strip().upper(), body.status, body.note)
        return _entry_status_out(updated)

    return router


def entry_out(settings: SandboxSettings, entry: RegistryEntry) -> registro.RegistroEntry:
    return registro.RegistroEntry(
        number=entry.number,
        kind=entry.kind,
        status=entry.status,
        registered_at=entry.registered_at,
        department=entry.department,
        csv=entry.csv,
        receipt_url=download_url(settings, entry.csv),
        verify_url=verify_url(settings, entry.csv),
        attachments=[
            registro.EntryAttachment.model_validate(attachment, from_attributes=True)
            for attachment in entry.attachments
        ],
    )


def _entry_summary_out(entry: RegistryEntry) -> registro.EntrySummary:
    return registro.EntrySummary(
        number=entry.number,
        kind=entry.kind,
        subject=entry.subject,
        status=entry.status,
        department=entry.department,
        registered_at=entry.registered_at,
        updated_at=entry.updated_at,
    )


def _entry_status_out(entry: RegistryEntry) -> registro.EntryStatus:
    return registro.EntryStatus(
        **_entry_summary_out(entry).model_dump(),
        history=[
            registro.EntryHistoryItem(status=event.status, at=event.at, note=event.note)
            for event in entry.history
        ],
    )
