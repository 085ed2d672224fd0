"""An appointment booked on the kiosk screen in chromium, against the live assistant and the
sandbox: the reply offers "Imprimir justificante", and with print media emulated only the slip
is rendered, 72 mm wide (an 80 mm receipt roll), with the office, day, time and reference and
nothing personal; the button calls window.print()."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml
from playwright.sync_api import Page, expect

from ali.catalogue.working_days import CalendarProfile, WorkingDays
from ali.i18n.dates import date_in_words
from tests.browser.test_kiosk import RECORD_PRINT, Shoot, open_kiosk
from tests.support.browser import Live
from tests.support.councils import ALICANTE

VICENT = "99000002K"
# 72 mm at CSS's 96 px per inch, with a pixel of slack.
SLIP_MAX_PX = 72 / 25.4 * 96 + 1


def bookable() -> dt.date:
    """The first working day after tomorrow in Alicante (all its times still ahead)."""
    profile = yaml.safe_load((ALICANTE / "council.yaml").read_text())
    calendar = WorkingDays(CalendarProfile.model_validate(profile["calendar"]))
    tomorrow = dt.datetime.now(ZoneInfo("Europe/Madrid")).date() + dt.timedelta(days=1)
    return calendar.next_working_day(tomorrow)


def test_an_appointment_booked_at_the_kiosk_prints_its_slip(
    page: Page, live: Live, shoot: Shoot
) -> None:
    page.add_init_script(RECORD_PRINT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_kiosk(page, live)

    page.click("[data-tile=appointment]")
    page.click("#privacy-accept")
    page.locator(f"[data-nif='{VICENT}']").click()
    expect(page.locator("#citizen-name")).to_have_text("Vicent Llorca Ferràndiz")
    name = page.locator("#citizen-name").inner_text()
    page.click("[data-value=padron]")
    page.click("[data-value=oac-seneca]")
    day = bookable()
    page.locator("input[data-kind=date]").fill(day.isoformat())
    page.click("form.typed button[type=submit]")
    first_time = page.locator("#panel .choices .choice").first
    expect(first_time).to_be_visible()
    time = first_time.inner_text()
    first_time.click()
    page.click("#confirm")

    printer = page.locator("button.print-slip")
    expect(printer).to_have_text("Imprimir justificante")
    expect(page.locator("#slip")).to_be_hidden()  # on screen, only the button
    shoot(page, "kiosk-appointment-booked")

    page.emulate_media(media="print")
    slip = page.locator("#slip")
    expect(slip).to_be_visible()
    expect(page.locator("#screens")).to_be_hidden()
    expect(page.locator("header.bar")).to_be_hidden()
    expect(slip.locator(".slip-title")).to_have_text("Justificante de cita previa")
    expect(slip).to_contain_text("OAC Séneca")
    expect(slip).to_contain_text("C/ Portugal, 17, Alicante")
    expect(slip).to_contain_text(date_in_words(day, "es"))
    expect(slip).to_contain_text(time)
    expect(slip).to_contain_text("Tu documento de identidad.")
    expect(slip).to_contain_text("«anular mi cita»")
    reference = slip.locator(".slip-reference strong").inner_text()
    assert reference and reference in page.locator("#transcript").inner_text()
    printed = slip.inner_text()
    for personal in (VICENT, name, *[part for part in name.split() if len(part) > 3]):
        assert personal not in printed, personal
    box = slip.bounding_box()
    assert box is not None and box["width"] <= SLIP_MAX_PX, box
    shoot(page, "kiosk-appointment-slip-print")

    page.emulate_media(media="screen")
    printer.click()
    assert page.evaluate("window.__kioskPrinted") == [page.url]
    expect(page.locator("#status")).to_have_text("Enviado a la impresora.")

    # "Back to start" forgets the slip with the rest of the session.
    page.click("#home-button")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    assert page.locator("#slip").inner_text() == ""
    assert errors == []
