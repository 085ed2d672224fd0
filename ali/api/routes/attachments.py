"""Files for an application, uploaded beside the chat while its form asks for them:
`POST .../conversations/{id}/attachments` (multipart, field `file`), list, delete.

Only the signed-in citizen who owns the conversation can upload, and only while its form is at
an attachments step. Each file is checked by content (PDF, JPEG or PNG), its size and the
form's totals are limited, and it is kept only until the form is sent or cancelled.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from ali.api.deps import AttachmentsDep, CitizenDep, ConversationId, EngineDep, SettingsDep
from ali.api.errors import UnsupportedMediaType
from ali.api.schemas import AttachmentOut, ErrorResponse
from ali.attachments import RejectedAttachment, StoredAttachment, inspect_attachment
from ali.attachments.inspection import ACCEPTED_TYPES
from ali.dialogue.engine import DialogueEngine
from ali.dialogue.form_flow import accepted_types
from ali.errors import AliError
from ali.identity.citizen import Citizen

router = APIRouter(
    prefix="/api/v1/councils/{council_id}/conversations/{conversation_id}/attachments",
    tags=["attachments"],
)
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse} for code in (401, 404, 409, 413, 422)
}
# The form is read in the route, after sign-in and the form's state are checked (a parameter
# would make FastAPI parse, and spool to disk, the whole upload first); so it is declared here.
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


# Attachment ids are hex uuids; anything else (a NUL, which PostgreSQL refuses) is a 422.
AttachmentId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class SignInRequired(AliError):
    status_code = 401
    public_detail = "Attaching files needs a signed-in citizen."


class UnknownAttachment(AliError):
    status_code = 404
    public_detail = "There is no such attachment in this form."


def _signed_in(citizen: Citizen | None) -> Citizen:
    """Checked in the route, after the path is validated (a bad id is a 422 first)."""
    if citizen is None:
        raise SignInRequired()
    return citizen


def _form(engine: DialogueEngine, conversation_id: str, citizen: Citizen | None) -> str:
    form_id, _, _ = engine.form_awaiting_files(conversation_id, _signed_in(citizen))
    return form_id


def _out(item: StoredAttachment) -> AttachmentOut:
    return AttachmentOut(
        id=item.id,
        filename=item.filename,
        media_type=item.media_type,
        size=item.size,
        sha256=item.sha256,
    )


async def _read_form(request: Request) -> FormData:
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "multipart/form-data":
        raise UnsupportedMediaType("Send the file as multipart/form-data.")
    return await request.form(max_files=1, max_fields=4)


def _the_file(form: FormData) -> UploadFile:
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise RequestValidationError(
            [{"loc": ("body", "file"), "msg": "a file is required in the field 'file'"}]
        )
    return file


@router.post(
    "", status_code=201, response_model=AttachmentOut, responses=_ERRORS, openapi_extra=_UPLOAD_BODY
)
async def upload(
    council_id: str,
    conversation_id: ConversationId,
    request: Request,
    citizen: CitizenDep,
    engine: EngineDep,
    store: AttachmentsDep,
    settings: SettingsDep,
) -> AttachmentOut:
    """Attach one file (PDF, JPEG or PNG) to the form the conversation is filling."""
    form_id, owner, slot = await run_in_threadpool(
        engine.form_awaiting_files, conversation_id, _signed_in(citizen)
    )
    limits = settings.attachments
    form = await _read_form(request)
    try:
        file = _the_file(form)
        content = await file.read(limits.max_file_bytes + 1)
        filename = file.filename
    finally:
        await form.close()
    inspected = inspect_attachment(filename, content, limits.max_file_bytes)
    existing = await run_in_threadpool(store.of_form, form_id)
    if inspected.media_type not in accepted_types(slot):
        names = ", ".join(ACCEPTED_TYPES[kind].lstrip(".").upper() for kind in accepted_types(slot))
        raise RejectedAttachment(f"This step takes only {names} files.")
    if len(existing) >= slot.max_files:
        raise RejectedAttachment(f"A form takes at most {slot.max_files} files.")
    if sum(item.size for item in existing) + inspected.size > limits.max_total_bytes:
        raise RejectedAttachment(f"The files of a form add up to at most {limits.max_total_mb} MB.")
    stored = await run_in_threadpool(
        lambda: store.add(
            council_id=council_id,
            conversation_id=conversation_id,
            form_id=form_id,
            owner=owner,
            inspected=inspected,
            content=content,
        )
    )
    return _out(stored)


@router.get("", response_model=list[AttachmentOut], responses=_ERRORS)
async def list_attachments(
    conversation_id: ConversationId,
    citizen: CitizenDep,
    engine: EngineDep,
    store: AttachmentsDep,
) -> list[AttachmentOut]:
    """The files attached so far to the form at its attachments step."""
    form_id = await run_in_threadpool(_form, engine, conversation_id, citizen)
    return [_out(item) for item in await run_in_threadpool(store.of_form, form_id)]


@router.delete("/{attachment_id}", status_code=204, responses=_ERRORS)
async def remove_attachment(
    council_id: str,
    conversation_id: ConversationId,
    attachment_id: AttachmentId,
    citizen: CitizenDep,
    engine: EngineDep,
    store: AttachmentsDep,
) -> Response:
    """Take a file out of the form (before it is sent)."""
    form_id = await run_in_threadpool(_form, engine, conversation_id, citizen)
    removed = await run_in_threadpool(store.remove, form_id, attachment_id)
    if not removed:
        raise UnknownAttachment()
    return Response(status_code=204)
