"""The metric families of ALI's own work (prometheus-client): chat turns, the seconds each
pipeline step takes, back-office calls and requests refused by a rate limit. The model layer
counts its fallbacks in `ali.llm.metrics`, in the same registry.

Every label takes its values from a closed set (council ids from the deployment's profiles,
intents, statuses, step names, connector types, outcomes): never free text or citizen data, so
the number of series stays bounded.

The families live in a `CollectorRegistry` given to `Metrics` (the process's default registry
unless another is given; `default_metrics()` registers them there once).
"""

from __future__ import annotations

from functools import cache

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram

# Seconds: a step is milliseconds (search, routing) to seconds (a model, a back office).
_STEP_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_TURN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


class Metrics:
    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.turns = Counter(
            "ali_chat_turns",
            "Chat turns, by council, intent and status (how the turn ended).",
            ("council", "intent", "status"),
            registry=registry,
        )
        self.turn_seconds = Histogram(
            "ali_chat_turn_seconds",
            "Seconds a chat turn took, from the first step to the last.",
            ("council",),
            buckets=_TURN_BUCKETS,
            registry=registry,
        )
        self.step_seconds = Histogram(
            "ali_chat_step_seconds",
            "Seconds each step of the chat pipeline took (ali.dialogue.pipeline), by step.",
            ("council", "step"),
            buckets=_STEP_BUCKETS,
            registry=registry,
        )
        self.connector_calls = Counter(
            "ali_connector_calls",
            "Calls to a council's back office, by connector type and outcome (ok, rejected: a "
            "4xx answer, busy, circuit_open, unavailable: not sent, no_answer: sent, no usable "
            "answer).",
            ("connector", "outcome"),
            registry=registry,
        )
        self.connector_errors = Counter(
            "ali_connector_errors",
            "Failed attempts and unreadable answers of back-office calls, by connector type "
            "and error (timeout, transport, server_error, invalid_answer).",
            ("connector", "error"),
            registry=registry,
        )
        self.rate_limited = Counter(
            "ali_rate_limited",
            "Requests refused with 429, by council and the limit they hit (ip, kiosk, "
            "citizen, streams).",
            ("council", "limit"),
            registry=registry,
        )

    def turn(
        self, council: str, intent: str, status: str, seconds: float, steps: dict[str, float]
    ) -> None:
        """One chat turn; `steps` are the runner's durations per step, in milliseconds."""
        self.turns.labels(council=council, intent=intent, status=status).inc()
        self.turn_seconds.labels(council=council).observe(seconds)
        for step, milliseconds in steps.items():
            self.step_seconds.labels(council=council, step=step).observe(milliseconds / 1000)

    def connector_call(self, connector: str, outcome: str) -> None:
        self.connector_calls.labels(connector=connector, outcome=outcome).inc()

    def connector_error(self, connector: str, error: str) -> None:
        self.connector_errors.labels(connector=connector, error=error).inc()

    def limited(self, council: str, limit: str) -> None:
        self.rate_limited.labels(council=council, limit=limit).inc()


@cache
def default_metrics() -> Metrics:
    """The metrics in the process's default registry, registered once."""
    return Metrics()
