"""The kiosk screen at /kiosk/ in chromium, against the live assistant and the sandbox's
simulated kiosk agent: the home tiles, a padrón certificate from the home screen to the print
dialog, and the inactivity reset that forgets the citizen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, Request, expect

from tests.support.browser import Live

MARIA = "99000001C"
TILES = ("certificate", "receipt", "appointment", "application", "ask")
MIN_TOUCH_PX = 64
# Every print() call, in any frame, is recorded on the top window instead of opening a dialog.
RECORD_PRINT = """
window.print = function () {
  var top = window.top;
  top.__kioskPrinted = (top.__kioskPrinted || []).concat([String(window.location.href)]);
};
"""

Shoot = Callable[[Page, str], Path]


def screen(page: Page) -> str:
    return page.locator("body").get_attribute("data-screen") or ""


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def open_kiosk(page: Page, live: Live, query: str = "") -> None:
    page.goto(f"{live.ali_url}/kiosk/{query}")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")


def chat_requests(page: Page) -> list[Request]:
    seen: list[Request] = []
    page.on("request", lambda request: seen.append(request) if "/chat" in request.url else None)
    return seen


def sign_in_for_certificate(page: Page, shoot: Shoot | None = None) -> None:
    """Home → certificate tile → privacy notice → simulated DNIe → the certificate form."""
    page.click("[data-tile=certificate]")
    expect(page.locator("body")).to_have_attribute("data-screen", "privacy")
    page.click("#privacy-accept")
    expect(page.locator("body")).to_have_attribute("data-screen", "dnie")
    citizen = page.locator(f"[data-nif='{MARIA}']")
    expect(citizen).to_be_visible()
    if shoot:
        shoot(page, "kiosk-dnie")
    citizen.click()
    expect(page.locator("#citizen-name")).to_have_text("María José Martínez Pérez")
    expect(page.locator("[data-value=individual]")).to_be_visible()


@pytest.fixture
def portrait(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    yield page
    context.close()


def test_the_home_screen_offers_the_four_procedures(page: Page, live: Live, shoot: Shoot) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_kiosk(page, live)
    for tile in TILES:
        box = page.locator(f"[data-tile={tile}]").bounding_box()
        assert box is not None, tile
        assert box["height"] >= MIN_TOUCH_PX and box["width"] >= MIN_TOUCH_PX, tile
    expect(page.locator("[data-tile=certificate]")).to_contain_text(
        "Certificado de empadronamiento"
    )
    expect(page.locator("[data-tile=receipt]")).to_contain_text("Pagar un recibo")
    expect(page.locator("[data-tile=appointment]")).to_contain_text("Cita previa")
    expect(page.locator("[data-tile=application]")).to_contain_text("Instancia general")
    expect(page.locator(".sandbox-tag")).to_contain_text("SANDBOX")
    assert_accessible(page)
    shoot(page, "kiosk-home")

    page.click("[data-lang=va]")
    expect(page.locator("[data-tile=receipt]")).to_contain_text("Pagar un rebut")
    expect(page.locator("html")).to_have_attribute("lang", "ca")
    page.click("[data-lang=en]")
    expect(page.locator("[data-tile=ask]")).to_contain_text("Ask something")
    assert errors == []


def test_a_padron_certificate_from_home_to_the_printer(
    page: Page, live: Live, shoot: Shoot
) -> None:
    page.add_init_script(RECORD_PRINT)
    chats = chat_requests(page)
    consents: list[Any] = []
    page.on(
        "request",
        lambda request: (
            consents.append(request.post_data_json) if request.url.endswith("/consents") else None
        ),
    )
    open_kiosk(page, live)

    sign_in_for_certificate(page, shoot)
    # Asked anonymously first: the reply said it needs a signed-in citizen, so the kiosk read the
    # DNIe and asked again with the assertion.
    assert "x-citizen-assertion" not in chats[0].headers
    assert chats[0].headers["x-kiosk-id"] == "kiosk-demo"
    assert chats[-1].headers["x-kiosk-key"] == "sandbox-demo-kiosk"
    assert chats[-1].headers["x-citizen-assertion"].count(".") == 2
    assert consents == [{"notice_version": "2026-11", "language": "es", "channel": "kiosk"}]
    expect(page.locator(".form-step")).to_have_text("Paso 1 de 2")
    assert_accessible(page)
    shoot(page, "kiosk-form-choice")

    page.click("[data-value=individual]")
    purpose = page.locator("input[data-kind=text]")
    expect(purpose).to_be_visible()
    purpose.fill("matrícula escolar")
    page.click("form.typed button[type=submit]")

    summary = page.locator("dl.summary")
    expect(summary).to_contain_text("Individual (solo tú)")
    expect(summary).to_contain_text("matrícula escolar")
    shoot(page, "kiosk-confirm")
    page.click("#confirm")

    printer = page.locator("button.print")
    expect(printer).to_be_visible()
    expect(page.locator(".document-title")).to_contain_text("Certificado de empadronamiento")
    shoot(page, "kiosk-certificate")
    with page.expect_response(lambda response: ".pdf" in response.url) as download:
        printer.click()
    assert download.value.url.startswith(live.sandbox_url)
    assert download.value.body()[:4] == b"%PDF"
    page.wait_for_function("() => (window.__kioskPrinted || []).length > 0")
    printed: list[str] = page.evaluate("window.__kioskPrinted")
    assert printed == [printed[0]] and printed[0].startswith("blob:"), printed
    expect(page.locator("#status")).to_have_text("Enviado a la impresora.")


def test_inactivity_returns_home_and_forgets_the_citizen(
    page: Page, live: Live, shoot: Shoot
) -> None:
    chats = chat_requests(page)
    open_kiosk(page, live, "?idle=2&warn=1")
    sign_in_for_certificate(page)
    conversation = page.locator("#transcript")
    expect(conversation).to_contain_text("certificado de empadronamiento")

    # The warning first; "continue" keeps the session.
    warning = page.locator("#idle")
    expect(warning).to_be_visible(timeout=5000)
    expect(warning).to_contain_text("¿Sigues ahí?")
    shoot(page, "kiosk-idle-warning")
    page.click("#idle-continue")
    expect(warning).to_be_hidden()
    assert screen(page) == "conversation"
    expect(page.locator("#citizen")).to_be_visible()

    # Then nobody answers: back home, nothing of the citizen left.
    expect(warning).to_be_visible(timeout=5000)
    expect(page.locator("body")).to_have_attribute("data-screen", "home", timeout=5000)
    expect(warning).to_be_hidden()
    expect(page.locator("#citizen")).to_be_hidden()
    assert page.locator("#transcript").inner_text() == ""
    assert "María" not in page.locator("body").inner_text()
    stored = page.evaluate(
        "() => [localStorage.length, sessionStorage.length, document.cookie, "
        "document.getElementById('print-frame').getAttribute('src')]"
    )
    assert stored == [0, 0, "", None]

    # The next citizen starts from scratch: the notice, then their own DNIe.
    before = len(chats)
    page.click("[data-tile=certificate]")
    expect(page.locator("body")).to_have_attribute("data-screen", "privacy")
    page.click("#privacy-accept")
    expect(page.locator("body")).to_have_attribute("data-screen", "dnie")
    new_chat = chats[before]
    assert "x-citizen-assertion" not in new_chat.headers
    assert (new_chat.post_data_json or {})["conversation_id"] is None


def test_a_portrait_kiosk_screen(portrait: Page, live: Live, shoot: Shoot) -> None:
    open_kiosk(portrait, live)
    width = portrait.evaluate("document.documentElement.scrollWidth")
    assert width <= 1080
    first = portrait.locator("[data-tile=certificate]").bounding_box()
    second = portrait.locator("[data-tile=receipt]").bounding_box()
    assert first is not None and second is not None
    assert abs(first["y"] - second["y"]) < 1  # two tiles a row
    assert first["height"] >= 2 * MIN_TOUCH_PX
    shoot(portrait, "kiosk-portrait-home")
