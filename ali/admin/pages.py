"""The dashboard's HTML: static files under `ali/web/static/admin/`. The login page has one
slot, `<!--message-->`, filled only with the fixed messages below (never with request data)."""

from __future__ import annotations

from enum import Enum
from functools import cache

from ali.web import WEB_DIR

PAGES = WEB_DIR / "admin"
_SLOT = "<!--message-->"


class LoginMessage(Enum):
    WRONG = "Wrong username or password."
    THROTTLED = "Too many failed attempts from this address. Wait a few minutes and try again."
    BUSY = "Too many sign-in attempts right now. Wait a minute and try again."
    SIGNED_OUT = "You have signed out."


@cache
def _read(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def login_page(message: LoginMessage | None = None) -> str:
    html = _read("login.html")
    if message is None:
        return html
    role = "status" if message is LoginMessage.SIGNED_OUT else "alert"
    return html.replace(_SLOT, f'<p class="message" role="{role}">{message.value}</p>')


def dashboard_page() -> str:
    return _read("dashboard.html")


def unavailable_page() -> str:
    return _read("unavailable.html")
