"""Dependencies of the HTTP layer, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from ali.councils import Councils
from ali.errors import AliError, InvalidToken
from ali.identity.citizen import Citizen

_KIOSK_HEADERS = ("x-kiosk-id", "x-kiosk-key", "x-citizen-assertion")


class AmbiguousCredentials(AliError):
    """A request that names more than one way of signing in, or one of them half-given."""

    status_code = 401
    public_detail = "Send either a sign-in token or kiosk credentials, once each."


def get_councils(request: Request) -> Councils:
    councils: Councils = request.app.state.councils
    return councils


CouncilsDep = Annotated[Councils, Depends(get_councils)]


def get_citizen(council_id: str, request: Request, councils: CouncilsDep) -> Citizen | None:
    """The signed-in citizen from `Authorization: Bearer <token>` (web) or from a kiosk's
    credentials and identity assertion (`X-Kiosk-*` headers); None for anonymous use.

    A header that is present but not valid is an error (401), never an anonymous call: a client
    must know its sign-in was refused. So is any ambiguous combination: an `Authorization`
    header beside kiosk headers, a kiosk key or assertion without a kiosk id, or a credential
    header given twice.
    """
    headers = request.headers
    if any(len(headers.getlist(name)) > 1 for name in (*_KIOSK_HEADERS, "authorization")):
        raise AmbiguousCredentials()
    header = headers.get("authorization")
    kiosk_id = headers.get("x-kiosk-id")
    kiosk_given = any(name in headers for name in _KIOSK_HEADERS)
    if kiosk_given and (header is not None or kiosk_id is None):
        raise AmbiguousCredentials()
    if kiosk_id is not None:
        return councils.kiosks(council_id).authenticate(
            kiosk_id, headers.get("x-kiosk-key", ""), headers.get("x-citizen-assertion")
        )
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    verifier = councils.verifier(council_id)
    if scheme.lower() != "bearer" or not token.strip() or verifier is None:
        raise InvalidToken()
    return verifier.verify(token.strip())


CitizenDep = Annotated[Citizen | None, Depends(get_citizen)]


ConversationId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
