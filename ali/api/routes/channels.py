"""What the widget and the kiosk need besides the chat: the council's public profile (name,
branding, welcome, privacy notice), its logo, and recording that the notice was accepted."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from ali.api.deps import CatalogueDep, DatabaseDep, SettingsDep
from ali.api.routes.councils import council_summary
from ali.api.schemas import (
    ConsentRequest,
    ConsentResponse,
    ErrorResponse,
    FeaturedOut,
    PrivacyOut,
    PublicProfile,
)
from ali.errors import AliError, InvalidInput
from ali.storage.consents import ConsentLog

router = APIRouter(prefix="/api/v1/councils/{council_id}", tags=["channels"])

_LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}


class NoLogo(AliError):
    status_code = 404
    public_detail = "This council has no logo configured."


@router.get("/profile", response_model=PublicProfile, responses={404: {"model": ErrorResponse}})
async def public_profile(catalogue: CatalogueDep) -> PublicProfile:
    """The council's assistant as a widget or kiosk presents it (no secrets in it)."""
    profile = catalogue.profile
    known = set(catalogue.ids())
    return PublicProfile(
        **council_summary(profile).model_dump(),
        welcome=profile.welcome.model_dump(),
        privacy=PrivacyOut(
            version=profile.privacy.version,
            text=profile.privacy.text.model_dump(),
            url=str(profile.privacy.url) if profile.privacy.url else None,
        ),
        featured=[
            FeaturedOut(
                procedure_id=pid,
                title={lang: catalogue.get(pid).title(lang) for lang in profile.languages},
            )
            for pid in profile.featured
            if pid in known
        ],
        phone=profile.contact.phone,
        sign_in=profile.identity is not None,
    )


@router.get("/logo", response_class=FileResponse, responses={404: {"model": ErrorResponse}})
async def logo(catalogue: CatalogueDep, settings: SettingsDep) -> FileResponse:
    profile = catalogue.profile
    if not profile.branding.logo:
        raise NoLogo()
    folder = (settings.knowledge_dir / profile.id).resolve()
    path = (folder / profile.branding.logo).resolve()
    suffix = Path(profile.branding.logo).suffix.lower()
    if folder not in path.parents or not path.is_file() or suffix not in _LOGO_TYPES:
        raise NoLogo()
    return FileResponse(
        path, media_type=_LOGO_TYPES[suffix], headers={"Cache-Control": "public, max-age=3600"}
    )


@router.post(
    "/consents",
    status_code=201,
    response_model=ConsentResponse,
    responses={code: {"model": ErrorResponse} for code in (404, 422)},
)
async def accept_privacy_notice(
    body: ConsentRequest, catalogue: CatalogueDep, database: DatabaseDep
) -> ConsentResponse:
    """Records that the privacy notice (this `notice_version`) was accepted on a channel."""
    profile = catalogue.profile
    profile.require_language(body.language)
    if body.notice_version != profile.privacy.version:
        raise InvalidInput("The privacy notice has changed; please read the current one.")
    consents = ConsentLog(database)
    await run_in_threadpool(
        consents.record, profile.id, body.channel, body.notice_version, body.language
    )
    return ConsentResponse(status="recorded")
