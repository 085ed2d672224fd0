"""A second council's widget (Jaén's "Ea"), white-labelled from its profile alone: its name,
colours, logo, privacy notice and catalogue, with nothing of Alicante's. Served by its own ALI
process beside the session's sandbox, in chromium."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pydantic import SecretStr

from ali.api.app import create_app
from ali.composition import build_councils
from ali.settings import DEFAULT_KNOWLEDGE_DIR, BackOfficeSettings, DatabaseSettings, Settings
from tests.browser.conftest import SANDBOX_KEY, Served
from tests.browser.test_widget import accept_notice, ask, open_widget
from tests.support.browser import Live
from tests.support.servers import free_port

Shoot = Callable[[Page, str], Path]

JAEN_GREEN = "rgb(79, 109, 30)"  # knowledge/jaen/council.yaml: branding.primary_color #4f6d1e


@pytest.fixture(scope="module")
def jaen_url(tmp_path_factory: pytest.TempPathFactory, live: Live) -> Iterator[str]:
    root = tmp_path_factory.mktemp("jaen")
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR / "jaen", root / "knowledge" / "jaen")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=live.settings.data_dir,
        knowledge_dir=root / "knowledge",
        database=DatabaseSettings(url=SecretStr(f"sqlite:///{root / 'ali.db'}")),
        connector_keys={"jaen": SecretStr(SANDBOX_KEY)},
        back_offices={"jaen": BackOfficeSettings.sandbox(live.sandbox_url)},
        try_out_pages=True,
        sandbox_url=live.sandbox_url,
    )
    councils = build_councils(settings)
    councils.warm_up()
    server = Served(create_app(settings, councils), free_port())
    yield server.url
    server.stop()


def open_ea(page: Page, url: str) -> Locator:
    return open_widget(page, f"{url}/demo/jaen/", "Ea")


def test_the_widget_wears_the_councils_name_colours_logo_and_notice(
    page: Page, jaen_url: str, shoot: Shoot
) -> None:
    widget = open_ea(page, jaen_url)
    expect(widget.locator("#ali-title")).to_have_text("Ea")
    header = widget.locator(".header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == JAEN_GREEN
    logo = widget.locator(".logo")
    expect(logo).to_have_attribute("src", f"{jaen_url}/api/v1/councils/jaen/logo")
    notice = widget.locator(".privacy")
    expect(notice).to_contain_text("Ayuntamiento de Jaén")
    expect(notice).not_to_contain_text("Alicante")
    shoot(page, "white-label-jaen-notice")


def test_an_answer_comes_from_the_councils_own_catalogue(
    page: Page, jaen_url: str, shoot: Shoot
) -> None:
    widget = open_ea(page, jaen_url)
    accept_notice(widget)
    reply = ask(widget, "¿Cómo me empadrono?")
    expect(reply).to_contain_text("aytojaen.es")
    assert "alicante" not in reply.inner_text().lower()
    user = widget.locator(".msg.user .bubble").last
    assert user.evaluate("e => getComputedStyle(e).backgroundColor") == JAEN_GREEN
    shoot(page, "white-label-jaen-answer")
