"""`/admin/`: the staff dashboard (HTML), its sign-in, and its data as JSON and CSV.

Every data route needs a valid session cookie (401 JSON otherwise); with no admin password
configured, every route answers 503 and there is no way in. A sign-in takes a throttle slot
before its password is hashed (429 with Retry-After when none is left) and waits for one of a
few hashing slots (503 "busy" when none frees in time), so guesses cannot exhaust the server.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ali.admin.access import AdminAccess, AdminSignInRequired
from ali.admin.analytics import Dashboard, Summary
from ali.admin.export import Section, filename, to_csv
from ali.admin.hashing import SignInBusy
from ali.admin.languages import (
    LANGUAGE_COOKIE,
    LANGUAGE_COOKIE_DAYS,
    LANGUAGE_PARAMETER,
    LanguageChoice,
    choose_language,
    offered_languages,
)
from ali.admin.pages import AdminPages, LoginMessage
from ali.admin.period import Period
from ali.admin.repository import AnalyticsRepository
from ali.admin.sessions import COOKIE_NAME, COOKIE_PATH, AdminSession
from ali.api.client_address import TrustedProxies, client_address
from ali.api.deps import CouncilsDep
from ali.api.routes.pages import content_security_policy
from ali.councils import Councils
from ali.errors import AliError
from ali.i18n import catalogues
from ali.language.registry import installed
from ali.settings import Settings

NO_STORE = {"Cache-Control": "no-store"}


class NotYourCouncil(AliError):
    status_code = 403
    public_detail = "This admin account is for another council's dashboard."


def visible_councils(session: AdminSession, councils: Councils) -> list[str]:
    """The councils a session may see: its council's account sees that council only."""
    if session.council is None:
        return councils.ids
    return [council for council in councils.ids if council == session.council]


def build_admin_router(settings: Settings, access: AdminAccess | None = None) -> APIRouter:
    access = access or AdminAccess(settings)
    proxies = TrustedProxies(settings.trusted_proxies)
    router = APIRouter(prefix="/admin", include_in_schema=False)
    page_headers = NO_STORE | {
        "Content-Security-Policy": content_security_policy(settings),
        "Referrer-Policy": "same-origin",
    }
    secure_cookie = settings.environment == "production"

    def current_session(request: Request) -> AdminSession | None:
        return access.verify(request.cookies.get(COOKIE_NAME))

    def require_session(request: Request) -> AdminSession:
        session = current_session(request)
        if session is None:
            raise AdminSignInRequired()
        return session

    signed_in = Depends(require_session)

    def summary_of(
        request: Request,
        councils: CouncilsDep,
        council: Annotated[str | None, Query(max_length=64)] = None,
        first: Annotated[dt.date | None, Query(alias="from")] = None,
        last: Annotated[dt.date | None, Query(alias="to")] = None,
    ) -> Summary:
        """The figures the query asks for, of a council the session may see (its first and
        the last 30 days by default)."""
        allowed = visible_councils(require_session(request), councils)
        if not allowed:
            raise NotYourCouncil()
        catalogue = councils.catalogue(council or allowed[0])  # 404 for an unknown one
        if catalogue.profile.id not in allowed:
            raise NotYourCouncil()
        period = Period.of(first, last)
        return Dashboard(AnalyticsRepository(councils.database)).summary(catalogue, period)

    # A default, not `Annotated[..., Depends(summary_of)]`: the annotations are strings, read
    # in the module's namespace, where this closure's function is not.
    summarised = Depends(summary_of)

    def language_of(
        request: Request, default: str | None, shown: str | None = None
    ) -> LanguageChoice:
        """The pages' language: `?lang=`, the one the form was `shown` in, the cookie,
        Accept-Language, then `default` (the first council's)."""
        return choose_language(
            offered_languages(installed(), catalogues()),
            asked=request.query_params.get(LANGUAGE_PARAMETER),
            remembered=shown or request.cookies.get(LANGUAGE_COOKIE),
            accept_language=request.headers.get("accept-language"),
            default=default,
        )

    def html(
        body: str, choice: LanguageChoice, status_code: int = 200, **extra: str
    ) -> HTMLResponse:
        language = {"Content-Language": choice.language.tag, "Vary": "Accept-Language, Cookie"}
        headers = page_headers | language | extra
        response = HTMLResponse(body, status_code, headers=headers)
        if choice.picked:  # remembered for the next pages
            response.set_cookie(
                LANGUAGE_COOKIE,
                choice.language.code,
                max_age=LANGUAGE_COOKIE_DAYS * 24 * 3600,
                path=COOKIE_PATH,
                secure=secure_cookie,
                httponly=True,
                samesite="lax",
            )
        return response

    @router.get("/")
    def home(request: Request, councils: CouncilsDep) -> HTMLResponse:
        first = councils.catalogue(councils.ids[0]) if councils.ids else None
        choice = language_of(request, first.profile.default_language if first else None)
        pages = AdminPages(catalogues())
        if access.problem is not None:
            return html(pages.unavailable(choice), choice, 503)
        if current_session(request) is not None:
            return html(pages.dashboard(choice), choice)
        signed_out = "signed-out" in request.query_params
        return html(pages.login(choice, LoginMessage.SIGNED_OUT if signed_out else None), choice)

    @router.post("/login")
    async def login(
        request: Request,
        username: Annotated[str, Form(max_length=200)],
        password: Annotated[str, Form(max_length=200)],
        language: Annotated[str | None, Form(max_length=16)] = None,
    ) -> Response:
        # Async: the throttle takes microseconds and the hash runs in a worker thread, so
        # waiting sign-ins hold no thread and the event loop stays free.
        access.require_configured()
        choice = language_of(request, None, shown=language)  # the sign-in form's
        pages = AdminPages(catalogues())
        client = client_address(request.scope, proxies)
        refusal = access.throttle.attempt(client)
        if refusal is not None:
            message = LoginMessage.THROTTLED if refusal.reason == "client" else LoginMessage.BUSY
            retry = {"Retry-After": str(refusal.retry_after)}
            return html(pages.login(choice, message), choice, 429, **retry)
        try:
            account = await access.check(username, password)
        except SignInBusy as busy:
            retry = {"Retry-After": str(busy.retry_after)}
            return html(pages.login(choice, LoginMessage.BUSY), choice, 503, **retry)
        if account is None:
            return html(pages.login(choice, LoginMessage.WRONG), choice, 401)
        access.throttle.succeeded(client)
        cookie = access.issue(account)
        response = RedirectResponse("/admin/", status_code=303, headers=NO_STORE)
        response.set_cookie(
            COOKIE_NAME,
            cookie,
            max_age=access.lifetime_seconds,
            path=COOKIE_PATH,
            secure=secure_cookie,
            httponly=True,
            samesite="strict",
        )
        return response

    @router.post("/logout")
    def logout(request: Request) -> RedirectResponse:
        session = access.verify(request.cookies.get(COOKIE_NAME))
        if session is not None:
            access.revoke(session)
        response = RedirectResponse("/admin/?signed-out", status_code=303, headers=NO_STORE)
        response.delete_cookie(
            COOKIE_NAME, path=COOKIE_PATH, secure=secure_cookie, httponly=True, samesite="strict"
        )
        return response

    @router.get("/api/councils")
    def councils_list(request: Request, councils: CouncilsDep) -> JSONResponse:
        session = require_session(request)
        rows = [
            {"id": council_id, "name": councils.catalogue(council_id).profile.name}
            for council_id in visible_councils(session, councils)
        ]
        return JSONResponse({"councils": rows}, headers=NO_STORE)

    @router.get("/api/summary", dependencies=[signed_in])
    def summary(result: Summary = summarised) -> JSONResponse:
        return JSONResponse(jsonable_encoder(result), headers=NO_STORE)

    @router.get("/export.csv", dependencies=[signed_in])
    def export(result: Summary = summarised, section: Section = "daily") -> Response:
        disposition = f'attachment; filename="{filename(result, section)}"'
        return Response(
            to_csv(result, section),
            media_type="text/csv; charset=utf-8",
            headers=NO_STORE | {"Content-Disposition": disposition},
        )

    return router
