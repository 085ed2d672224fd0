"""The sandbox's general registry (registro electrónico general): anyone with a valid NIF files an
instancia general or a complaint/suggestion with up to five attachments, and gets a sealed
receipt (justificante de registro, art. 16.3 Ley 39/2015) with the entry number, date and time,
and the SHA-256 of every file, under a fresh CSV.

Attachments are checked by their content, never by their name or declared type: a PDF starts
with `%PDF-` and ends with an `%%EOF` marker; an image must be a JPEG or PNG that Pillow can
open and verify. The same idempotency key with the same filing answers with the first entry;
with a different one, 409.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError

from ali.attachments.inspection import media_type_of
from ali.catalogue.schema import Language
from ali.errors import AliError, InvalidInput, StorageError
from ali_sandbox.appointments import Clock, utc_now
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.documents import DocumentError, SealCertificate, new_csv, sign_pdf
from ali_sandbox.documents.fonts import CORE_ENCODING, core_font_text
from ali_sandbox.documents.record import OfficialRecord, RecordLine, RecordRenderer, RecordSection
from ali_sandbox.errors import IdempotencyConflict
from ali_sandbox.models import RegistryAttachmentRow, RegistryEntryRow, RegistryEventRow
from ali_sandbox.padron import PadronRegister
from ali_sandbox.padron_certificates import (
    COUNCIL_NAME,
    LOCAL_TIME,
    MUNICIPALITY,
    SEAL_REASON,
    mask_nif,
)
from ali_sandbox.verification import IssuedDocument

EntryKind = Literal["instancia-general", "queja-sugerencia"]
EntryStatus = Literal["registered", "in-progress", "resolved", "rejected"]
StaffStatus = Literal["in-progress", "resolved", "rejected"]
REGISTERED: EntryStatus = "registered"
FINAL_STATUSES: tuple[EntryStatus, ...] = ("resolved", "rejected")
_KINDS: dict[str, EntryKind] = {k: k for k in ("instancia-general", "queja-sugerencia")}
_STATUSES: dict[str, EntryStatus] = {
    s: s for s in ("registered", "in-progress", "resolved", "rejected")
}

DEPARTMENTS: dict[EntryKind, str] = {
    "instancia-general": "Oficina de Atención Ciudadana",
    "queja-sugerencia": "Quejas y Sugerencias",
}
KIND_NAMES: dict[EntryKind, str] = {
    "instancia-general": "Instancia general",
    "queja-sugerencia": "Queja o sugerencia",
}
RECEIPT_TITLE = "Justificante de registro electrónico"
REGISTERED_NOTE = "Entrada registrada en el registro electrónico general."
STATUS_NOTES: dict[StaffStatus, str] = {
    "in-progress": "En tramitación.",
    "resolved": "Resuelta.",
    "rejected": "Rechazada.",
}

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_FILENAME = 100
PDF = "application/pdf"
_EXTENSIONS = {PDF: (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}
_FILENAME_PUNCTUATION = frozenset(" ._-()")
_UNSAFE_RUN = re.compile(r"_{2,}")


class UnknownEntry(AliError):
    """No entry with this number belongs to the citizen (whether it exists is not said)."""

    status_code = 404
    public_detail = "The citizen has no registry entry with this number."


class InvalidAttachment(AliError):
    status_code = 422
    public_detail = "Attachments must be PDF, JPEG or PNG files of at most 10 MiB each."


class EntryClosed(AliError):
    status_code = 409
    public_detail = "This registry entry is already resolved or rejected."


@dataclass(frozen=True)
class Upload:
    """A file as received: its name as the client sent it, and its bytes."""

    filename: str | None
    content: bytes


@dataclass(frozen=True)
class AttachmentInfo:
    filename: str  # sanitised, with an extension that matches its content
    media_type: str  # found by content
    size: int
    sha256: str


@dataclass(frozen=True)
class EntryRequest:
    nif: str
    kind: EntryKind
    subject: str
    text: str
    language: Language
    idempotency_key: str
    attachments: tuple[Upload, ...] = ()


@dataclass(frozen=True)
class HistoryEvent:
    status: EntryStatus
    at: dt.datetime  # aware, UTC
    note: str


@dataclass(frozen=True)
class RegistryEntry:
    number: str
    nif: str
    kind: EntryKind
    subject: str
    status: EntryStatus
    department: str
    registered_at: dt.datetime  # aware, UTC
    updated_at: dt.datetime
    csv: str
    attachments: tuple[AttachmentInfo, ...]
    history: tuple[HistoryEvent, ...]


@dataclass(frozen=True)
class Filed:
    entry: RegistryEntry
    created: bool  # False: the entry filed earlier with the same idempotency key


@dataclass(frozen=True)
class _Checked:
    info: AttachmentInfo
    content: bytes


def safe_filename(name: str | None, position: int, media_type: str) -> str:
    """The base name with only letters the receipt can print, digits, spaces and `._-()`
    (anything else becomes `_`), ending in an extension of `media_type`; `adjunto-<n>` if
    nothing is left of it."""
    base = unicodedata.normalize("NFC", PurePosixPath((name or "").replace("\\", "/")).name)
    kept = _UNSAFE_RUN.sub("_", "".join(char if _kept(char) else "_" for char in base))
    cleaned = " ".join(kept.split())
    stem = cleaned.rsplit(".", 1)[0]
    if not any(char.isalnum() for char in stem):
        cleaned = f"adjunto-{position}"
    cleaned = cleaned.lstrip(" ._").rstrip(" .")[:MAX_FILENAME]
    extensions = _EXTENSIONS[media_type]
    if not cleaned.lower().endswith(extensions):
        cleaned = f"{cleaned[: MAX_FILENAME - 5]}{extensions[0]}"
    return cleaned


def _kept(char: str) -> bool:
    if char in _FILENAME_PUNCTUATION:
        return True
    if not char.isalnum():
        return False
    try:
        char.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def check_attachments(uploads: tuple[Upload, ...]) -> tuple[_Checked, ...]:
    """Each file checked by content and size (422 `InvalidAttachment` naming the first bad one)."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise InvalidAttachment(f"At most {MAX_ATTACHMENTS} attachments may be filed.")
    checked = []
    for position, upload in enumerate(uploads, start=1):
        shown = _shown_name(upload.filename, position)
        if not upload.content:
            raise InvalidAttachment(f"Attachment {shown} is empty.")
        if len(upload.content) > MAX_ATTACHMENT_BYTES:
            raise InvalidAttachment(f"Attachment {shown} is larger than 10 MiB.")
        media_type = media_type_of(upload.content)
        if media_type is None:
            raise InvalidAttachment(
                f"Attachment {shown} is not a PDF, JPEG or PNG file (checked by its content)."
            )
        info = AttachmentInfo(
            filename=safe_filename(upload.filename, position, media_type),
            media_type=media_type,
            size=len(upload.content),
            sha256=hashlib.sha256(upload.content).hexdigest(),
        )
        checked.append(_Checked(info, upload.content))
    if sum(item.info.size for item in checked) > MAX_TOTAL_BYTES:
        raise InvalidAttachment("The attachments together are larger than 20 MiB.")
    return tuple(checked)


class GeneralRegistry:
    def __init__(
        self,
        database: SandboxDatabase,
        register: PadronRegister,
        seal: SealCertificate,
        verification_url: str,
        *,
        council_name: str = COUNCIL_NAME,
        renderer: RecordRenderer | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self._database = database
        self._register = register
        self._seal = seal
        self._verification_url = verification_url
        self._council_name = council_name
        self._renderer = renderer or RecordRenderer()
        self._clock = clock

    def file(self, request: EntryRequest) -> Filed:
        """Register the filing and issue its sealed receipt; see the module's docstring."""
        attachments = check_attachments(request.attachments)
        digest = _request_digest(request, attachments)
        earlier = self._for_key(request.idempotency_key, digest)
        if earlier is not None:
            return Filed(earlier, created=False)
        self._check_printable(request.subject)
        citizen = self._register.citizen(request.nif)
        applicant = citizen.full_name if citizen is not None else None
        now = self._clock().astimezone(dt.UTC).replace(microsecond=0)
        year = now.astimezone(LOCAL_TIME).year
        for _attempt in range(3):
            sequence = self._next_sequence(year)
            number = f"REG-{year}-{sequence:06d}"
            csv = new_csv()
            receipt = self._receipt(request, attachments, number, csv, applicant, now)
            row = RegistryEntryRow(
                number=number,
                year=year,
                sequence=sequence,
                idempotency_key=request.idempotency_key,
                request_digest=digest,
                nif=request.nif,
                applicant_name=applicant,
                kind=request.kind,
                subject=request.subject,
                text=request.text,
                language=request.language,
                department=DEPARTMENTS[request.kind],
                status=REGISTERED,
                registered_at=_stored(now),
                updated_at=_stored(now),
                csv=csv,
                receipt_pdf=receipt,
            )
            if self._store(row, attachments, now):
                return Filed(self._entry(number), created=True)
            earlier = self._for_key(request.idempotency_key, digest)
            if earlier is not None:  # a concurrent filing with the same key was stored first
                return Filed(earlier, created=False)
        raise StorageError("The registry entry could not be stored.")  # three number clashes

    def entry_for_key(self, idempotency_key: str) -> RegistryEntry | None:
        """The entry filed with this idempotency key, if one was (the back office's answer to
        "what became of my request?")."""
        with self._database.session() as session:
            number = session.scalar(
                select(RegistryEntryRow.number).where(
                    RegistryEntryRow.idempotency_key == idempotency_key
                )
            )
        return None if number is None else self._entry(number)

    def entry(self, nif: str, number: str) -> RegistryEntry:
        """The citizen's entry; another citizen's is as unknown as one that does not exist."""
        with self._database.session() as session:
            row = session.get(RegistryEntryRow, number)
            if row is None or row.nif != nif:
                raise UnknownEntry()
        return self._entry(number)

    def entries_of(self, nif: str) -> list[RegistryEntry]:
        """The citizen's entries, newest first (none for a NIF that never filed)."""
        with self._database.session() as session:
            numbers = session.scalars(
                select(RegistryEntryRow.number)
                .where(RegistryEntryRow.nif == nif)
                .order_by(RegistryEntryRow.registered_at.desc(), RegistryEntryRow.sequence.desc())
            ).all()
        return [self._entry(number) for number in numbers]

    def update_status(self, number: str, status: StaffStatus, note: str | None) -> RegistryEntry:
        """The staff's step: a new status with a note in the history (404 `UnknownEntry`, 409
        `EntryClosed` once resolved or rejected)."""
        now = _stored(self._clock().replace(microsecond=0))
        with self._database.session() as session:
            if session.get(RegistryEntryRow, number) is None:
                raise UnknownEntry("No registry entry with this number exists.")
            result = session.execute(
                update(RegistryEntryRow)
                .where(
                    RegistryEntryRow.number == number,
                    RegistryEntryRow.status.not_in(FINAL_STATUSES),
                )
                .values(status=status, updated_at=now)
            )
            if not (isinstance(result, CursorResult) and result.rowcount):
                raise EntryClosed()
            session.add(
                RegistryEventRow(
                    entry_number=number, status=status, at=now, note=note or STATUS_NOTES[status]
                )
            )
        return self._entry(number)

    def issued_document(self, csv: str) -> IssuedDocument | None:
        """The receipt with this CSV, for the public verification."""
        with self._database.session() as session:
            row = session.scalars(
                select(RegistryEntryRow).where(RegistryEntryRow.csv == csv)
            ).first()
            if row is None:
                return None
            return IssuedDocument(
                csv=row.csv,
                title=f"{RECEIPT_TITLE} ({KIND_NAMES[_KINDS[row.kind]].lower()})",
                issued_at=_aware(row.registered_at),
                pdf=row.receipt_pdf,
            )

    def _check_printable(self, subject: str) -> None:
        if self._renderer.writes_unicode:
            return
        try:
            core_font_text(subject)
        except DocumentError as exc:
            raise InvalidInput("subject: has characters the receipt cannot print.") from exc

    def _next_sequence(self, year: int) -> int:
        with self._database.session() as session:
            last = session.scalar(
                select(func.max(RegistryEntryRow.sequence)).where(RegistryEntryRow.year == year)
            )
        return (last or 0) + 1

    def _store(
        self, row: RegistryEntryRow, attachments: tuple[_Checked, ...], now: dt.datetime
    ) -> bool:
        """Store the entry, its files and its first history step; False if its number or its
        idempotency key was taken meanwhile."""
        with self._database.session() as session:
            try:
                session.add(row)
                session.flush()
                for position, item in enumerate(attachments, start=1):
                    session.add(
                        RegistryAttachmentRow(
                            entry_number=row.number,
                            position=position,
                            filename=item.info.filename,
                            media_type=item.info.media_type,
                            size=item.info.size,
                            sha256=item.info.sha256,
                            content=item.content,
                        )
                    )
                session.add(
                    RegistryEventRow(
                        entry_number=row.number,
                        status=REGISTERED,
                        at=_stored(now),
                        note=REGISTERED_NOTE,
                    )
                )
                session.flush()
            except IntegrityError:
                session.rollback()
                return False
        return True

    def _for_key(self, idempotency_key: str, digest: str) -> RegistryEntry | None:
        """The entry filed earlier with this key (409 if it was for another filing)."""
        with self._database.session() as session:
            row = session.scalars(
                select(RegistryEntryRow).where(RegistryEntryRow.idempotency_key == idempotency_key)
            ).first()
            if row is None:
                return None
            if row.request_digest != digest:
                raise IdempotencyConflict(
                    "This idempotency key was already used for a different registry entry."
                )
            number = row.number
        return self._entry(number)

    def _entry(self, number: str) -> RegistryEntry:
        with self._database.session() as session:
            row = session.get(RegistryEntryRow, number)
            if row is None:
                raise UnknownEntry()
            files = session.scalars(
                select(RegistryAttachmentRow)
                .where(RegistryAttachmentRow.entry_number == number)
                .order_by(RegistryAttachmentRow.position)
            ).all()
            events = session.scalars(
                select(RegistryEventRow)
                .where(RegistryEventRow.entry_number == number)
                .order_by(RegistryEventRow.at, RegistryEventRow.id)
            ).all()
            return RegistryEntry(
                number=row.number,
                nif=row.nif,
                kind=_KINDS[row.kind],
                subject=row.subject,
                status=_STATUSES[row.status],
                department=row.department,
                registered_at=_aware(row.registered_at),
                updated_at=_aware(row.updated_at),
                csv=row.csv,
                attachments=tuple(
                    AttachmentInfo(f.filename, f.media_type, f.size, f.sha256) for f in files
                ),
                history=tuple(
                    HistoryEvent(_STATUSES[e.status], _aware(e.at), e.note) for e in events
                ),
            )

    def _receipt(
        self,
        request: EntryRequest,
        attachments: tuple[_Checked, ...],
        number: str,
        csv: str,
        applicant: str | None,
        registered_at: dt.datetime,
    ) -> bytes:
        local = registered_at.astimezone(LOCAL_TIME)
        files = [
            line
            for position, item in enumerate(attachments, start=1)
            for line in (
                RecordLine(
                    f"{position}. {item.info.filename} ({item.info.media_type}, "
                    f"{_bytes(item.info.size)})"
                ),
                RecordLine(f"SHA-256: {item.info.sha256}", monospace=True),
            )
        ]
        text_digest = hashlib.sha256(request.text.encode()).hexdigest()
        record = OfficialRecord(
            council_name=self._council_name,
            title=RECEIPT_TITLE,
            issued_at=local,
            facts=(
                ("Número de registro", number),
                ("Fecha y hora", local.strftime("%d/%m/%Y %H:%M:%S (hora de Madrid)")),
                ("Tipo de escrito", KIND_NAMES[request.kind]),
                ("Unidad de destino", DEPARTMENTS[request.kind]),
                ("Asunto", request.subject),
                ("Interesado/a", applicant or "—"),
                ("NIF/NIE", mask_nif(request.nif)),
            ),
            csv=csv,
            verification_url=self._verification_url,
            sections=(
                RecordSection(
                    f"Documentos adjuntos ({len(attachments)})",
                    tuple(files) or (RecordLine("Ninguno."),),
                ),
                RecordSection(
                    "Texto del escrito",
                    (
                        RecordLine(
                            f"Registrado íntegramente ({len(request.text)} caracteres); "
                            "su huella digital es:"
                        ),
                        RecordLine(f"SHA-256: {text_digest}", monospace=True),
                    ),
                ),
            ),
            notes=(
                "Este justificante acredita la presentación del escrito y de los documentos "
                "relacionados en el registro electrónico general, en la fecha y hora indicadas "
                "(art. 16.3 de la Ley 39/2015).",
                f"Documento sellado electrónicamente por {self._council_name} (actuación "
                "administrativa automatizada, art. 42 de la Ley 40/2015).",
                "SANDBOX: documento de demostración con datos ficticios, sin validez legal.",
            ),
        )
        return sign_pdf(
            self._renderer.render(record), self._seal, SEAL_REASON, location=MUNICIPALITY
        )


def _shown_name(filename: str | None, position: int) -> str:
    """How an error names a file: its position and its name, cut short and quoted."""
    name = " ".join((filename or "").split())[:60]
    return f'{position} ("{name}")' if name else str(position)


def _request_digest(request: EntryRequest, attachments: tuple[_Checked, ...]) -> str:
    filed = [
        request.nif,
        request.kind,
        request.subject,
        request.text,
        request.language,
        [[item.info.filename, item.info.sha256] for item in attachments],
    ]
    return hashlib.sha256(json.dumps(filed, ensure_ascii=False).encode()).hexdigest()


def _bytes(size: int) -> str:
    return f"{size:,} bytes".replace(",", ".")


def _stored(moment: dt.datetime) -> dt.datetime:
    """How SQLite keeps a moment: naive UTC."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _aware(stored: dt.datetime) -> dt.datetime:
    return stored.replace(tzinfo=dt.UTC) if stored.tzinfo is None else stored
