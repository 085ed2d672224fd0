"""Everything an editor has to fix in one council's knowledge before citizens see it.

`validate_council` loads the council as ALI does (`load_catalogue`) and reports *findings*,
each an error or a warning, naming the file or entry and what to do:

- errors: a file that does not load (a malformed or missing field, a missing `source_url` or
  `last_reviewed`, a link that is no link, an unknown category, office or related id), a
  connector type ALI does not have, an action no connector performs, a connector no entry uses,
  a yearly fact past its year;
- warnings: a text missing in a language the council offers (citizens read the default
  language's instead), `http:` and placeholder links, entries due for review, editors' TODOs.

When the files do not load, only what keeps them from loading is reported: the other checks
run on the loaded catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from ali.catalogue.base import BASES_FOLDER, base_folder, read_base
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.freshness import DEFAULT_REVIEW_AGE, FreshnessReport, check_freshness
from ali.catalogue.links import LinkProblem, check_link, check_text
from ali.catalogue.loader import load_catalogue
from ali.catalogue.localized import Languages
from ali.catalogue.schema import Procedure
from ali.errors import CatalogueError
from ali.language.registry import LanguagePacks, installed

Severity = Literal["error", "warning"]
PROFILE = "council.yaml"
# Texts of a profile given per language, as paths into council.yaml ("*": every key or item).
_PROFILE_TEXTS = (
    ("welcome",),
    ("privacy", "text"),
    ("categories", "*"),
    ("contact", "phone_hours"),
    ("contact", "note"),
    ("offices", "*", "services"),
    ("offices", "*", "note"),
)
_ENTRY_TEXTS = (("text",), ("channels", "*", "note"), ("referral", "administration"))
TODO_MARK = "TODO"


CheckName = Literal["load", "profile", "languages", "links", "connectors", "freshness", "todo"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    where: str  # the file or entry
    message: str
    check: CheckName = "load"


@dataclass(frozen=True)
class Checks:
    """What a council is checked against: the connector types and built-in actions this ALI
    has (the caller knows them: the catalogue sits below the connectors), and the day."""

    connector_types: Collection[str]
    built_in_actions: Collection[str] = ()
    today: dt.date | None = None
    review_age: dt.timedelta = DEFAULT_REVIEW_AGE
    packs: LanguagePacks | None = None


@dataclass(frozen=True)
class CouncilValidation:
    council: str
    findings: tuple[Finding, ...]
    freshness: FreshnessReport | None = None  # None when the catalogue did not load

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.severity == "warning")

    def passed(self, strict: bool = False) -> bool:
        """No error (and, when `strict`, no warning either: ready to go live)."""
        return not (self.findings if strict else self.errors)


def validate_council(folder: Path, checks: Checks) -> CouncilValidation:
    """The findings of the council in `folder`, errors first."""
    try:
        catalogue = load_catalogue(folder, checks.packs)
    except CatalogueError as exc:
        return CouncilValidation(folder.name, _sorted(_load_findings(folder, exc, checks)))
    today = checks.today or catalogue.profile.now().date()
    freshness = check_freshness(catalogue, today, checks.review_age)
    findings = [
        *_profile_findings(catalogue),
        *_missing_languages(folder, catalogue),
        *_link_findings(catalogue),
        *_connector_findings(catalogue, checks),
        *_freshness_findings(freshness),
        *_todo_findings(catalogue),
    ]
    return CouncilValidation(catalogue.profile.id, _sorted(findings), freshness)


# --- files that do not load ---------------------------------------------------------------


def _load_findings(folder: Path, exc: CatalogueError, checks: Checks) -> list[Finding]:
    """What keeps the council from loading, field by field where the files allow it."""
    if isinstance(exc.__cause__, ValidationError):  # a profile (council.yaml, base.yaml)
        where = Path(exc.detail.split(": ", 1)[0]).name
        return list(_validation_findings(where, exc.__cause__))
    findings = list(_entry_findings(folder, checks.packs))
    if findings:
        return findings
    lines = (part.strip() for line in exc.detail.splitlines() for part in line.split("; "))
    return [Finding("error", folder.name, line) for line in lines if line]


def _entry_findings(folder: Path, packs: LanguagePacks | None) -> Iterator[Finding]:
    """The schema errors of each entry of the council's own files."""
    raw = _read(folder / PROFILE)
    profile = raw if isinstance(raw, dict) else {}
    offered = profile.get("languages") or []
    default = profile.get("default_language", "es")
    context = Languages(packs or installed(), tuple(offered), default)
    for path, entries in _own_entries(folder):
        for position, entry in enumerate(entries):
            try:
                Procedure.model_validate(entry, context=context)
            except ValidationError as exc:
                yield from _validation_findings(_where(path, entry, position), exc)


def _validation_findings(where: str, exc: ValidationError) -> Iterator[Finding]:
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing" and location == "source_url":
            message = "missing source_url: the official page this entry was checked against"
        elif error["type"] == "missing" and location == "last_reviewed":
            message = "missing last_reviewed: the day an editor last checked it (YYYY-MM-DD)"
        elif error["type"].startswith("url_"):
            message = f"malformed link {error.get('input')!r}: {message}"
        yield Finding("error", where, f"{location}: {message}" if location else message)


# --- a loaded catalogue -------------------------------------------------------------------


def _missing_languages(folder: Path, catalogue: Catalogue) -> Iterator[Finding]:
    """Texts the files give in fewer languages than the council offers (the loader fills them
    with the default language's text, so citizens asking in another read that one)."""
    offered = catalogue.profile.languages
    default = catalogue.profile.default_language
    raw = _read(folder / PROFILE)
    for path, texts in _texts_at(raw, _PROFILE_TEXTS, ()):
        yield from _missing(PROFILE, ".".join(path), texts, offered, default)
    inherited: list[tuple[Path, list[Any]]] = []
    if catalogue.profile.base is not None:
        base = read_base(base_folder(folder, catalogue.profile.base))
        inherited = [(path, list(entries)) for path, entries in base.entries]
    for file, entries in [*inherited, *_own_entries(folder)]:
        for position, entry in enumerate(entries):
            for path, texts in _texts_at(entry, _ENTRY_TEXTS, ()):
                yield from _missing(
                    _where(file, entry, position), ".".join(path), texts, offered, default
                )


def _missing(
    where: str, location: str, texts: Any, offered: list[str], default: str
) -> Iterator[Finding]:
    if not isinstance(texts, dict):
        return
    missing = [language for language in offered if language not in texts]
    if missing:
        yield Finding(
            "warning",
            where,
            f"{location}: no text in {', '.join(missing)} (citizens read the {default} text)",
            "languages",
        )


def _profile_findings(catalogue: Catalogue) -> Iterator[Finding]:
    """What a profile written by `ali council new` may still lack."""
    profile = catalogue.profile
    if not any(character.isdigit() for character in profile.contact.phone):
        message = f"contact.phone: {profile.contact.phone!r} is no phone number"
        yield Finding("warning", PROFILE, message, "profile")
    if profile.privacy.version.lower().startswith("draft"):
        message = "privacy: the notice is a draft: have it approved and give it a version"
        yield Finding("warning", PROFILE, message, "profile")


def _link_findings(catalogue: Catalogue) -> Iterator[Finding]:
    profile = catalogue.profile
    profile_links = {
        "web_url": profile.web_url,
        "sede_url": profile.sede_url,
        "source_url": profile.source_url,
        "contact.appointment_url": profile.contact.appointment_url,
        "privacy.url": profile.privacy.url,
    }
    for location, url in profile_links.items():
        if url is not None:
            yield from _link_problem(PROFILE, location, check_link(str(url)))
    texts = {
        "welcome": profile.welcome,
        "privacy.text": profile.privacy.text,
        "contact.note": profile.contact.note,
        "contact.phone_hours": profile.contact.phone_hours,
        **{f"offices.{office.id}.note": office.note for office in profile.offices},
    }
    for location, localized in texts.items():
        for language, content in (localized.root if localized is not None else {}).items():
            for problem in check_text(content):
                yield from _link_problem(PROFILE, f"{location}.{language}", problem)
    for procedure in catalogue:
        links: dict[str, object] = {"source_url": procedure.source_url}
        for position, channel in enumerate(procedure.channels):
            links[f"channels.{position}.url"] = channel.url
        if procedure.referral is not None:
            links["referral.url"] = procedure.referral.url
        for location, link in links.items():
            if link is not None:
                yield from _link_problem(procedure.id, location, check_link(str(link)))
        default = procedure.text[profile.default_language]
        for language, text in procedure.text.items():
            if language != profile.default_language and text is default:
                continue  # the default language's text, standing in for this one
            for name, value in text.model_dump().items():
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        for problem in check_text(item):
                            yield from _link_problem(
                                procedure.id, f"text.{language}.{name}", problem
                            )


def _link_problem(where: str, location: str, problem: LinkProblem | None) -> Iterator[Finding]:
    if problem is None:
        return
    severity: Severity = "error" if problem.kind == "malformed" else "warning"
    yield Finding(severity, where, f"{location}: {problem.link!r}: {problem.detail}", "links")


def _connector_findings(catalogue: Catalogue, checks: Checks) -> Iterator[Finding]:
    connectors = catalogue.profile.connectors
    known = ", ".join(sorted(checks.connector_types))
    for name, config in connectors.items():
        if config.type not in checks.connector_types:
            yield Finding(
                "error",
                PROFILE,
                f"connectors.{name}: unknown connector type {config.type!r} (known: {known})",
                "connectors",
            )
    used: set[str] = set()
    for procedure in catalogue:
        for kind in ("action", "status_action", "cancel_action"):
            action = getattr(procedure, kind)
            if action is None:
                continue
            used.add(action)
            if action not in connectors and action not in checks.built_in_actions:
                yield Finding(
                    "error",
                    procedure.id,
                    f"{kind}: {action!r} is performed by no connector of council.yaml",
                    "connectors",
                )
    for name in connectors:
        if name not in used:
            message = f"connectors.{name}: no entry uses this action"
            yield Finding("error", PROFILE, message, "connectors")


def _freshness_findings(report: FreshnessReport) -> Iterator[Finding]:
    for past in report.past_year:
        yield Finding(
            "error",
            past.procedure_id,
            f"{past.fact}: its figure is for {past.year}; set this year's (and fact_years)",
            "freshness",
        )
    for due in report.due_for_review:
        yield Finding(
            "warning",
            due.entry,
            f"last reviewed {due.last_reviewed.isoformat()} ({due.age.days} days ago): "
            "check it against its source_url",
            "freshness",
        )


def _todo_findings(catalogue: Catalogue) -> Iterator[Finding]:
    for procedure in catalogue:
        todos = [note for note in procedure.editor_notes if TODO_MARK in note]
        if todos:
            message = f"{len(todos)} editor TODO(s) in editor_notes"
            yield Finding("warning", procedure.id, message, "todo")


# --- files --------------------------------------------------------------------------------


def _own_entries(folder: Path) -> Iterator[tuple[Path, list[Any]]]:
    for path in sorted((folder / "procedures").glob("*.yaml")):
        entries = _read(path)
        if isinstance(entries, list):
            yield path, entries


def _texts_at(
    node: Any, paths: tuple[tuple[str, ...], ...], prefix: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """The nodes at each path (`*` standing for every key of a mapping or item of a list)."""
    for path in paths:
        yield from _walk(node, path, prefix)


def _walk(
    node: Any, path: tuple[str, ...], prefix: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any]]:
    if not path:
        yield prefix, node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        children: list[tuple[Any, Any]] = []
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        for key, child in children:
            yield from _walk(child, rest, (*prefix, str(key)))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*prefix, head))


def _where(path: Path, entry: Any, position: int) -> str:
    """`file.yaml: id`; a base's file as `_bases/<base>/file.yaml: id`."""
    name = entry.get("id") if isinstance(entry, dict) else None
    file = path.name
    if path.parent.parent.parent.name == BASES_FOLDER:
        file = f"{BASES_FOLDER}/{path.parent.parent.name}/{path.name}"
    return f"{file}: {name or f'entry {position + 1}'}"


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None  # the loader has reported it


def _sorted(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda finding: finding.severity != "error"))
