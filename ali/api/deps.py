"""Dependencies of the HTTP layer, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from ali.connectors.base import Citizen
from ali.councils import Councils
from ali.errors import InvalidToken


def get_councils(request: Request) -> Councils:
    councils: Councils = request.app.state.councils
    return councils


CouncilsDep = Annotated[Councils, Depends(get_councils)]


def get_citizen(council_id: str, request: Request, councils: CouncilsDep) -> Citizen | None:
    """The signed-in citizen from `Authorization: Bearer <token>` (web) or from a kiosk's
    credentials and identity assertion (`X-Kiosk-*` headers); None for anonymous use.

    A header that is present but not a valid token is an error (401), never an anonymous call:
    a client must know its sign-in was refused.
    """
    kiosk_id = request.headers.get("x-kiosk-id")
    if kiosk_id is not None:
        return councils.kiosks(council_id).authenticate(
            kiosk_id,
            request.headers.get("x-kiosk-key", ""),
            request.headers.get("x-citizen-assertion"),
        )
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    verifier = councils.verifier(council_id)
    if scheme.lower() != "bearer" or not token.strip() or verifier is None:
        raise InvalidToken()
    return verifier.verify(token.strip())


CitizenDep = Annotated[Citizen | None, Depends(get_citizen)]


ConversationId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
