"""The browser clients' interface texts in one language, from the gettext catalogues."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from ali.api.schemas import ErrorResponse
from ali.errors import UnknownLanguage
from ali.i18n import catalogues
from ali.i18n.browser import browser_messages

router = APIRouter(prefix="/api/v1", tags=["i18n"])


class InterfaceTexts(BaseModel):
    language: str
    # English source text (or context + U+0004 + text) -> the text in `language`.
    messages: dict[str, str]


@router.get(
    "/i18n/{language}",
    response_model=InterfaceTexts,
    responses={404: {"model": ErrorResponse}},
)
async def interface_texts(
    language: Annotated[str, Path(pattern=r"^[a-z]{2,3}$", description="API language code.")],
    response: Response,
) -> InterfaceTexts:
    current = catalogues()
    if not current.has(language):
        raise UnknownLanguage(language)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return InterfaceTexts(language=language, messages=browser_messages(language, current))
