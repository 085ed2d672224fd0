"""What the model layer counts (prometheus-client) and logs (structlog): one counter of
fallbacks by reason, the time to each call's first token and each call's duration, by council.

The metrics live in a `CollectorRegistry` given to `ModelMetrics` (the process's default
registry unless another is given; `default_metrics()` registers them there once)."""

from __future__ import annotations

from functools import cache

import structlog
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram

from ali.llm.failures import FallbackReason

_log = structlog.get_logger("ali.llm")

# Seconds: the default budget is 2 s to the first token and 8 s in all.
_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


class ModelMetrics:
    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.fallbacks = Counter(
            "ali_llm_fallbacks",
            "Model calls whose turn fell back to the grounded composer, by reason.",
            ("council", "reason"),
            registry=registry,
        )
        self.first_token = Histogram(
            "ali_llm_first_token_seconds",
            "Seconds from a model call to its first token.",
            ("council",),
            buckets=_BUCKETS,
            registry=registry,
        )
        self.call_duration = Histogram(
            "ali_llm_call_seconds",
            "Seconds a model call took, to its last token (answered calls only).",
            ("council",),
            buckets=_BUCKETS,
            registry=registry,
        )
        self.checks = Counter(
            "ali_llm_checks",
            "Output checks that failed on a model's sentence (the sentence was not shown), by "
            "problem (unsupported_amount, unsupported_sentence, forbidden_term...).",
            ("council", "problem"),
            registry=registry,
        )
        self.replies = Counter(
            "ali_llm_replies",
            "Replies to procedure questions of councils with a model, by the path that wrote "
            "them (model or catalogue).",
            ("council", "answered_by"),
            registry=registry,
        )

    def checked(self, council: str, problem: str) -> None:
        """One check that failed; logged with the problem only (never the sentence)."""
        self.checks.labels(council=council, problem=problem).inc()
        _log.info("llm_check_failed", council=council, problem=problem)

    def replied(self, council: str, answered_by: str) -> None:
        self.replies.labels(council=council, answered_by=answered_by).inc()

    def fallback(self, council: str, reason: FallbackReason, detail: str) -> None:
        """Count and log one fallback. `detail` names what failed (an exception's class and
        message, a validation error): never the citizen's words or the model's reply."""
        self.fallbacks.labels(council=council, reason=reason.value).inc()
        _log.warning("llm_fallback", council=council, reason=reason.value, detail=detail[:300])

    def answered(self, council: str, first_token_seconds: float, total_seconds: float) -> None:
        self.first_token.labels(council=council).observe(first_token_seconds)
        self.call_duration.labels(council=council).observe(total_seconds)


@cache
def default_metrics() -> ModelMetrics:
    """The metrics in the process's default registry, registered once."""
    return ModelMetrics()
