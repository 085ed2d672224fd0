"""Many sign-ins at once against the admin routes served by uvicorn on loopback, configured as
`ali serve` configures it: guesses are throttled before any hashing, hashing is bounded, the
server stays responsive, and X-Forwarded-For earns new attempts only from a trusted proxy.

The password check is an instrumented stand-in (`Gauge`) so the tests can count the hashes and
see how many run at once; `test_the_real_app_hashes_at_most_five_of_forty_guesses` uses the real
app and the real scrypt check.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ali.admin.access import AdminAccess
from ali.api.app import create_app
from ali.api.client_address import TrustedProxies, server_options
from ali.api.errors import install_error_handlers
from ali.api.routes.admin import build_admin_router
from ali.councils import Councils
from ali.settings import Settings
from tests.support.admin import PASSWORD, admin_settings
from tests.support.servers import free_port

pytestmark = pytest.mark.slow  # load: forty guesses at once against the real app

GUESS = {"username": "admin", "password": "not the password"}


class Gauge:
    """A password check that counts calls and how many run at once; `gate` holds them."""

    def __init__(self, seconds: float = 0.01) -> None:
        self.seconds = seconds
        self.gate = threading.Event()
        self.gate.set()
        self.calls = 0
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def matches(self, password: str) -> bool:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            assert self.gate.wait(30)
            time.sleep(self.seconds)
            return password == PASSWORD
        finally:
            with self._lock:
                self.running -= 1


class Served:
    """The admin routes (plus one sync route standing for the rest of the API) served by
    uvicorn in a thread, with the proxy options `ali serve` derives from the settings."""

    def __init__(self, settings: Settings, gauge: Gauge) -> None:
        app = FastAPI()
        install_error_handlers(app)
        app.include_router(build_admin_router(settings, AdminAccess(settings, password=gauge)))

        @app.get("/ping")
        def ping() -> dict[str, bool]:  # sync, like most routes: needs a worker thread
            return {"ok": True}

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        options = server_options(TrustedProxies(settings.trusted_proxies))
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, **options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "no server"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


Serve = Callable[..., tuple[Served, Gauge]]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    servers: list[Served] = []

    def start(gauge: Gauge | None = None, **overrides: object) -> tuple[Served, Gauge]:
        gauge = gauge or Gauge()
        trusted = overrides.pop("trusted_proxies", [])
        settings = admin_settings(tmp_path, **overrides).model_copy(
            update={"trusted_proxies": trusted}
        )
        servers.append(Served(settings, gauge))
        return servers[-1], gauge

    yield start
    for server in servers:
        server.stop()


@dataclass(frozen=True)
class Answer:
    status_code: int
    headers: dict[str, str]
    text: str


def sign_ins(
    url: str,
    count: int,
    *,
    forwarded: Callable[[int], str] | None = None,
    source: Callable[[int], str] | None = None,
) -> list[Answer]:
    """`count` wrong sign-ins at once, each on its own connection (from `source(i)`'s address
    when given, with `X-Forwarded-For: forwarded(i)` when given)."""
    address = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode(GUESS)
    start = threading.Barrier(count)

    def one(number: int) -> Answer:
        origin = (source(number), 0) if source else None
        connection = http.client.HTTPConnection(
            address.hostname or "", address.port, timeout=60, source_address=origin
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if forwarded:
            headers["X-Forwarded-For"] = forwarded(number)
        try:
            connection.connect()
            start.wait()
            connection.request("POST", "/admin/login", body, headers)
            response = connection.getresponse()
            text = response.read().decode()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            connection.close()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def statuses(responses: list[Answer]) -> Counter[int]:
    return Counter(response.status_code for response in responses)


def test_forty_concurrent_guesses_from_one_address_hash_at_most_five(serve: Serve) -> None:
    served, gauge = serve()
    responses = sign_ins(served.url, 40)
    assert gauge.calls == 5
    assert statuses(responses) == {401: 5, 429: 35}
    for response in responses:
        if response.status_code == 429:
            assert int(response.headers["retry-after"]) > 0
            assert "Too many failed attempts" in response.text


def test_hashing_is_bounded_and_the_server_stays_responsive(serve: Serve) -> None:
    gauge = Gauge()
    gauge.gate.clear()  # every check hangs until the test lets them go
    served, _ = serve(gauge, concurrent_checks=2, check_wait_seconds=30)
    with ThreadPoolExecutor(1) as pool:
        flood = pool.submit(sign_ins, served.url, 40)
        deadline = time.monotonic() + 30
        while gauge.running < 2:
            assert time.monotonic() < deadline, "the checks did not start"
            time.sleep(0.01)
        time.sleep(0.3)  # let the rest of the flood arrive
        # With 2 checks hanging and 38 sign-ins refused or waiting, a sync route still gets a
        # worker thread (before the fix, 40 hanging checks held all 40 of them).
        assert httpx.get(f"{served.url}/ping", timeout=10).status_code == 200
        assert gauge.running == 2
        gauge.gate.set()
        responses = flood.result()
    assert gauge.most == 2
    assert statuses(responses) == {401: 5, 429: 35}


def test_a_spray_of_addresses_is_bounded_overall(serve: Serve) -> None:
    served, gauge = serve(attempts_per_minute=10)
    responses = sign_ins(served.url, 40, source=lambda number: f"127.0.0.{number + 2}")
    assert gauge.calls <= 10 and gauge.most <= 2
    counts = statuses(responses)
    assert counts[429] >= 30 and set(counts) <= {401, 429, 503}
    assert counts[401] == gauge.calls
    refused = [response for response in responses if response.status_code == 429]
    assert all("Too many sign-in attempts right now" in response.text for response in refused)


def test_rotating_forwarded_addresses_from_loopback_get_no_new_slots(serve: Serve) -> None:
    served, gauge = serve()  # no trusted proxies: not even 127.0.0.1 is believed
    responses = sign_ins(served.url, 20, forwarded=lambda number: f"198.51.100.{number}")
    assert gauge.calls == 5
    assert statuses(responses) == {401: 5, 429: 15}


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(serve: Serve) -> None:
    served, gauge = serve(trusted_proxies=["127.0.0.0/8"])
    distinct = sign_ins(served.url, 10, forwarded=lambda number: f"198.51.100.{number}")
    assert statuses(distinct) == {401: 10}  # ten clients, one attempt each
    same = sign_ins(served.url, 8, forwarded=lambda number: "6.6.6.6, 203.0.113.9")
    assert statuses(same) == {401: 5, 429: 3}  # one client: the rightmost untrusted hop
    assert gauge.calls == 15


def test_the_real_app_hashes_at_most_five_of_forty_guesses(
    tmp_path: Path, hashing_councils: Councils
) -> None:
    client = TestClient(create_app(admin_settings(tmp_path), hashing_councils))
    start = threading.Barrier(40)

    def guess(_: int) -> int:
        start.wait()
        return client.post("/admin/login", data=GUESS).status_code

    with ThreadPoolExecutor(40) as pool:
        counts = Counter(pool.map(guess, range(40)))
    assert counts == {401: 5, 429: 35}  # each 401 is one scrypt check
