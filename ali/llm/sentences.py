"""Whole sentences from a stream of tokens, so that each sentence can be checked against the
catalogue before the citizen sees it (the output guardrails).

A sentence ends at `.`, `!`, `?` or `…` followed by white space, or at a line break; not
after a number's dot (`3.50`), nor after the abbreviations of es, va and en that take a dot
(`Sr.`, `núm.`, `p. ej.`, `e.g.`) or an initial (`C.`). A sentence is given out only once the
text after it has begun, so a token split mid-abbreviation is never cut."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

# Lower-cased, without their final dot.
ABBREVIATIONS = frozenset(
    {
        # es / va
        "sr", "sra", "sres", "srta", "dª", "dña", "dr", "dra", "núm", "nº", "art",
        "arts", "avda", "av", "pl", "pza", "tel", "telf", "tfno", "aprox", "pág", "págs",
        "ej", "p. ej", "etc", "ud", "uds", "vd", "vdes", "apdo", "ctra", "s/n", "cp",
        # en
        "mr", "mrs", "ms", "st", "e.g", "i.e", "vs", "approx",
    }
)  # fmt: skip

_END = re.compile(r"(?:[.!?…]+[\"'»)\]]*\s+|\n+)")
_LAST_WORD = re.compile(r"(\S+(?: \S+)?)\.$")


class SentenceBuffer:
    def __init__(self) -> None:
        self._pending = ""

    def feed(self, text: str) -> list[str]:
        """The sentences `text` completes (stripped), in order; the rest waits."""
        self._pending += text
        sentences: list[str] = []
        start = 0
        for match in _END.finditer(self._pending):
            if match.end() == len(self._pending) and self._pending[-1] != "\n":
                break  # the next token may still continue this sentence ("3." + "50")
            candidate = self._pending[start : match.end()]
            if _ends_in_abbreviation(self._pending[start : match.start() + 1]):
                continue
            if candidate.strip():
                sentences.append(candidate.strip())
            start = match.end()
        self._pending = self._pending[start:]
        return sentences

    def flush(self) -> str | None:
        """What is left when the stream ends: the last sentence, or None."""
        rest, self._pending = self._pending.strip(), ""
        return rest or None


def _ends_in_abbreviation(text: str) -> bool:
    """Whether `text`, which ends in a dot, ends in an abbreviation rather than a sentence."""
    if not text.endswith("."):
        return False
    match = _LAST_WORD.search(text)
    if match is None:
        return False
    words = match.group(1).lower()
    last = words.split(" ")[-1]
    initial = last.strip("(")
    if len(initial) == 1 and initial.isalpha():
        return True
    return words in ABBREVIATIONS or last in ABBREVIATIONS


async def sentences(tokens: AsyncIterator[str]) -> AsyncIterator[str]:
    """The sentences of a stream of tokens, each as soon as it is whole."""
    buffer = SentenceBuffer()
    async for token in tokens:
        for sentence in buffer.feed(token):
            yield sentence
    rest = buffer.flush()
    if rest is not None:
        yield rest
