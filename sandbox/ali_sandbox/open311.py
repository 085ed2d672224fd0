"""The sandbox's incident desk (street lights, potholes, cleaning, street furniture, trees,
bulky-waste pickup), behind an Open311 GeoReport v2 endpoint.

A citizen's report is a service request: an `INC-` id, a service, a location (lat/long or an
address), an optional description and the answers to the service's attributes. The citizen's NIF
(ALI sends it as `account_id`) and contact details are stored for the council's staff but never
returned. Reports are idempotent on an optional key, like certificates and bookings.

A report may come with a photo (the `media` upload many Open311 servers accept): a JPEG or PNG
of at most 10 MiB, checked by its content like the registry's attachments. It is stored once per
content (keyed by its SHA-256) and the report's `media_url` points at it, so it shows like a
photo hosted anywhere else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Row, Select, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import IntegrityError

from ali.attachments.inspection import media_type_of
from ali.errors import StorageError
from ali_sandbox.appointments import LOCAL_TIME, utc_now
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.errors import (
    Open311Conflict,
    Open311InvalidRequest,
    Open311NotFound,
    Open311PayloadTooLarge,
)
from ali_sandbox.models import (
    IncidentRow,
    IncidentServiceRow,
    Open311MediaRow,
    ServiceAttributeRow,
)

INCIDENT_PREFIX = "INC-"
_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
AGENCY = "Ayuntamiento de Alicante (SANDBOX)"
EXPECTED_DELAY = dt.timedelta(days=7)
SERVICE_NOTICE = (
    "SANDBOX: incidencia registrada (datos de demostración). Plazo estimado de resolución: 7 días."
)
CLOSING_NOTE = "Incidencia resuelta (SANDBOX)."
MAX_LISTED = 200
MAX_MEDIA_BYTES = 10 * 1024 * 1024
_MEDIA_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}  # a photo's type: its extension

IncidentStatus = Literal["open", "closed"]
OPEN: IncidentStatus = "open"
CLOSED: IncidentStatus = "closed"
_STATUSES: dict[str, IncidentStatus] = {OPEN: OPEN, CLOSED: CLOSED}

Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist"]
_DATATYPES: dict[str, Datatype] = {
    "string": "string",
    "number": "number",
    "datetime": "datetime",
    "text": "text",
    "singlevaluelist": "singlevaluelist",
}

Clock = Callable[[], dt.datetime]


def new_incident_id() -> str:
    """`INC-` and six random characters (about 10^9 possibilities), e.g. `INC-7KQ2MX`."""
    return INCIDENT_PREFIX + "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


@dataclass(frozen=True)
class AttributeValue:
    key: str
    name: str


@dataclass(frozen=True)
class ServiceAttribute:
    code: str
    datatype: Datatype
    required: bool
    description: str
    order: int
    datatype_description: str | None = None
    values: tuple[AttributeValue, ...] = ()


@dataclass(frozen=True)
class IncidentService:
    code: str
    name: str
    description: str
    group: str
    keywords: tuple[str, ...]
    attributes: tuple[ServiceAttribute, ...] = ()


@dataclass(frozen=True)
class Photo:
    """A photo of the incident, checked by its content (see `checked_photo`)."""

    sha256: str  # of the content: the photo's id
    media_type: str  # image/jpeg or image/png
    content: bytes

    @property
    def extension(self) -> str:
        return _MEDIA_EXTENSIONS[self.media_type]


def checked_photo(content: bytes) -> Photo:
    """The upload as a photo: a JPEG or PNG that opens, whatever its name or declared type
    said (400 otherwise), of at most 10 MiB (413)."""
    if len(content) > MAX_MEDIA_BYTES:
        raise Open311PayloadTooLarge("media: the photo is larger than 10 MiB.")
    media_type = media_type_of(content)
    if media_type not in _MEDIA_EXTENSIONS:
        raise Open311InvalidRequest("media: not a JPEG or PNG image (checked by its content).")
    return Photo(hashlib.sha256(content).hexdigest(), media_type, content)


@dataclass(frozen=True)
class IncidentSubmission:
    service_code: str
    nif: str | None = None
    description: str | None = None
    address: str | None = None
    lat: float | None = None
    long: float | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    media_url: str | None = None  # the photo's URL, when `media` is given
    media: Photo | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class Incident:
    id: str
    service_code: str
    service_name: str
    nif: str | None
    status: IncidentStatus
    status_notes: str | None
    description: str | None
    address: str | None
    lat: float | None
    long: float | None
    media_url: str | None
    agency_responsible: str
    requested_datetime: dt.datetime  # aware, Madrid time
    updated_datetime: dt.datetime
    expected_datetime: dt.datetime


@dataclass(frozen=True)
class Submitted:
    incident: Incident
    created: bool  # False: the request made earlier with the same idempotency key


class IncidentDesk:
    def __init__(self, database: SandboxDatabase, *, clock: Clock = utc_now) -> None:
        self._database = database
        self._clock = clock

    def services(self) -> list[IncidentService]:
        with self._database.session() as session:
            rows = session.scalars(
                select(IncidentServiceRow).order_by(IncidentServiceRow.code)
            ).all()
            attributes = session.scalars(
                select(ServiceAttributeRow).order_by(ServiceAttributeRow.order)
            ).all()
            return [
                _service(row, [a for a in attributes if a.service_code == row.code]) for row in rows
            ]

    def service(self, code: str) -> IncidentService | None:
        with self._database.session() as session:
            row = session.get(IncidentServiceRow, code)
            if row is None:
                return None
            attributes = session.scalars(
                select(ServiceAttributeRow)
                .where(ServiceAttributeRow.service_code == code)
                .order_by(ServiceAttributeRow.order)
            ).all()
            return _service(row, list(attributes))

    def submit(self, submission: IncidentSubmission) -> Submitted:
        """Store a report (201) or, for a repeated idempotency key, return the earlier one."""
        service = self.service(submission.service_code)
        if service is None:
            raise Open311InvalidRequest("service_code: no service with this code exists.")
        attributes = checked_attributes(service, submission.attributes)
        if submission.idempotency_key is not None:
            earlier = self._replay(submission, attributes)
            if earlier is not None:
                return Submitted(earlier, created=False)
        now = self._now()
        for _attempt in range(3):
            incident_id = new_incident_id()
            if self._insert(incident_id, submission, attributes, now):
                incident = self.incident(incident_id)
                if incident is None:
                    raise StorageError("The service request could not be read back.")
                return Submitted(incident, created=True)
            if submission.idempotency_key is not None:
                earlier = self._replay(submission, attributes)
                if earlier is not None:  # a concurrent request with the same key came first
                    return Submitted(earlier, created=False)
        raise StorageError("The service request could not be stored.")  # three id collisions

    def incident(self, incident_id: str) -> Incident | None:
        with self._database.session() as session:
            row = session.execute(_incidents().where(IncidentRow.id == incident_id)).first()
            return None if row is None else _incident(row)

    def incident_for_key(self, idempotency_key: str) -> Incident | None:
        """The request submitted with this idempotency key, if one was."""
        with self._database.session() as session:
            row = session.execute(
                _incidents().where(IncidentRow.idempotency_key == idempotency_key)
            ).first()
            return None if row is None else _incident(row)

    def photo(self, sha256: str) -> Photo | None:
        """A photo sent with a report, by the SHA-256 of its content."""
        with self._database.session() as session:
            row = session.get(Open311MediaRow, sha256)
            return None if row is None else Photo(row.id, row.media_type, row.content)

    def incidents_of(self, nif: str) -> list[Incident]:
        """The citizen's service requests, newest first (the latest `MAX_LISTED`)."""
        with self._database.session() as session:
            rows = session.execute(
                _incidents()
                .where(IncidentRow.nif == nif)
                .order_by(IncidentRow.requested_datetime.desc(), IncidentRow.id)
                .limit(MAX_LISTED)
            ).all()
            return [_incident(row) for row in rows]

    def close(self, incident_id: str, notes: str = CLOSING_NOTE) -> Incident:
        """Mark the request closed with a status note (sandbox-only; closing again changes
        nothing)."""
        now = self._now()
        with self._database.session() as session:
            row = session.get(IncidentRow, incident_id)
            if row is None:
                raise Open311NotFound("No service request with this id exists.")
            if row.status != CLOSED:
                row.status = CLOSED
                row.status_notes = notes
                row.updated_datetime = _stored(now)
        incident = self.incident(incident_id)
        if incident is None:
            raise StorageError("The service request could not be read back.")
        return incident

    def _now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC)

    def _insert(
        self,
        incident_id: str,
        submission: IncidentSubmission,
        attributes: dict[str, str],
        now: dt.datetime,
    ) -> bool:
        """Store the request and its photo (unless that photo is stored already); False if a
        unique constraint refused the request (id or key used)."""
        with self._database.session() as session:
            try:
                if submission.media is not None:
                    session.execute(
                        insert(Open311MediaRow)
                        .values(
                            id=submission.media.sha256,
                            media_type=submission.media.media_type,
                            content=submission.media.content,
                            created_at=_stored(now),
                        )
                        .on_conflict_do_nothing()
                    )
                session.add(
                    IncidentRow(
                        id=incident_id,
                        idempotency_key=submission.idempotency_key,
                        service_code=submission.service_code,
                        nif=submission.nif,
                        status=OPEN,
                        status_notes=None,
                        description=submission.description,
                        address=submission.address,
                        lat=submission.lat,
                        long=submission.long,
                        attributes=attributes,
                        email=submission.email,
                        first_name=submission.first_name,
                        last_name=submission.last_name,
                        phone=submission.phone,
                        media_url=submission.media_url,
                        agency_responsible=AGENCY,
                        requested_datetime=_stored(now),
                        updated_datetime=_stored(now),
                        expected_datetime=_stored(now + EXPECTED_DELAY),
                    )
                )
                session.flush()
            except IntegrityError:
                session.rollback()
                return False
            return True

    def _replay(
        self, submission: IncidentSubmission, attributes: dict[str, str]
    ) -> Incident | None:
        """The request stored earlier under the submission's idempotency key, if any; 409 if
        that key was used for a different report."""
        with self._database.session() as session:
            row = session.execute(
                _incidents().where(IncidentRow.idempotency_key == submission.idempotency_key)
            ).first()
            if row is None:
                return None
            stored = row[0]
            same = (
                stored.service_code,
                stored.nif,
                stored.description,
                stored.address,
                stored.lat,
                stored.long,
                stored.attributes,
                stored.media_url,
            ) == (
                submission.service_code,
                submission.nif,
                submission.description,
                submission.address,
                submission.lat,
                submission.long,
                attributes,
                submission.media_url,
            )
            if not same:
                raise Open311Conflict()
            return _incident(row)


def checked_attributes(service: IncidentService, answers: dict[str, str]) -> dict[str, str]:
    """The answers to the service's attributes, checked: every required one given, none
    unknown, a list's answer one of its keys, a number a number (400 otherwise)."""
    known = {attribute.code: attribute for attribute in service.attributes}
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise Open311InvalidRequest(
            f"attribute[{unknown[0]}]: the service {service.code!r} has no such attribute."
        )
    checked: dict[str, str] = {}
    for attribute in service.attributes:
        answer = answers.get(attribute.code, "").strip()
        if not answer:
            if attribute.required:
                raise Open311InvalidRequest(f"attribute[{attribute.code}] is required.")
            continue
        if attribute.datatype == "singlevaluelist" and answer not in {
            value.key for value in attribute.values
        }:
            keys = ", ".join(value.key for value in attribute.values)
            raise Open311InvalidRequest(f"attribute[{attribute.code}] must be one of: {keys}.")
        if attribute.datatype == "number" and not _is_number(answer):
            raise Open311InvalidRequest(f"attribute[{attribute.code}] must be a number.")
        checked[attribute.code] = answer
    return checked


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _incidents() -> Select[IncidentRow, str]:
    return select(IncidentRow, IncidentServiceRow.name).join(
        IncidentServiceRow, IncidentServiceRow.code == IncidentRow.service_code
    )


def _stored(moment: dt.datetime) -> dt.datetime:
    """How SQLite keeps a moment: naive UTC (it stores no offset; comparisons are textual)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _local(stored: dt.datetime) -> dt.datetime:
    """A stored moment in Madrid time, to the second (as Open311 shows datetimes)."""
    aware = stored.replace(tzinfo=dt.UTC) if stored.tzinfo is None else stored
    return aware.astimezone(LOCAL_TIME).replace(microsecond=0)


def _service(row: IncidentServiceRow, attributes: list[ServiceAttributeRow]) -> IncidentService:
    return IncidentService(
        code=row.code,
        name=row.name,
        description=row.description,
        group=row.group,
        keywords=tuple(word for word in row.keywords.split(",") if word),
        attributes=tuple(
            ServiceAttribute(
                code=attribute.code,
                datatype=_DATATYPES[attribute.datatype],
                required=attribute.required,
                description=attribute.description,
                order=attribute.order,
                datatype_description=attribute.datatype_description,
                values=tuple(
                    AttributeValue(value["key"], value["name"]) for value in attribute.values
                ),
            )
            for attribute in attributes
        ),
    )


def _incident(row: Row[IncidentRow, str]) -> Incident:
    incident, service_name = row[0], row[1]
    return Incident(
        id=incident.id,
        service_code=incident.service_code,
        service_name=service_name,
        nif=incident.nif,
        status=_STATUSES[incident.status],
        status_notes=incident.status_notes,
        description=incident.description,
        address=incident.address,
        lat=incident.lat,
        long=incident.long,
        media_url=incident.media_url,
        agency_responsible=incident.agency_responsible,
        requested_datetime=_local(incident.requested_datetime),
        updated_datetime=_local(incident.updated_datetime),
        expected_datetime=_local(incident.expected_datetime),
    )
