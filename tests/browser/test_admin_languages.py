"""The staff dashboard in Valencian and Spanish in chromium: the browser's language chooses the
sign-in page's, the dashboard's script draws its cards and tables in the page's language (texts
from /api/v1/i18n), and the picker switches language and keeps it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import Live

ADMIN_PASSWORD = "browser-admin-password"  # its hash is in the `live` fixture's settings

Shoot = Callable[[Page, str], Path]


@pytest.fixture
def valencian(browser: Browser) -> Iterator[Page]:
    """A page whose browser asks for Valencian first (Accept-Language: ca-ES...)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ca-ES")
    page = context.new_page()
    yield page
    context.close()


def test_the_dashboard_in_valencian_then_spanish(valencian: Page, live: Live, shoot: Shoot) -> None:
    page = valencian
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )

    page.goto(f"{live.ali_url}/admin/")
    expect(page.locator("html")).to_have_attribute("lang", "ca-valencia")
    expect(page.get_by_role("heading", name="Tauler d'ALI")).to_be_visible()
    page.get_by_label("Nom d'usuari").fill("admin")
    page.get_by_label("Contrasenya").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Inicia la sessió").click()

    expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    cards = page.locator("#kpis .kpi dt")
    expect(cards.first).to_have_text("Converses")
    expect(cards.nth(1)).to_have_text("Torns")
    expect(page.locator("#status")).to_contain_text("(dies en UTC)")
    expect(page.locator("#chart-daily summary")).to_have_text("Mostra-ho com a taula")
    shoot(page, "admin-dashboard-va")

    page.get_by_role("link", name="Español").click()
    expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    expect(page.locator("#kpis .kpi dt").nth(1)).to_have_text("Turnos")
    expect(page.get_by_role("link", name="Español")).to_have_attribute("aria-current", "true")

    page.goto(f"{live.ali_url}/admin/")  # the choice is remembered over the browser's Valencian
    expect(page.get_by_role("heading", name="Panel de ALI")).to_be_visible()
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("status")).to_have_text("Has cerrado la sesión.")
    assert problems == []
