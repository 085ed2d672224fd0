"""The links a council's knowledge shows citizens, checked before they are shown: every address
must be a complete http(s) link to a real host (or a `mailto:` / `tel:` link); `http:` (not
encrypted) and placeholder hosts (`example.org`, anything under `.invalid`, `localhost`) are
reported for the editor to fix.

Links in texts are found as Markdown links (`[label](target)`) and bare `http(s)://` addresses;
a Markdown link whose target is not a complete link is malformed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

# Hosts that stand for "fill this in": RFC 2606 / RFC 6761 names that never reach a council.
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost")
PLACEHOLDER_SUFFIXES = (".invalid", ".example", ".test", ".localhost")

_MARKDOWN_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]*)[^)]*\)")
_BARE_LINK = re.compile(r"(?<![(\w])https?://[^\s<>()\[\]\"']+", re.IGNORECASE)

LinkProblemKind = Literal["malformed", "insecure", "placeholder"]


@dataclass(frozen=True)
class LinkProblem:
    kind: LinkProblemKind
    link: str
    detail: str


def check_link(link: str) -> LinkProblem | None:
    """What is wrong with one address a citizen may follow (None when nothing is)."""
    try:
        parts = urlsplit(link)
        host = (parts.hostname or "").lower()
    except ValueError:
        return LinkProblem("malformed", link, "not a valid address")
    if parts.scheme.lower() in ("mailto", "tel") and parts.path:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return LinkProblem("malformed", link, "not a complete http(s) link")
    if host in PLACEHOLDER_HOSTS or host.endswith(PLACEHOLDER_SUFFIXES):
        return LinkProblem("placeholder", link, f"{host} is a placeholder, not the council's")
    if "." not in host and not _is_ip(host):
        return LinkProblem("malformed", link, f"{host!r} is not a full host name")
    if parts.scheme.lower() == "http":
        return LinkProblem("insecure", link, "http: is not encrypted; use the https: address")
    return None


def links_in_text(text: str) -> list[str]:
    """The link targets in a text: Markdown link targets, then bare addresses."""
    targets = [match.group(1) for match in _MARKDOWN_LINK.finditer(text)]
    bare_text = _MARKDOWN_LINK.sub(" ", text)
    targets += [match.group(0).rstrip(".,;:!?") for match in _BARE_LINK.finditer(bare_text)]
    return targets


def check_text(text: str) -> list[LinkProblem]:
    """The problems of every link in a text."""
    problems = [check_link(link) for link in links_in_text(text)]
    return [problem for problem in problems if problem is not None]


def _is_ip(host: str) -> bool:
    return bool(re.fullmatch(r"[0-9.]+|[0-9a-f:]+", host))
