"""Why a turn did not get its reply from the model: each reason a turn falls back to the
grounded composer (the catalogue's reply) is one `FallbackReason`, counted and logged by
`ali.llm.metrics`. A call that fails raises `ModelFailure` naming its reason; nothing else of
a provider's (openai, ollama, httpx) leaves `ali.llm`."""

from __future__ import annotations

from enum import StrEnum

from ali.errors import AliError


class FallbackReason(StrEnum):
    # The server cannot be reached (connection refused, DNS, a 5xx answer).
    UNAVAILABLE = "unavailable"
    # No first token within the budget's `first_token_seconds`.
    FIRST_TOKEN_TIMEOUT = "first_token_timeout"  # noqa: S105 - a reason, not a password
    # The turn's `total_seconds` ran out (a slow stream, or a retry that did not fit).
    TOTAL_TIMEOUT = "total_timeout"
    # Recent calls failed: the circuit breaker is open, the model is not called.
    CIRCUIT_OPEN = "circuit_open"
    # The reply is not the JSON the schema asks for, twice (the call and its one retry).
    INVALID_OUTPUT = "invalid_output"
    # The server refused the request (a 4xx: an unknown model, an unsupported option).
    REJECTED = "rejected"
    # Anything else a call raised (a provider's bug, an unreadable stream).
    ERROR = "error"
    # A check of the model's reply against the catalogue failed (the output guardrails).
    FAILED_CHECK = "failed_check"
    # The model said the passages do not answer the question: the catalogue's reply is given.
    NOT_COVERED = "not_covered"


class ModelFailure(AliError):
    """A model call that gave no usable reply. Never shown to a citizen: the turn falls back."""

    status_code = 503
    public_detail = "The language model gave no usable reply."

    def __init__(self, reason: FallbackReason, detail: str | None = None) -> None:
        super().__init__(detail or f"model call failed: {reason.value}")
        self.reason = reason


class ModelConfigurationError(AliError):
    """A deployment or council asks for a model ALI cannot build (no provider, a missing
    package): found when the client is built, at start, not on a citizen's turn."""

    status_code = 500
    public_detail = "The language model is not configured correctly."
