"""Example utterances per intent and language: the package's defaults, extended per council by
`knowledge/<council>/intents.yaml` (same shape: intent -> language -> list of texts; any
installed language)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from pydantic import RootModel, ValidationError

from ali.catalogue.schema import Language
from ali.errors import CatalogueError
from ali.language.registry import installed
from ali.retrieval.passages import Passage

DEFAULT_EXAMPLES = Path(__file__).resolve().parent / "examples.yaml"

# Labels the examples may use: routable intents plus the three crisis routes.
LABELS = frozenset(
    {
        "greeting",
        "goodbye",
        "thanks",
        "help",
        "handoff",
        "status_check",
        "procedure_action",
        "out_of_scope",
        "blocked",
        "emergency_112",
        "emergency_016",
        "emergency_024",
    }
)


_PerLanguage = dict[Language, list[str]]


class _ExampleFile(RootModel[dict[str, _PerLanguage]]):
    pass


# Parsed files by path, size and modification time: every council reads the defaults, and a
# process serving a province of towns would otherwise parse them once per town.
_parsed: dict[tuple[Path, int, int], dict[str, _PerLanguage]] = {}


def _read(path: Path) -> dict[str, _PerLanguage]:
    try:
        status = path.stat()
    except OSError as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    key = (path.resolve(), status.st_size, status.st_mtime_ns)
    if key not in _parsed:
        _parsed[key] = _parse(path)
    return _parsed[key]


def _parse(path: Path) -> dict[str, _PerLanguage]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = _ExampleFile.model_validate(raw).root
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    unknown = set(parsed) - LABELS
    if unknown:
        raise CatalogueError(f"{path}: unknown intents {sorted(unknown)}")
    packs = installed()
    for per_language in parsed.values():
        for language in per_language:
            if language not in packs:
                raise CatalogueError(f"{path}: {packs.not_installed(language)}")
    return parsed


def load_examples(council_dir: Path | None = None) -> list[Passage]:
    """Default examples, plus the council's own when it has an `intents.yaml`."""
    sources = [_read(DEFAULT_EXAMPLES)]
    if council_dir is not None and (council_dir / "intents.yaml").exists():
        sources.append(_read(council_dir / "intents.yaml"))
    order = {code: position for position, code in enumerate(installed().codes)}
    passages: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    for source in sources:
        for label, per_language in source.items():
            for language in sorted(per_language, key=order.__getitem__):
                for text in per_language[language]:
                    if text.strip() and (label, text) not in seen:
                        seen.add((label, text))
                        passages.append(Passage(label, language, text.strip()))
    return passages


def fingerprint(passages: list[Passage]) -> str:
    encoded = json.dumps([(p.key, p.language, p.text) for p in passages]).encode()
    return hashlib.sha256(encoded).hexdigest()
