"""What the connectors of a deployment share: per back office (its base URL) one circuit breaker
and one bulkhead, whichever actions call it, and one deployment-wide bulkhead so that all back
offices together never hold more than `max_threads` of the API server's worker threads.

A council's padrón and registro connectors often reach the same system: when it hangs, both
must see the same open circuit and share the same eight slots, or it could still take twice
the threads.
"""

from __future__ import annotations

import threading

import httpx

from ali.catalogue.profile import ConnectorConfig
from ali.connectors.breaker import CircuitBreaker
from ali.connectors.bulkhead import Bulkhead
from ali.connectors.http import BackOfficeClient, ClientSettings
from ali.observability.metrics import Metrics
from ali.settings import ConnectorSettings


class BackOffices:
    def __init__(
        self,
        settings: ConnectorSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        """`metrics`: where every client counts its calls (the process's default if None)."""
        self._settings = settings
        self._transport = transport
        self._metrics = metrics
        self._threads = Bulkhead(settings.max_threads)
        self._breakers: dict[str, CircuitBreaker] = {}
        self._bulkheads: dict[str, Bulkhead] = {}
        self._lock = threading.Lock()

    @property
    def settings(self) -> ConnectorSettings:
        return self._settings

    def client(
        self, config: ConnectorConfig, *, base_url: str, api_key: str | None
    ) -> BackOfficeClient:
        """A client for one connector of a council's profile calling `base_url` (the settings'
        address for it, `ali.connectors.addresses`); its `timeout_seconds` and `retries`, when
        the profile sets them, replace the deployment's (within the deadline)."""
        base_url = base_url.rstrip("/")
        given = config.model_fields_set
        defaults = self._settings
        settings = ClientSettings(
            base_url=base_url,
            timeout_seconds=min(
                config.timeout_seconds if "timeout_seconds" in given
                else defaults.read_timeout_seconds,
                defaults.deadline_seconds,
            ),
            retries=config.retries if "retries" in given else defaults.retries,
            backoff_seconds=defaults.backoff_seconds,
            breaker_failures=defaults.breaker_failures,
            breaker_reset_seconds=defaults.breaker_reset_seconds,
            connect_timeout_seconds=defaults.connect_timeout_seconds,
            deadline_seconds=defaults.deadline_seconds,
            max_in_flight=defaults.max_in_flight,
            max_waiting=defaults.max_waiting,
            slot_wait_seconds=defaults.slot_wait_seconds,
            connector=config.type,  # the label its calls are counted under
        )  # fmt: skip
        breaker, bulkhead = self._shared(settings)
        return BackOfficeClient(
            settings,
            api_key=api_key,
            transport=self._transport,
            breaker=breaker,
            bulkhead=bulkhead,
            threads=self._threads,
            metrics=self._metrics,
        )

    def breaker(self, base_url: str) -> CircuitBreaker | None:
        """The circuit breaker of the back office at `base_url`, once a client uses it."""
        with self._lock:
            return self._breakers.get(base_url.rstrip("/"))

    def _shared(self, settings: ClientSettings) -> tuple[CircuitBreaker, Bulkhead]:
        with self._lock:
            key = settings.base_url
            if key not in self._breakers:
                self._breakers[key] = CircuitBreaker(
                    settings.breaker_failures, settings.breaker_reset_seconds
                )
                self._bulkheads[key] = Bulkhead(
                    settings.max_in_flight,
                    max_waiting=settings.max_waiting,
                    wait_seconds=settings.slot_wait_seconds,
                )
            return self._breakers[key], self._bulkheads[key]
