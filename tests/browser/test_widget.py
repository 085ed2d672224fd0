"""The web chat widget (/widget.js) embedded in the demo council page (/demo/), driven in
chromium against the real assistant and the sandbox back office."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Locator, Page, Request, Route, expect

from tests.support.browser import ARTIFACTS, Live
from tests.support.files import image_bytes

Shoot = Callable[[Page, str], Path]

QUESTION = "¿cuánto cuesta el volante de empadronamiento?"
SUGGESTION = "¿Qué documentos necesito?"
DEMO_CITIZEN = "99000001C"
XSS_PAYLOADS = ('<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>")
AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
SPEECH_APIS_REMOVED = """
    for (const name of ["SpeechRecognition", "webkitSpeechRecognition", "speechSynthesis",
                        "SpeechSynthesisUtterance"]) {
      delete window[name];
      delete Window.prototype[name];
    }
"""


def open_demo(page: Page, live: Live) -> Locator:
    """The demo page with the widget's panel open; returns the widget."""
    return open_widget(page, f"{live.ali_url}/demo/", "ALI")


def open_widget(page: Page, url: str, assistant: str) -> Locator:
    """The page at `url` with the panel of its widget (`assistant`'s) open; returns it."""
    page.goto(url)
    page.get_by_role("button", name=f"Pregunta a {assistant}").click()
    widget = page.locator("ali-chat")
    expect(widget.get_by_role("dialog")).to_be_visible()
    return widget


def accept_notice(widget: Locator) -> None:
    widget.get_by_role("button", name="Acepto").click()
    expect(widget.get_by_label("Escribe tu pregunta")).to_be_enabled()


def ask(widget: Locator, text: str) -> Locator:
    """Types `text`, presses Enter and waits for the reply; returns the reply's message."""
    replies = widget.locator(".msg.bot:not(.welcome)")
    before = replies.count()
    box = widget.locator("textarea")  # its label follows the reply's language
    box.fill(text)
    box.press("Enter")
    expect(replies).to_have_count(before + 1)
    return replies.last


def sent_json(request: Request) -> dict[str, Any]:
    """The JSON body the widget posted."""
    body = request.post_data_json
    assert isinstance(body, dict), body
    return body


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, shadow DOM included."""
    page.evaluate(AXE_SCRIPT)
    results: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_privacy_notice_comes_first_and_its_acceptance_is_recorded(
    page: Page, live: Live, shoot: Shoot
) -> None:
    widget = open_demo(page, live)
    box = widget.get_by_label("Escribe tu pregunta")
    expect(widget.get_by_role("region", name="Aviso de privacidad")).to_contain_text("Alicante")
    expect(box).to_be_disabled()
    expect(widget.get_by_role("button", name="Acepto")).to_be_focused()
    assert serious_violations(page) == []
    shoot(page, "widget-privacy-notice")

    with page.expect_response(re.compile(r"/consents$")) as consent:
        widget.get_by_role("button", name="Acepto").click()
    assert consent.value.status == 201
    assert sent_json(consent.value.request) == {
        "notice_version": "2026-11",
        "language": "es",
        "channel": "widget",
    }
    expect(box).to_be_focused()
    expect(widget.get_by_role("region", name="Aviso de privacidad")).to_be_hidden()


def test_an_answer_cites_its_source_and_a_suggestion_asks_the_next_question(
    page: Page, live: Live, shoot: Shoot
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    widget = open_demo(page, live)
    accept_notice(widget)
    with page.expect_request(re.compile(r"/chat/stream$")) as sent:
        answer = ask(widget, QUESTION)
    assert sent_json(sent.value) == {"conversation_id": None, "message": QUESTION}
    # the first line names the procedure and answers the fee asked (issue 12)
    expect(answer.locator(".bubble strong").first).to_have_text("Volante de empadronamiento")
    expect(answer.locator(".bubble")).to_contain_text("Coste: gratuito")
    source = answer.locator(".sources a")
    expect(source).to_have_count(1)
    expect(source).to_have_attribute("href", re.compile(r"^https://www\.alicante\.es/"))
    expect(source).to_contain_text("Volante de empadronamiento")
    # the link is shown once: the text channels' closing "Fuente: <link>" line is not repeated
    expect(answer.locator(".bubble")).not_to_contain_text("Fuente:")
    assert serious_violations(page) == []
    # The widget talks to ALI only; the demo page's sign-in panel also asks the sandbox's IdP.
    allowed = (f"{live.ali_url}/", f"{live.sandbox_url}/idp/", "data:")
    third_party = [url for url in requested if not url.startswith(allowed)]
    assert requested and third_party == []
    shoot(page, "widget-answer")

    with page.expect_request(re.compile(r"/chat/stream$")) as followed:
        answer.get_by_role("button", name=SUGGESTION).click()
    assert sent_json(followed.value)["message"] == SUGGESTION
    assert sent_json(followed.value)["conversation_id"]
    next_answer = widget.locator(".msg.bot:not(.welcome)").nth(1)
    expect(next_answer).to_contain_text("DNI")
    expect(widget.locator(".msg.user").last).to_have_text(f"Tú dijiste:{SUGGESTION}")
    expect(answer.get_by_role("button", name=SUGGESTION)).to_have_count(0)

    with page.expect_response(re.compile(r"/feedback$")) as feedback:
        next_answer.get_by_role("button", name="Respuesta útil").click()
    assert feedback.value.status == 201
    expect(next_answer).to_contain_text("Gracias por tu valoración.")
    shoot(page, "widget-suggestion-and-feedback")


def sign_in(page: Page, widget: Locator, nif: str) -> None:
    """Signs in through the demo page's panel, as a citizen would."""
    page.locator("#signin-citizen").select_option(nif)
    page.get_by_role("button", name="Identificarme").click()
    # The session line is in the widget from the start, hidden until the token arrives: wait
    # until it is shown, or the next message may leave before the token (the flaky runs).
    session = widget.locator(".session")
    expect(session).to_be_visible()
    expect(session).to_have_text(re.compile("Te has identificado"))


def test_a_padron_certificate_is_issued_to_a_signed_in_citizen(
    page: Page, live: Live, shoot: Shoot
) -> None:
    widget = open_demo(page, live)
    accept_notice(widget)
    refused = ask(widget, "quiero un certificado de empadronamiento")
    expect(refused).to_contain_text("identificarte")

    # The widget asks the page to sign the citizen in; the demo page offers its sign-in panel.
    refused.get_by_role("button", name="Identificarse").click()
    expect(page.locator("#signin-citizen")).to_be_focused()
    sign_in(page, widget, DEMO_CITIZEN)

    with page.expect_request(re.compile(r"/chat/stream$")) as sent:
        step = ask(widget, "quiero un certificado de empadronamiento")
    assert (sent.value.headers.get("authorization") or "").startswith("Bearer ey")
    expect(step.get_by_role("group")).to_contain_text("paso 1 de 2")
    step.get_by_role("button", name="Individual (solo tú)").click()
    purpose = widget.locator(".msg.bot:not(.welcome)").last
    expect(purpose).to_contain_text("¿Para qué lo necesitas?")
    summary = ask(widget, "para una beca de estudios")
    expect(summary.locator(".summary")).to_contain_text("Individual (solo tú)")
    shoot(page, "widget-certificate-confirm")

    with page.expect_request(re.compile(r"/chat/stream$")) as confirmed:
        summary.get_by_role("button", name="Confirmar").click()
    assert sent_json(confirmed.value)["message"] == "sí"
    document = widget.locator(".documents a")
    expect(document).to_contain_text("Certificado de empadronamiento")
    href = document.get_attribute("href") or ""
    assert href.startswith(f"{live.sandbox_url}/") and href.endswith(".pdf")
    shoot(page, "widget-certificate-issued")
    with page.context.expect_page() as opened:
        document.click()
    assert opened.value.url == href
    pdf = httpx.get(href, timeout=10)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_an_application_is_filed_with_an_attached_scan(
    page: Page, live: Live, shoot: Shoot, tmp_path: Path
) -> None:
    scan = tmp_path / "solicitud firmada.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    disguised = tmp_path / "factura.pdf"
    disguised.write_bytes(b"MZ\x90\x00 this is a program, not a PDF")
    widget = open_demo(page, live)
    accept_notice(widget)
    sign_in(page, widget, "99000003E")
    ask(widget, "quiero presentar una instancia general")
    ask(widget, "Solicitud de poda de un árbol")
    step = ask(widget, "Pido que poden el árbol frente a mi portal.")
    expect(step.get_by_role("group")).to_contain_text("paso 3 de 3")
    status = widget.locator(".footer .status")

    with page.expect_response(re.compile(r"/attachments$")) as refused:
        with page.expect_file_chooser() as chooser:
            step.get_by_role("button", name=re.compile("Adjuntar archivos")).click()
        chooser.value.set_files(str(disguised))
    assert refused.value.status == 422
    expect(status).to_contain_text("No se ha podido adjuntar factura.pdf")
    expect(step.locator(".files")).to_have_count(0)

    with page.expect_response(re.compile(r"/attachments$")) as uploaded:
        with page.expect_file_chooser() as chooser:
            step.get_by_role("button", name=re.compile("Adjuntar archivos")).click()
        chooser.value.set_files(str(scan))
    assert uploaded.value.status == 201
    step = widget.locator(".msg.bot:not(.welcome)").last
    expect(step.locator(".files li")).to_have_text(["solicitud firmada.pdf"])
    expect(status).to_have_text("solicitud firmada.pdf adjuntado.")
    expect(step.get_by_role("button", name=re.compile("Adjuntar archivos"))).to_be_focused()
    assert serious_violations(page) == []
    shoot(page, "widget-attachments")

    with page.expect_request(re.compile(r"/chat/stream$")) as done:
        step.get_by_role("button", name="He terminado de adjuntar").click()
    assert sent_json(done.value)["message"] == "listo"
    summary = widget.locator(".msg.bot:not(.welcome)").last
    expect(summary.locator(".summary")).to_contain_text("solicitud firmada.pdf")
    summary.get_by_role("button", name="Confirmar").click()
    filed = widget.locator(".msg.bot:not(.welcome)").last
    expect(filed).to_contain_text(re.compile(r"REG-\d{4}-\d{6}"))
    expect(filed.locator(".documents a")).to_contain_text("Justificante de registro")
    shoot(page, "widget-application-filed")


def test_a_street_problem_reported_from_where_the_citizen_stands_with_a_photo(
    browser: Browser, live: Live, shoot: Shoot, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        geolocation={"latitude": 38.3452, "longitude": -0.481},
        permissions=["geolocation"],
    )
    page = context.new_page()
    photo = tmp_path / "farola.png"
    photo.write_bytes(image_bytes("PNG"))
    try:
        widget = open_demo(page, live)
        accept_notice(widget)
        sign_in(page, widget, "99000004T")
        start = ask(widget, "quiero avisar de una farola fundida")
        start.get_by_role("button", name="Alumbrado público").click()
        where = widget.locator(".msg.bot:not(.welcome)").last
        expect(where).to_contain_text("¿Dónde está?")
        with page.expect_request(re.compile(r"/chat/stream$")) as located:
            where.get_by_role("button", name="Usar mi ubicación").click()
        assert sent_json(located.value)["message"] == "38.345200, -0.481000"
        expect(widget.locator(".msg.bot:not(.welcome)").last).to_contain_text("Descríbelo")
        step = ask(widget, "La farola de la esquina lleva tres noches apagada")
        expect(step.get_by_role("button", name="Adjuntar archivos (JPEG o PNG)")).to_be_visible()
        with page.expect_file_chooser() as chooser:
            step.get_by_role("button", name="Adjuntar archivos (JPEG o PNG)").click()
        assert (
            chooser.value.element.get_attribute("accept") == "image/jpeg,.jpg,.jpeg,image/png,.png"
        )
        with page.expect_response(re.compile(r"/attachments$")) as uploaded:
            chooser.value.set_files(str(photo))
        assert uploaded.value.status == 201
        step = widget.locator(".msg.bot:not(.welcome)").last
        step.get_by_role("button", name="He terminado de adjuntar").click()
        summary = widget.locator(".msg.bot:not(.welcome)").last
        expect(summary.locator(".summary")).to_contain_text("38.345200, -0.481000")
        summary.get_by_role("button", name="Confirmar").click()
        filed = widget.locator(".msg.bot:not(.welcome)").last
        expect(filed).to_contain_text("Aviso registrado con el número")
        shoot(page, "widget-incident-with-photo")
    finally:
        context.close()


def test_markup_typed_by_a_citizen_is_shown_as_text(page: Page, live: Live, shoot: Shoot) -> None:
    widget = open_demo(page, live)
    accept_notice(widget)
    for payload in XSS_PAYLOADS:
        ask(widget, payload)
        expect(widget.locator(".msg.user .bubble").last).to_contain_text(payload)
    assert widget.locator("img:not(.logo), script, [onerror]").count() == 0
    assert page.evaluate("window.__xss") is None
    shoot(page, "widget-xss-as-text")


def test_a_reload_keeps_the_conversation(page: Page, live: Live, shoot: Shoot) -> None:
    widget = open_demo(page, live)
    accept_notice(widget)
    ask(widget, QUESTION)
    stored = page.evaluate("sessionStorage.getItem('ali-chat:v1:alicante')")
    conversation_id = json.loads(stored)["conversationId"]

    page.reload()
    expect(widget.get_by_role("dialog")).to_be_visible()
    expect(widget.locator(".msg.user")).to_have_text([f"Tú dijiste:{QUESTION}"])
    expect(widget.locator(".sources a")).to_have_count(1)
    expect(widget.get_by_label("Escribe tu pregunta")).to_be_enabled()
    with page.expect_request(re.compile(r"/chat/stream$")) as sent:
        ask(widget, SUGGESTION)
    assert sent_json(sent.value)["conversation_id"] == conversation_id
    shoot(page, "widget-after-reload")


def test_it_works_with_the_keyboard_alone(page: Page, live: Live, shoot: Shoot) -> None:
    page.goto(f"{live.ali_url}/demo/")
    widget = page.locator("ali-chat")
    launcher = widget.get_by_role("button", name="Pregunta a ALI")
    expect(launcher).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if launcher.evaluate("button => button.matches(':focus')"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.get_by_role("button", name="Acepto")).to_be_focused()
    page.keyboard.press("Enter")
    box = widget.get_by_label("Escribe tu pregunta")
    expect(box).to_be_focused()
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(widget.locator(".sources a")).to_have_count(1)
    shoot(page, "widget-keyboard")
    page.keyboard.press("Escape")
    expect(widget.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()


def test_on_a_phone_the_panel_fills_the_screen(browser: Browser, live: Live, shoot: Shoot) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        widget = open_demo(page, live)
        accept_notice(widget)
        ask(widget, QUESTION)
        box = widget.get_by_role("dialog").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 360, "height": 740}
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # What the phone shows (a full-page shot would stretch the page under the fixed panel).
        shoot(page, "widget-phone-360-page")
        page.screenshot(path=str(ARTIFACTS / "widget-phone-360.png"))
    finally:
        context.close()


def test_voice_buttons_appear_only_where_the_browser_can_speak(
    browser: Browser, live: Live, shoot: Shoot
) -> None:
    for speech, expected in ((True, 1), (False, 0)):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            if not speech:
                context.add_init_script(SPEECH_APIS_REMOVED)
            page = context.new_page()
            widget = open_demo(page, live)
            accept_notice(widget)
            answer = ask(widget, QUESTION)
            expect(widget.get_by_role("button", name="Dictar la pregunta")).to_have_count(expected)
            expect(answer.get_by_role("button", name="Escuchar la respuesta")).to_have_count(
                expected
            )
            shoot(page, f"widget-voice-{'on' if speech else 'off'}")
        finally:
            context.close()


def test_a_lost_connection_offers_a_retry_that_keeps_the_message(
    page: Page, live: Live, shoot: Shoot
) -> None:
    widget = open_demo(page, live)
    accept_notice(widget)
    failures = {"left": 1}

    def drop_once(route: Route) -> None:
        if failures["left"]:
            failures["left"] -= 1
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/chat/stream$"), drop_once)
    box = widget.get_by_label("Escribe tu pregunta")
    box.fill(QUESTION)
    box.press("Enter")
    failed = widget.locator(".msg.user.failed")
    expect(failed).to_contain_text(QUESTION)
    expect(failed.get_by_role("alert")).to_contain_text("no se ha perdido")
    shoot(page, "widget-connection-lost")

    with page.expect_request(re.compile(r"/chat/stream$")) as resent:
        failed.get_by_role("button", name="Reintentar").click()
    assert sent_json(resent.value)["message"] == QUESTION
    expect(widget.locator(".sources a")).to_have_count(1)
    expect(widget.locator(".msg.user")).to_have_text([f"Tú dijiste:{QUESTION}"])
    expect(widget.locator(".msg.user.failed")).to_have_count(0)
    shoot(page, "widget-retried")


def test_the_interface_speaks_the_chosen_language(page: Page, live: Live, shoot: Shoot) -> None:
    widget = open_demo(page, live)
    widget.get_by_label("Idioma").select_option("va")
    expect(widget.get_by_role("button", name="Accepte")).to_be_visible()
    widget.get_by_role("button", name="Accepte").click()
    box = widget.get_by_label("Escriu la teua pregunta")
    with page.expect_request(re.compile(r"/chat/stream$")) as sent:
        box.fill("Vull parlar amb una persona")
        box.press("Enter")
    assert sent_json(sent.value)["language"] == "va"
    expect(widget.locator(".msg.bot:not(.welcome)")).to_contain_text("010")
    expect(widget.get_by_role("button", name="Parlar amb una persona")).to_be_visible()

    widget.get_by_label("Idioma").select_option("en")
    with page.expect_request(re.compile(r"/chat/stream$")) as handoff:
        widget.get_by_role("button", name="Talk to a person").click()
    assert sent_json(handoff.value)["message"] == "I want to talk to a person"
    expect(widget.get_by_label("Type your question")).to_be_visible()
    expect(widget.locator(".msg.bot:not(.welcome)")).to_have_count(2)
    shoot(page, "widget-languages")
