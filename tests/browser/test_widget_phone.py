"""A reply in the widget fits a phone screen (issue 12): at 390x844, the reply's first sentence
and its action button are on screen as the reply arrives, without the citizen scrolling, and the
reply's bubble is shorter than the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, FloatRect, Locator, Page, ViewportSize

from tests.browser.test_widget import QUESTION, Shoot, accept_notice, ask, open_demo
from tests.support.browser import ARTIFACTS, Live

PHONE: ViewportSize = {"width": 390, "height": 844}

# The bounding box of the bubble's first sentence: a DOM Range from the bubble's first character
# to the first sentence end (., ! or ? before a space, or the end of the first block).
FIRST_SENTENCE_BOX = """
(bubble) => {
  const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent.trim()) nodes.push(node);
  }
  if (!nodes.length) return null;
  const blockOf = (node) => node.parentElement.closest("p, li, h1, h2, h3, h4, div");
  const range = document.createRange();
  range.setStart(nodes[0], 0);
  for (const [i, node] of nodes.entries()) {
    const end = node.textContent.search(/[.!?](\\s|$)/);
    const last = i + 1 === nodes.length || blockOf(nodes[i + 1]) !== blockOf(node);
    if (end >= 0 || last) {
      range.setEnd(node, end >= 0 ? end + 1 : node.textContent.length);
      break;
    }
  }
  return range.getBoundingClientRect().toJSON();
}
"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def on_screen(box: FloatRect | None) -> bool:
    """The box lies wholly inside the phone's screen."""
    assert box is not None
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= PHONE["width"]
        and box["y"] + box["height"] <= PHONE["height"]
    )


def first_sentence(reply: Locator) -> FloatRect:
    box = reply.locator(".bubble").evaluate(FIRST_SENTENCE_BOX)
    assert box and box["height"] > 0, box
    return {key: box[key] for key in ("x", "y", "width", "height")}  # type: ignore[return-value]


def assert_fits(reply: Locator) -> None:
    bubble = reply.locator(".bubble").bounding_box()
    assert bubble is not None
    assert bubble["height"] < PHONE["height"], bubble
    sentence = first_sentence(reply)
    assert on_screen(sentence), sentence


def test_a_fee_reply_fits_on_a_phone(phone: Page, live: Live, shoot: Shoot) -> None:
    widget = open_demo(phone, live)
    accept_notice(widget)
    reply = ask(widget, QUESTION)
    assert_fits(reply)
    # The reply's buttons (do it now, the other aspects) are on screen too.
    buttons = reply.locator(".actions button")
    assert buttons.count() >= 1
    for button in buttons.all():
        assert on_screen(button.bounding_box()), button.text_content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(ARTIFACTS / "widget-phone-390-fee.png"))


def test_the_sign_in_button_is_on_screen_with_the_reply(
    phone: Page, live: Live, shoot: Shoot
) -> None:
    widget = open_demo(phone, live)
    accept_notice(widget)
    reply = ask(widget, "quiero un certificado de empadronamiento")
    assert_fits(reply)
    button = reply.get_by_role("button", name="Identificarse")
    assert on_screen(button.bounding_box()), button.bounding_box()
    # The composer stays reachable below the reply: the citizen can answer at once.
    assert on_screen(widget.locator("textarea").bounding_box())
    phone.screenshot(path=str(ARTIFACTS / "widget-phone-390-sign-in.png"))
