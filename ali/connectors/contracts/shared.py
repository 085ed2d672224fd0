"""What every back office's contract shares: the error body, the idempotency key and the NIF as
requests carry them, names in the council's languages, and reading an answer into a model."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from stdnum.es import dni, nie

from ali.actions.action import ActionFailed
from ali.catalogue.schema import Language

# The error a lookup by idempotency key answers (404) when no request came with that key, so
# sending it again with the same key is safe. Any other answer means it cannot tell now.
NEVER_RECEIVED = "NeverReceived"

M = TypeVar("M", bound=BaseModel)


def normalise_nif(value: str) -> str:
    """A DNI or NIE in compact upper-case form; ValueError if its check letter is wrong."""
    compact = value.strip().upper().replace("-", "").replace(" ", "")
    if not (dni.is_valid(compact) or nie.is_valid(compact)):
        raise ValueError("not a valid DNI or NIE")
    return compact


Nif = Annotated[str, Field(max_length=20), AfterValidator(normalise_nif)]
IdempotencyKey = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]


class Sent(BaseModel):
    """A request body: the back office refuses a field it does not know."""

    model_config = ConfigDict(extra="forbid")


class Answer(BaseModel):
    """An answer: the fields ALI reads; any others the back office adds are ignored."""

    model_config = ConfigDict(extra="ignore")


class ErrorBody(Answer):
    """Every error a back office answers (4xx, 5xx): the error's name and what went wrong."""

    error: str
    detail: str | list[dict[str, str]] | None = None


class LocalName(BaseModel):
    """A name in the languages of the council (es, va, en; any other the back office knows)."""

    model_config = ConfigDict(extra="allow")

    es: str
    va: str
    en: str

    def in_language(self, language: Language) -> str:
        """The name in `language`, else in Spanish."""
        named = getattr(self, language, None) if language in ("es", "va", "en") else None
        if named is None and self.model_extra:
            named = self.model_extra.get(language)
        return str(named) if named else self.es


def read(model: type[M], body: Any) -> M:
    """The answer's body as `model`; a body that does not match raises ValidationError (a
    ValueError, which `reads_back_office` turns into BackOfficeInvalidAnswer)."""
    return model.model_validate(body)


def read_list(model: type[M], body: Any, *, at_least: int = 0) -> list[M]:
    """A list of `model`s, like `read`, with at least `at_least` of them."""
    items = Annotated[list[model], Field(min_length=at_least)]  # type: ignore[valid-type]
    found: list[M] = TypeAdapter(items).validate_python(body)
    return found


def body(model: type[BaseModel], *, exclude_none: bool = False, **fields: Any) -> dict[str, Any]:
    """A request's body as the contract has it (JSON types). A value the contract refuses,
    which the form's own checks let through, fails the action before anything is sent."""
    try:
        sent = model(**fields)
    except ValidationError as exc:
        raise ActionFailed() from exc
    return sent.model_dump(mode="json", exclude_none=exclude_none)
