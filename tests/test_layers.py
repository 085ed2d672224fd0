"""Imports point one way: no module of ALI imports from a layer above its own.

The layers are the contract in pyproject.toml (`[tool.importlinter]`), checked by import-linter
on the graph of every import in the package (those inside functions too, and indirect chains).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import grimp
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _contract() -> dict[str, Any]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract: dict[str, Any] = next(c for c in config["contracts"] if c["id"] == "layers")
    return contract


def _layers() -> list[grimp.Layer]:
    layers = []
    for line in _contract()["layers"]:
        independent = ":" not in line
        tails = [tail.strip() for tail in line.replace(":", "|").split("|")]
        layers.append(grimp.Layer(*tails, independent=independent))
    return layers


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    exit_code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert exit_code == 0, "an import runs up a layer: see the report above"


def test_an_import_up_a_layer_is_caught() -> None:
    graph = grimp.build_graph("ali", cache_dir=None)
    layers = _layers()
    assert graph.find_illegal_dependencies_for_layers(layers, containers={"ali"}) == set()

    # The catalogue importing the dialogue engine, or one domain service another of its layer.
    graph.add_import(importer="ali.catalogue.loader", imported="ali.dialogue.engine")
    graph.add_import(importer="ali.storage.retention", imported="ali.identity.citizen")
    illegal = graph.find_illegal_dependencies_for_layers(layers, containers={"ali"})
    assert {(d.importer, d.imported) for d in illegal} == {
        ("ali.catalogue", "ali.dialogue"),
        ("ali.storage", "ali.identity"),
    }


def test_every_package_of_ali_has_a_layer() -> None:
    assert _contract()["exhaustive"] is True
    declared = {tail.strip() for line in _layers() for tail in line.module_tails}
    graph = grimp.build_graph("ali", cache_dir=None)
    children = {module.removeprefix("ali.") for module in graph.find_children("ali")}
    assert children == declared
