"""The staff dashboard at /admin/ in chromium: sign in after some real traffic, see the KPI
cards, SVG charts with bars and the unanswered question, and download a CSV section."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.support.browser import Live

ADMIN_PASSWORD = "browser-admin-password"  # its hash is in the `live` fixture's settings
OUT_OF_SCOPE = ("dame una receta de arroz a banda", "¿Qué tiempo va a hacer mañana en Alicante?")

Shoot = Callable[[Page, str], Path]


def traffic(live: Live) -> str:
    """A few chat turns; returns the out-of-scope question the assistant declined."""
    chat = f"{live.ali_url}/api/v1/councils/alicante/chat"
    declined = []
    with httpx.Client(timeout=60) as client:
        for message in ("¿Cómo saco el volante de empadronamiento?", "how do I pay my IBI?"):
            client.post(chat, json={"message": message}).raise_for_status()
        for message in OUT_OF_SCOPE:
            reply = client.post(chat, json={"message": message})
            reply.raise_for_status()
            if reply.json()["intent"] == "out_of_scope":
                declined.append(message)
    assert declined, "no question was answered as out of scope"
    return declined[-1]


def test_admin_login_and_charts_render(page: Page, live: Live, shoot: Shoot) -> None:
    question = traffic(live)
    problems: list[str] = []  # script errors and CSP refusals
    failed: set[str] = set()  # responses >= 400, by path
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda r: failed.add(r.url.removeprefix(live.ali_url)) if r.status >= 400 else None,
    )

    page.goto(f"{live.ali_url}/admin/")
    expect(page.get_by_role("heading", name="ALI dashboard")).to_be_visible()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    shoot(page, "admin-login")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    cards = page.locator("#kpis .kpi")
    expect(cards).to_have_count(9)
    turns = cards.filter(has_text="Turns").locator("dd")
    assert int(turns.inner_text().split()[0].replace(",", "")) >= 4
    for chart in ("daily", "procedures", "intents", "languages"):
        svg = page.locator(f"#chart-{chart} svg[role=img]")
        expect(svg).to_have_count(1)
        assert svg.get_attribute("aria-labelledby")
        assert page.locator(f"#chart-{chart} svg rect.bar").count() > 0
        assert page.locator(f"#chart-{chart} svg rect.bar").first.bounding_box() is not None
    expect(page.locator("#chart-intents svg")).to_contain_text("out_of_scope")
    expect(page.locator("#table-unanswered td", has_text=question).first).to_be_visible()
    shoot(page, "admin-dashboard")

    with page.expect_download() as info:
        page.locator("a.export[data-section=unanswered]").first.click()
    download = info.value
    assert download.suggested_filename.startswith("ali-alicante-unanswered-")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("at_utc,language,question_redacted")
    assert question in content
    assert problems == []
    assert failed <= {"/admin/login", "/favicon.ico"}  # the wrong password, the icon

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    response = page.request.get(f"{live.ali_url}/admin/api/summary")
    assert response.status == 401
