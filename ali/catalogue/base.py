"""A base catalogue: procedures several councils share (a province's tax agency, its Diputación's
services), kept once in `knowledge/_bases/<base>/` and inherited by every profile that says
`base: <base>`.

The folder holds `base.yaml` (its name, the categories of its entries, where its facts come
from) and `procedures/*.yaml`, written like a council's. A council inherits the categories and
the entries; its own files add local procedures, and an entry of its own with a base entry's id
replaces that entry (in the base entry's place). Base files are read once per process (their
parsed YAML is cached by path, size and modification time) and validated in each council's
languages, since a council offering fewer languages completes the texts differently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from ali.errors import CatalogueError

# The folder of base catalogues inside the knowledge directory; council discovery skips it.
BASES_FOLDER = "_bases"


class BaseProfile(BaseModel):
    """`base.yaml`: what the base catalogue is; its categories are checked by each council."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    # Raw texts per language (`{es: ..., va: ...}`), validated in each council's languages.
    categories: dict[str, dict[str, str]]
    editor_notes: list[str] = Field(default_factory=list)
    source_url: HttpUrl
    last_reviewed: dt.date


@dataclass(frozen=True)
class BaseFiles:
    """A base catalogue as read from disk: its profile and its raw entries, by file."""

    folder: Path
    profile: BaseProfile
    entries: tuple[tuple[Path, tuple[Any, ...]], ...]

    def inherited_profile(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A council's raw profile with the base's categories under its own."""
        categories = {**self.profile.categories, **(raw.get("categories") or {})}
        return {**raw, "categories": categories}


_read_cache: dict[tuple[Path, tuple[tuple[str, int, int], ...]], BaseFiles] = {}


def base_folder(council_folder: Path, base: str) -> Path:
    """Where the base named by a council in `council_folder` lives."""
    return council_folder.parent / BASES_FOLDER / base


def read_base(folder: Path) -> BaseFiles:
    """The base catalogue in `folder`, parsed once while its files are unchanged."""
    if not (folder / "base.yaml").is_file():
        raise CatalogueError(f"{folder}: no base catalogue here (base.yaml not found)")
    files = [folder / "base.yaml", *sorted((folder / "procedures").glob("*.yaml"))]
    stamp = tuple((path.name, *_stat(path)) for path in files)
    key = (folder.resolve(), stamp)
    cached = _read_cache.get(key)
    if cached is not None:
        return cached
    try:
        profile = BaseProfile.model_validate(_read_yaml(files[0]))
    except ValidationError as exc:
        raise CatalogueError(f"{files[0]}: {exc}") from exc
    if profile.id != folder.name:
        raise CatalogueError(f"{folder}: base id {profile.id!r} must match the folder name")
    entries = []
    for path in files[1:]:
        content = _read_yaml(path)
        if not isinstance(content, list):
            raise CatalogueError(f"{path}: expected a list of procedures")
        entries.append((path, tuple(content)))
    read = BaseFiles(folder=folder, profile=profile, entries=tuple(entries))
    _read_cache[key] = read
    return read


def _stat(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            if yaml.__with_libyaml__:  # libyaml's loader, several times faster
                return yaml.load(handle, Loader=yaml.CSafeLoader)
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: invalid YAML: {exc}") from exc
