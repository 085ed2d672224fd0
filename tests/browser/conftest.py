"""Browser tests: ALI and the sandbox back office served by uvicorn on loopback ports, driven
by Playwright in Debian's chromium (/usr/bin/chromium; `.ci/run` installs it when missing).

Fixtures: `live` (the two servers' URLs and settings), `browser` (one chromium per session),
`page` (a fresh context and page per test, 1280x800 unless a test makes its own) and `shoot`
(saves a screenshot under test-artifacts/screenshots/, or $ALI_TEST_ARTIFACTS).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright
from pydantic import SecretStr

from ali.api.app import create_app
from ali.composition import build_councils
from ali.settings import BackOfficeSettings, DatabaseSettings, Settings
from ali_sandbox.app import create_sandbox_app
from ali_sandbox.settings import SandboxSettings
from tests.support.browser import ARTIFACTS, Live
from tests.support.councils import ALICANTE
from tests.support.servers import free_port

CHROMIUM = Path(os.environ.get("ALI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SANDBOX_KEY = "browser-sandbox-key"


class Served:
    """An ASGI app served by uvicorn in a daemon thread."""

    def __init__(self, app: FastAPI, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            assert self.thread.is_alive(), "server thread died"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Live]:
    """The Alicante assistant (default embedder, indexes shared with the session's data
    directory) pointing at a sandbox back office, both on free loopback ports."""
    root = tmp_path_factory.mktemp("browser")
    sandbox_port, ali_port = free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    sandbox_settings = SandboxSettings(
        data_dir=root / "sandbox", public_url=sandbox_url, api_key=SecretStr(SANDBOX_KEY)
    )
    sandbox = Served(create_sandbox_app(sandbox_settings), sandbox_port)
    council = root / "knowledge" / "alicante"
    shutil.copytree(ALICANTE, council)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=data_dir,
        knowledge_dir=root / "knowledge",
        database=DatabaseSettings(url=SecretStr(f"sqlite:///{root / 'ali.db'}")),
        connector_keys={"alicante": SecretStr(SANDBOX_KEY)},
        back_offices={"alicante": BackOfficeSettings.sandbox(sandbox_url)},
        try_out_pages=True,
        sandbox_url=sandbox_url,
        # The admin dashboard's password is "browser-admin-password" (tests/browser/test_admin.py).
        admin={
            "password_hash": "scrypt$1024$8$1$56uXXezsh88MjxuEyZccag==$"
            "b8XMOpPKDyhk2maBWE/BuSFKEnUbsB9ma5i9Md5c67c="
        },
    )
    councils = build_councils(settings)
    councils.warm_up()
    ali = Served(create_app(settings, councils), ali_port)
    yield Live(ali.url, sandbox.url, settings, sandbox_settings)
    ali.stop()
    sandbox.stop()


# Package scope, not session: Playwright's sync API keeps an asyncio loop running on the main
# thread while it is started, and code run later in the same thread (pyHanko's asyncio.run()
# when a test seals a PDF) would fail. Stopped after the last browser test, it leaves none.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shoot() -> Callable[[Page, str], Path]:
    """`shoot(page, "widget-answer")` saves test-artifacts/screenshots/widget-answer.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
