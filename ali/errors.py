"""The small error hierarchy of ALI. One handler in the API renders every `AliError`.

Foreign exceptions are converted where they enter (catalogue files, models, connectors), so the
rest of the code only ever sees these.
"""

from __future__ import annotations


class AliError(Exception):
    """Base of every error ALI raises on purpose; `status_code` is what the API answers."""

    status_code: int = 500
    public_detail: str = "Internal error."

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.public_detail)
        self.detail = detail or self.public_detail


class CatalogueError(AliError):
    """A council's knowledge files are missing or invalid (a deployment error, found at start)."""

    status_code = 500
    public_detail = "The council's catalogue could not be loaded."


class LanguagePackError(AliError):
    """A language pack is missing or invalid, or a council names a language none installs."""

    status_code = 500
    public_detail = "A language pack could not be loaded."


class UnknownCouncil(AliError):
    status_code = 404

    def __init__(self, council_id: str) -> None:
        super().__init__(f"Unknown council {council_id!r}.")
        self.council_id = council_id


class UnknownProcedure(AliError):
    status_code = 404

    def __init__(self, procedure_id: str) -> None:
        super().__init__(f"Unknown procedure {procedure_id!r}.")
        self.procedure_id = procedure_id


class InvalidInput(AliError):
    status_code = 422
    public_detail = "The request is not valid."


class NotReady(AliError):
    """The assistant is still loading its index; the client should retry shortly."""

    status_code = 503
    public_detail = "The assistant is starting up; please try again in a few seconds."


class EmbedderError(AliError):
    """An embedding model could not be loaded or failed to encode."""

    status_code = 503
    public_detail = "The search model is unavailable."


class StorageError(AliError):
    """The database failed; the citizen is asked to try again."""

    status_code = 503
    public_detail = "The service is temporarily unavailable; please try again shortly."


class UnknownConversation(AliError):
    status_code = 404

    def __init__(self, conversation_id: str) -> None:
        super().__init__(f"Unknown conversation or turn in conversation {conversation_id!r}.")


class InvalidToken(AliError):
    """A sign-in token that is forged, expired, for another audience or without a valid NIF."""

    status_code = 401
    public_detail = "The sign-in token is not valid; please sign in again."


class IdentityUnavailable(AliError):
    status_code = 503
    public_detail = "Sign-in is temporarily unavailable; please try again shortly."


class UnknownLanguage(AliError):
    """No interface catalogue is installed for this language."""

    status_code = 404

    def __init__(self, language: str) -> None:
        super().__init__(f"No interface texts for language {language!r}.")
        self.language = language


class EvaluationError(AliError):
    """An evaluation's data set or thresholds file is missing or invalid."""

    status_code = 500
    public_detail = "The evaluation could not run."


class RateLimited(AliError):
    """Too many requests from one client (address, kiosk or citizen) in the council's window,
    or too many of its streams open at once; `retry_after` seconds until it may try again."""

    status_code = 429
    public_detail = "Too many requests; please wait a moment and try again."

    def __init__(self, retry_after: int, limit: str) -> None:
        super().__init__()
        self.retry_after = max(1, retry_after)
        self.limit = limit  # which limit: ip, kiosk, citizen or streams
