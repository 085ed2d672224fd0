"""Reads a council's folder (`council.yaml` and `procedures/*.yaml`) into a checked `Catalogue`.

The profile's `languages` must be installed (`ali.language.registry`); every text is then
completed to those languages, a missing one taking the default language's text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.localized import Languages
from ali.catalogue.schema import CouncilProfile, Procedure
from ali.errors import CatalogueError
from ali.language.codes import Language
from ali.language.registry import LanguagePacks, installed


class _Declared(BaseModel):
    """The profile's languages, read first: its own texts are completed to them."""

    model_config = ConfigDict(extra="ignore")

    languages: list[Language] = []
    default_language: Language = "es"


def load_catalogue(folder: Path, packs: LanguagePacks | None = None) -> Catalogue:
    """Load and validate one council; every problem found is reported with its file."""
    raw = _read_yaml(folder / "council.yaml")
    try:
        declared = _Declared.model_validate(raw)
        context = Languages(
            packs or installed(), tuple(declared.languages), declared.default_language
        )
        profile = CouncilProfile.model_validate(raw, context=context)
    except ValidationError as exc:
        raise CatalogueError(f"{folder / 'council.yaml'}: {exc}") from exc
    if profile.id != folder.name:
        raise CatalogueError(f"{folder}: council id {profile.id!r} must match the folder name")
    procedures: list[Procedure] = []
    problems: list[str] = []
    files = sorted((folder / "procedures").glob("*.yaml"))
    if not files:
        raise CatalogueError(f"{folder}: no procedures/*.yaml files")
    for path in files:
        entries = _read_yaml(path)
        if not isinstance(entries, list):
            raise CatalogueError(f"{path}: expected a list of procedures")
        for position, entry in enumerate(entries):
            try:
                procedures.append(Procedure.model_validate(entry, context=context))
            except ValidationError as exc:
                name = entry.get("id", f"entry {position}") if isinstance(entry, dict) else position
                problems.append(f"{path.name}: {name}: {exc}")
    if problems:
        raise CatalogueError("\n".join(problems))
    return Catalogue(profile=profile, procedures=procedures)


def council_folders(knowledge_dir: Path) -> list[Path]:
    """Every folder under `knowledge_dir` that holds a council profile."""
    return sorted(path.parent for path in knowledge_dir.glob("*/council.yaml"))


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: invalid YAML: {exc}") from exc
