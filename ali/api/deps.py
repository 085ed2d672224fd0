"""What routes receive, as `Annotated` dependency aliases: the deployment's settings and
councils, one council's catalogue and dialogue engine (from the `{council_id}` of the path), its
stores, and the citizen signed in.

An unknown council is a 404 and a council still warming up a 503, raised here before the route
runs (before the path, query and body are validated: a route that must answer 422 to a bad
parameter before anything else checks it itself, as the attachments routes do sign-in).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from ali.attachments.store import AttachmentStore
from ali.catalogue.catalogue import Catalogue
from ali.councils import Councils
from ali.dialogue.engine import DialogueEngine
from ali.errors import AliError, InvalidToken
from ali.identity.citizen import Citizen
from ali.settings import Settings
from ali.storage.conversations import ConversationStore
from ali.storage.database import Database

_KIOSK_HEADERS = ("x-kiosk-id", "x-kiosk-key", "x-citizen-assertion")


class AmbiguousCredentials(AliError):
    """A request that names more than one way of signing in, or one of them half-given."""

    status_code = 401
    public_detail = "Send either a sign-in token or kiosk credentials, once each."


def get_councils(request: Request) -> Councils:
    councils: Councils = request.app.state.councils
    return councils


CouncilsDep = Annotated[Councils, Depends(get_councils)]


def get_settings(councils: CouncilsDep) -> Settings:
    """The settings the deployment's councils were built with."""
    return councils.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_catalogue(council_id: str, councils: CouncilsDep) -> Catalogue:
    return councils.catalogue(council_id)


CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]


def get_engine(council_id: str, councils: CouncilsDep) -> DialogueEngine:
    return councils.runtime(council_id).engine


EngineDep = Annotated[DialogueEngine, Depends(get_engine)]


def get_conversations(councils: CouncilsDep) -> ConversationStore:
    return councils.conversations


ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]


def get_attachments(councils: CouncilsDep) -> AttachmentStore:
    return councils.attachments


AttachmentsDep = Annotated[AttachmentStore, Depends(get_attachments)]


def get_database(councils: CouncilsDep) -> Database:
    return councils.database


DatabaseDep = Annotated[Database, Depends(get_database)]


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


def get_owner(council_id: str, citizen: CitizenDep, councils: CouncilsDep) -> str | None:
    """What a conversation the caller signed in to records as its owner (None: anonymous; the
    council's engine is needed, and so ready, only for a signed-in caller)."""
    return None if citizen is None else councils.runtime(council_id).engine.owner_of(citizen)


OwnerDep = Annotated[str | None, Depends(get_owner)]


ConversationId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
