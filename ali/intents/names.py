"""Whether a message's search term is one of a procedure's name terms, allowing for a stemmer
that cuts one form of a word and not another ("obra" -> "obr", "obras" kept whole)."""

from __future__ import annotations

_MIN_PREFIX = 4  # name terms this long may match by their start


def in_names(term: str, names: set[str]) -> bool:
    """`term` is one of a procedure's name terms, or one of them is its start or starts with
    it: the stemmer leaves "obras" whole but cuts "obra" ("licencia de obras" names both
    works permits)."""
    if term in names:
        return True
    return len(term) >= _MIN_PREFIX and any(
        len(name) >= _MIN_PREFIX and (name.startswith(term) or term.startswith(name))
        for name in names
    )
