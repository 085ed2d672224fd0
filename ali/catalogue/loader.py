"""Reads a council's folder (`council.yaml` and `procedures/*.yaml`) into a checked `Catalogue`.

The profile's `languages` must be installed (`ali.language.registry`); every text is then
completed to those languages, a missing one taking the default language's text. A profile with
`base: <name>` inherits the entries and categories of `knowledge/_bases/<name>/`
(`ali.catalogue.base`); its own entries add to them, or replace the base entry of the same id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ali.catalogue.base import BASES_FOLDER, BaseFiles, base_folder, read_base
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.localized import Languages
from ali.catalogue.profile import CouncilProfile
from ali.catalogue.schema import Procedure
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
    base = _base(folder, raw)
    if base is not None:
        raw = base.inherited_profile(raw)
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
    problems: list[str] = []
    files = sorted((folder / "procedures").glob("*.yaml"))
    if not files and base is None:
        raise CatalogueError(f"{folder}: no procedures/*.yaml files")
    sources = [] if base is None else list(base.entries)
    for path in files:
        entries = _read_yaml(path)
        if not isinstance(entries, list):
            raise CatalogueError(f"{path}: expected a list of procedures")
        sources.append((path, tuple(entries)))
    inherited = len(sources) - len(files)
    validated = [_validated(path, entries, context, problems) for path, entries in sources]
    if problems:
        raise CatalogueError("\n".join(problems))
    own = [procedure for batch in validated[inherited:] for procedure in batch]
    inherited_entries = [procedure for batch in validated[:inherited] for procedure in batch]
    return Catalogue(profile=profile, procedures=_overridden(inherited_entries, own))


def _base(folder: Path, raw: Any) -> BaseFiles | None:
    name = raw.get("base") if isinstance(raw, dict) else None
    if name is None:
        return None
    if not isinstance(name, str) or not name:
        raise CatalogueError(f"{folder / 'council.yaml'}: base must name a base catalogue")
    return read_base(base_folder(folder, name))


def _validated(
    path: Path, entries: tuple[Any, ...], context: Languages, problems: list[str]
) -> list[Procedure]:
    procedures = []
    for position, entry in enumerate(entries):
        try:
            procedures.append(Procedure.model_validate(entry, context=context))
        except ValidationError as exc:
            name = entry.get("id", f"entry {position}") if isinstance(entry, dict) else position
            problems.append(f"{path.name}: {name}: {exc}")
    return procedures


def _overridden(inherited: list[Procedure], own: list[Procedure]) -> list[Procedure]:
    """The base's entries, each replaced by the council's entry of the same id, in place; then
    the council's other entries, in file order."""
    base_ids = {procedure.id for procedure in inherited}
    overrides: dict[str, Procedure] = {}
    for procedure in own:
        if procedure.id in base_ids:
            if procedure.id in overrides:
                raise CatalogueError(f"{procedure.id}: duplicate id")
            overrides[procedure.id] = procedure
    replaced = [overrides.get(procedure.id, procedure) for procedure in inherited]
    return [*replaced, *(procedure for procedure in own if procedure.id not in base_ids)]


def council_folders(knowledge_dir: Path) -> list[Path]:
    """Every folder under `knowledge_dir` that holds a council profile (not `_bases/`, nor any
    folder whose name starts with `_` or `.`)."""
    return sorted(
        path.parent
        for path in knowledge_dir.glob("*/council.yaml")
        if path.parent.name[0] not in "_." and path.parent.name != BASES_FOLDER
    )


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            if yaml.__with_libyaml__:  # libyaml's loader, several times faster
                return yaml.load(handle, Loader=yaml.CSafeLoader)
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: invalid YAML: {exc}") from exc
