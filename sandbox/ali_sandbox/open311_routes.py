"""The sandbox's Open311 GeoReport v2 server: services, service requests (JSON, form or
multipart bodies, with an optional photo), their status, and errors in Open311's own format."""

from __future__ import annotations

import hmac
import inspect
import json
import re
from collections.abc import AsyncGenerator, Awaitable, Sequence
from contextlib import aclosing
from typing import Annotated, Any
from urllib.parse import parse_qsl

import anyio
from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    Header,
    Query,
    Request,
    Response,
    status,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from ali.connectors.contracts import open311
from ali.connectors.contracts.shared import normalise_nif
from ali.errors import AliError
from ali_sandbox.errors import (
    Open311InvalidApiKey,
    Open311InvalidRequest,
    Open311NeverReceived,
    Open311NotFound,
    Open311PayloadTooLarge,
    Open311UnsupportedMediaType,
)
from ali_sandbox.open311 import (
    CLOSING_NOTE,
    MAX_MEDIA_BYTES,
    SERVICE_NOTICE,
    Incident,
    IncidentDesk,
    IncidentService,
    IncidentSubmission,
    Photo,
    ServiceAttribute,
    checked_photo,
)
from ali_sandbox.settings import SandboxSettings

OPEN311_ERROR = {
    "model": list[open311.Open311Error],
    "description": 'Open311 JSON `[{"code": status, "description": ...}]`',
}
OPEN311_PREFIX = "/open311/v2"
MAX_OPEN311_BODY = 64 * 1024
MAX_OPEN311_MULTIPART_BODY = MAX_MEDIA_BYTES + MAX_OPEN311_BODY  # a photo and the fields
_OPEN311_FORMS = ("application/x-www-form-urlencoded", "application/json", "")
_ATTRIBUTE_FIELD = re.compile(r"^attribute\[([^\[\]]{1,32})\]$")


def open311_router(settings: SandboxSettings, desk: IncidentDesk) -> APIRouter:
    """Open311 GeoReport v2, JSON format only, for incident reports. The service list, a
    service's definition and a request by id are public, as Open311 intends (no personal data
    is ever returned); creating a request, listing a citizen's and looking one up for a
    citizen (`account_id`) take the API key, as `api_key` or `X-Api-Key` (403 otherwise)."""
    router = APIRouter(prefix=OPEN311_PREFIX, tags=["open311 (incidents)"])

    def require_key(
        x_api_key: Annotated[str | None, Header()] = None,
        api_key: Annotated[str | None, Query()] = None,
    ) -> None:
        _check_open311_key(settings, x_api_key, api_key)

    async def read_submission(
        request: Request, x_api_key: str | None, api_key: str | None
    ) -> IncidentSubmission:
        media: bytes | None = None
        content_type = _content_type(request)
        if content_type == "multipart/form-data":
            fields, media = await _open311_multipart(request)
        elif content_type in _OPEN311_FORMS:
            fields = await _open311_fields(request)
        else:
            raise Open311UnsupportedMediaType(
                "Send application/x-www-form-urlencoded, multipart/form-data or application/json."
            )
        _check_open311_key(settings, x_api_key, api_key, fields.pop("api_key", None))
        try:
            body = open311.IncidentRequest.model_validate(fields)
        except ValidationError as exc:
            raise Open311InvalidRequest(_validation_message(exc)) from exc
        photo: Photo | None = None
        if media is not None:
            if body.media_url is not None:
                raise Open311InvalidRequest("Send either media or media_url, not both.")
            photo = await run_in_threadpool(checked_photo, media)
        return IncidentSubmission(
            service_code=body.service_code,
            nif=body.account_id,
            description=body.description,
            address=body.address_string,
            lat=body.lat,
            long=body.long,
            attributes=body.attribute,
            email=body.email,
            first_name=body.first_name,
            last_name=body.last_name,
            phone=body.phone,
            media_url=body.media_url if photo is None else open311_media_url(settings, photo),
            media=photo,
            idempotency_key=body.idempotency_key,
        )

    @router.get("/services.json", response_model=list[open311.Open311Service])
    def services() -> list[open311.Open311Service]:
        """The services one can report an incident for."""
        return [_open311_service_out(service) for service in desk.services()]

    @router.get(
        "/services/{service_code}.json",
        response_model=open311.Open311Definition,
        response_model_exclude_none=True,
        responses={404: OPEN311_ERROR},
    )
    def service_definition(service_code: str) -> open311.Open311Definition:
        """The service's attributes: the extra questions a request must or may answer."""
        service = desk.service(service_code)
        if service is None:
            raise Open311NotFound("No service with this service_code exists.")
        return open311.Open311Definition(
            service_code=service.code,
            attributes=[_open311_attribute_out(attribute) for attribute in service.attributes],
        )

    @router.post(
        "/requests.json",
        response_model=list[open311.Open311Created],
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": list[open311.Open311Created], "description": "Repeated idempotency key"},
            400: OPEN311_ERROR,
            403: OPEN311_ERROR,
            409: OPEN311_ERROR,
            413: OPEN311_ERROR,
            415: OPEN311_ERROR,
        },
    )
    async def create_request(
        request: Request,
        response: Response,
        x_api_key: Annotated[str | None, Header()] = None,
        api_key: Annotated[str | None, Query()] = None,
    ) -> list[open311.Open311Created]:
        """Report an incident, as `application/x-www-form-urlencoded` (what Open311 clients
        send), as a JSON object, or as `multipart/form-data` with the form's fields and a photo:
        `api_key`, `service_code`, `lat`+`long` or `address_string`, `description`,
        `attribute[code]=value`, optional `email`, `first_name`, `last_name`, `phone`,
        `media_url`; and ALI's `account_id` (the citizen's NIF) and `idempotency_key` (a repeat
        answers 200 with the same id; 409 if the key was used for another report). 400 for a
        missing location or attribute.

        The multipart body's optional file `media` is a JPEG or PNG by its content (400
        otherwise), of at most 10 MiB (413); the request's `media_url` then points at it
        (`/open311/v2/media/<sha256>.jpg|png`), so it cannot come with a `media_url` too
        (400)."""
        submission = await read_submission(request, x_api_key, api_key)
        submitted = await run_in_threadpool(desk.submit, submission)
        if not submitted.created:
            response.status_code = status.HTTP_200_OK
        await anyio.sleep(settings.answer_delay("open311.requests"))
        return [
            open311.Open311Created(
                service_request_id=submitted.incident.id, service_notice=SERVICE_NOTICE
            )
        ]

    @router.get(
        "/media/{sha256}.{extension}",
        response_class=Response,
        responses={
            200: {"content": {"image/jpeg": {}, "image/png": {}}, "description": "The photo"},
            404: OPEN311_ERROR,
        },
    )
    def media_file(sha256: str, extension: str) -> Response:
        """A photo sent with a report, public like the report's `media_url` that points here."""
        photo = desk.photo(sha256)
        if photo is None or photo.extension != extension:
            raise Open311NotFound("No media with this name exists.")
        return Response(
            photo.content,
            media_type=photo.media_type,
            headers={
                "Cache-Control": "public, max-age=31536000, immutable",  # named by its content
                "Content-Disposition": f'inline; filename="{sha256}.{extension}"',
                "X-Content-Type-Options": "nosniff",
            },
        )

    @router.get(
        "/requests.json",
        response_model=list[open311.Open311Request],
        dependencies=[Depends(require_key)],
        responses={400: OPEN311_ERROR, 403: OPEN311_ERROR},
    )
    def requests_of(
        account_id: Annotated[str | None, Query()] = None,
        x_account_id: Annotated[str | None, Header()] = None,
    ) -> list[open311.Open311Request]:
        """The requests of the citizen with this NIF (`account_id`, required, or the
        `X-Account-Id` header, which stays out of URLs and access logs), newest first."""
        account_id = x_account_id if x_account_id is not None else account_id
        if account_id is None or not account_id.strip():
            raise Open311InvalidRequest("account_id is required.")
        nif = _open311_nif(account_id)
        if nif is None:
            raise Open311InvalidRequest("account_id: not a valid DNI or NIE.")
        return [_open311_request_out(incident) for incident in desk.incidents_of(nif)]

    @router.get(
        "/requests/{service_request_id}.json",
        response_model=list[open311.Open311Request],
        responses={403: OPEN311_ERROR, 404: OPEN311_ERROR},
    )
    def request_by_id(
        service_request_id: str,
        x_api_key: Annotated[str | None, Header()] = None,
        api_key: Annotated[str | None, Query()] = None,
        account_id: Annotated[str | None, Query()] = None,
        x_account_id: Annotated[str | None, Header()] = None,
    ) -> list[open311.Open311Request]:
        """One request, without the citizen's personal data. With `account_id` (or the
        `X-Account-Id` header; API key required) it is found only if it is that citizen's:
        another's is 404, like one that does not exist."""
        account_id = x_account_id if x_account_id is not None else account_id
        incident = desk.incident(service_request_id.strip().upper())
        if account_id is not None:
            _check_open311_key(settings, x_api_key, api_key)
            if incident is not None and incident.nif != _open311_nif(account_id):
                incident = None
        if incident is None:
            raise Open311NotFound("No service request with this id exists.")
        return [_open311_request_out(incident)]

    @router.get(
        "/tokens/{token}.json",
        response_model=list[open311.Open311Token],
        dependencies=[Depends(require_key)],
        responses={403: OPEN311_ERROR, 404: OPEN311_ERROR},
    )
    def request_for_token(token: str) -> list[open311.Open311Token]:
        """GeoReport v2's token lookup, with the `idempotency_key` a request was sent with as
        its token: what became of a request whose answer never arrived. 404 (description
        starting `NeverReceived`) when no request came with it: send it again, same key."""
        incident = desk.incident_for_key(token)
        if incident is None:
            raise Open311NeverReceived()
        return [
            open311.Open311Token(
                token=token, service_request_id=incident.id, service_notice=SERVICE_NOTICE
            )
        ]

    @router.post(
        "/requests/{service_request_id}/close",
        response_model=list[open311.Open311Request],
        dependencies=[Depends(require_key)],
        responses={403: OPEN311_ERROR, 404: OPEN311_ERROR},
    )
    async def close_request(
        service_request_id: str, request: Request
    ) -> list[open311.Open311Request]:
        """SANDBOX only: close the request, with `status_notes` (form or JSON, optional), so a
        demo can show a status change. Closing again changes nothing."""
        fields = await _open311_fields(request)
        notes = fields.get("status_notes")
        if notes is not None and (not isinstance(notes, str) or len(notes) > 500):
            raise Open311InvalidRequest("status_notes: at most 500 characters of text.")
        closed = await run_in_threadpool(
            desk.close,
            service_request_id.strip().upper(),
            " ".join(notes.split()) if notes else CLOSING_NOTE,
        )
        return [_open311_request_out(closed)]

    return router


def install_open311_error_handlers(app: FastAPI) -> None:
    """Under `/open311/`, every error is Open311's `[{"code": status, "description": ...}]`
    with the same HTTP status (400 instead of 422 for invalid input); elsewhere ALI's handlers
    answer as before. Call after `install_error_handlers`."""

    def wrap(kind: type[Exception]) -> None:
        fallback = app.exception_handlers[kind]

        async def handler(request: Request, exc: Exception) -> Response:
            if not request.url.path.startswith(f"{OPEN311_PREFIX}/"):
                return await _answer(fallback(request, exc))
            code, description = _open311_status(exc)
            if code >= 500:
                await _answer(fallback(request, exc))  # ALI's handler logs it
            return JSONResponse([{"code": code, "description": description}], status_code=code)

        app.add_exception_handler(kind, handler)

    for kind in (AliError, RequestValidationError, StarletteHTTPException, Exception):
        if kind in app.exception_handlers:  # ALI may handle unexpected errors in a middleware
            wrap(kind)


async def _answer(response: Response | Awaitable[Response]) -> Response:
    return await response if inspect.isawaitable(response) else response


def _open311_status(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, AliError):
        detail = exc.detail if exc.status_code < 500 else exc.public_detail
        return exc.status_code, detail
    if isinstance(exc, RequestValidationError):
        return 400, "; ".join(
            _error_message(error.get("loc", ()), str(error.get("msg", "invalid value")))
            for error in exc.errors()
        )
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code, str(exc.detail)
    return 500, "Something went wrong on our side."


def _error_message(location: Any, message: str) -> str:
    """`field: message`, without the submitted value (it may hold personal data)."""
    message = message.removeprefix("Value error, ")
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return f"{'.'.join(parts)}: {message}" if parts else message


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(
        _error_message(error["loc"], error["msg"]) for error in exc.errors(include_input=False)
    )


def _check_open311_key(settings: SandboxSettings, *supplied: object) -> None:
    """403 unless the first key given (header, query, body) is the sandbox's API key."""
    key = next((value for value in supplied if isinstance(value, str) and value), None)
    expected = settings.api_key.get_secret_value().encode()
    if key is None or not hmac.compare_digest(key.encode(), expected):
        raise Open311InvalidApiKey()


def open311_media_url(settings: SandboxSettings, photo: Photo) -> str:
    return f"{settings.public_url}{OPEN311_PREFIX}/media/{photo.sha256}.{photo.extension}"


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _open311_body(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """The body's chunks as they arrive; 413 as soon as it is larger than `limit` (before
    reading anything when Content-Length says so)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Open311PayloadTooLarge()
    received = 0
    async with aclosing(request.stream()) as chunks:
        async for chunk in chunks:
            received += len(chunk)
            if received > limit:
                raise Open311PayloadTooLarge()
            yield chunk


async def _open311_multipart(request: Request) -> tuple[dict[str, Any], bytes | None]:
    """The fields of a multipart/form-data body, gathered like a form's, and the content of
    its one file, `media` (None without it, or if empty: a form's file input left blank)."""
    async with aclosing(_open311_body(request, MAX_OPEN311_MULTIPART_BODY)) as chunks:
        parser = MultiPartParser(
            request.headers,
            chunks,
            max_files=1,
            max_fields=100,
            max_part_size=MAX_OPEN311_BODY,
        )
        try:
            form = await parser.parse()
        except MultiPartException as exc:
            raise Open311InvalidRequest(
                f"The multipart body could not be read: {exc.message}"
            ) from exc
    pairs: list[tuple[str, str]] = []
    media: bytes | None = None
    try:
        for name, value in form.multi_items():
            if isinstance(value, str):
                if name == "media" and value.strip():
                    raise Open311InvalidRequest("media: must be a file (a JPEG or PNG photo).")
                pairs.append((name, value))
            elif name != "media":
                raise Open311InvalidRequest("Only the media field may be a file.")
            else:
                media = await value.read(MAX_MEDIA_BYTES + 1) or None
    finally:
        await form.close()
    return _gathered(pairs), media


async def _open311_fields(request: Request) -> dict[str, Any]:
    """The fields of a form-encoded or JSON body, gathered (see `_gathered`)."""
    body = b"".join([chunk async for chunk in _open311_body(request, MAX_OPEN311_BODY)])
    if not body.strip():
        return {}
    media_type = _content_type(request)
    pairs: list[tuple[str, Any]]
    if media_type == "application/json":
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise Open311InvalidRequest("The body is not valid JSON.") from exc
        if not isinstance(data, dict):
            raise Open311InvalidRequest("The JSON body must be an object.")
        pairs = list(data.items())
    elif media_type in ("application/x-www-form-urlencoded", ""):
        try:
            pairs = list(
                parse_qsl(
                    body.decode("utf-8"),
                    keep_blank_values=True,
                    strict_parsing=False,
                    errors="strict",
                    max_num_fields=100,
                )
            )
        except ValueError as exc:  # not UTF-8, or too many fields
            raise Open311InvalidRequest("The form body could not be read.") from exc
    else:
        raise Open311UnsupportedMediaType()
    return _gathered(pairs)


def _gathered(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """The fields by name (the first of repeated ones wins), `attribute[code]=value` (or a JSON
    `attribute` object) gathered into `attribute`; blank fields left out."""
    fields: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    for name, value in pairs:
        match = _ATTRIBUTE_FIELD.match(name)
        if match is not None:
            attributes.setdefault(match.group(1), value)
        elif name == "attribute" and isinstance(value, dict):
            for code, answer in value.items():
                attributes.setdefault(str(code), answer)
        elif value is not None and not (isinstance(value, str) and not value.strip()):
            fields.setdefault(name, value)
    if attributes:
        fields["attribute"] = attributes
    return fields


def _open311_nif(account_id: str) -> str | None:
    try:
        return normalise_nif(account_id[:20])
    except ValueError:
        return None


def _open311_service_out(service: IncidentService) -> open311.Open311Service:
    return open311.Open311Service(
        service_code=service.code,
        service_name=service.name,
        description=service.description,
        metadata=bool(service.attributes),
        keywords=",".join(service.keywords),
        group=service.group,
    )


def _open311_attribute_out(attribute: ServiceAttribute) -> open311.Open311Attribute:
    return open311.Open311Attribute(
        code=attribute.code,
        datatype=attribute.datatype,
        required=attribute.required,
        datatype_description=attribute.datatype_description,
        order=attribute.order,
        description=attribute.description,
        values=[open311.Open311Value(key=value.key, name=value.name) for value in attribute.values]
        if attribute.datatype == "singlevaluelist"
        else None,
    )


def _open311_request_out(incident: Incident) -> open311.Open311Request:
    return open311.Open311Request(
        service_request_id=incident.id,
        status=incident.status,
        status_notes=incident.status_notes,
        service_name=incident.service_name,
        service_code=incident.service_code,
        description=incident.description,
        agency_responsible=incident.agency_responsible,
        requested_datetime=incident.requested_datetime,
        updated_datetime=incident.updated_datetime,
        expected_datetime=incident.expected_datetime,
        address=incident.address,
        lat=incident.lat,
        long=incident.long,
        media_url=incident.media_url,
    )
