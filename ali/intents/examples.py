"""Example utterances per intent and language: the package's defaults, extended per council by
`knowledge/<council>/intents.yaml` (same shape: intent -> language -> list of texts)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, RootModel, ValidationError

from ali.catalogue.schema import Language
from ali.errors import CatalogueError
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


class _PerLanguage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    es: list[str] = []
    va: list[str] = []
    en: list[str] = []


class _ExampleFile(RootModel[dict[str, _PerLanguage]]):
    pass


def _read(path: Path) -> dict[str, _PerLanguage]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = _ExampleFile.model_validate(raw).root
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    unknown = set(parsed) - LABELS
    if unknown:
        raise CatalogueError(f"{path}: unknown intents {sorted(unknown)}")
    return parsed


def load_examples(council_dir: Path | None = None) -> list[Passage]:
    """Default examples, plus the council's own when it has an `intents.yaml`."""
    sources = [_read(DEFAULT_EXAMPLES)]
    if council_dir is not None and (council_dir / "intents.yaml").exists():
        sources.append(_read(council_dir / "intents.yaml"))
    passages: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    for source in sources:
        for label, per_language in source.items():
            for language in ("es", "va", "en"):
                lang: Language = language
                for text in getattr(per_language, language):
                    if text.strip() and (label, text) not in seen:
                        seen.add((label, text))
                        passages.append(Passage(label, lang, text.strip()))
    return passages


def fingerprint(passages: list[Passage]) -> str:
    encoded = json.dumps([(p.key, p.language, p.text) for p in passages]).encode()
    return hashlib.sha256(encoded).hexdigest()
