"""Links reach the model only as tokens ("[L1]") and are mapped back in its reply (issue 13),
so a link the model invents cannot reach the citizen: a raw URL it writes itself, or a token it
was never given, is removed. One `LinkTokens` per turn."""

from __future__ import annotations

import re

from ali.guardrails.facts import SCHEME_URL, url_key

_TOKEN = re.compile(r"\[L(\d+)\]")
_TRAILING = ".,;:!?)]}»\"'’"
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([.,;:!?])")


class LinkTokens:
    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}  # URL key -> token
        self._urls: dict[str, str] = {}  # token -> URL as first written

    def hide(self, text: str) -> str:
        """`text` with each URL (http(s):// or www.) replaced by its token; the same URL (up to
        its key: scheme, trailing slash, host case) gets the same token."""

        def token(match: re.Match[str]) -> str:
            written = match.group()
            url = written.rstrip(_TRAILING)
            key = url_key(url)
            if key not in self._tokens:
                name = f"[L{len(self._tokens) + 1}]"
                self._tokens[key] = name
                self._urls[name] = url
            return self._tokens[key] + written[len(url) :]

        return SCHEME_URL.sub(token, text)

    def restore(self, text: str) -> tuple[str, int]:
        """`text` with its tokens mapped back to their URLs; raw URLs and unknown tokens are
        removed. Returns the text and how many were removed."""
        removed = 0

        def drop(match: re.Match[str]) -> str:
            nonlocal removed
            removed += 1
            written = match.group()
            return written[len(written.rstrip(_TRAILING)) :]

        def back(match: re.Match[str]) -> str:
            nonlocal removed
            url = self._urls.get(match.group())
            if url is None:
                removed += 1
                return ""
            return url

        cleaned = SCHEME_URL.sub(drop, text)
        restored = _TOKEN.sub(back, cleaned)
        if removed:
            restored = _BEFORE_PUNCTUATION.sub(r"\1", _SPACES.sub(" ", restored)).strip()
        return restored, removed
