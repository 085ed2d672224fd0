"""`ali catalogue import`: a spreadsheet of procedures (exported as CSV, one row per procedure)
read into catalogue entries, every cell checked as the catalogue checks it.

Columns (header names are case-insensitive; spaces and hyphens read as `_`):

- `id`, `category` (one of the profile's), `kind` (`procedure`, the default, or `referral`);
- texts per language, `<field>_<language>` (`title_es`, `summary_va`, `fee_en`...), or bare
  `<field>` for the council's default language; fields: title, summary, aliases, requirements,
  who, fee, deadlines, processing_time, how, department, notes;
- `source_url` and `last_reviewed` (YYYY-MM-DD or DD/MM/YYYY; `--reviewed` gives rows without
  one a date);
- `sia_code` (or `sia`) and `dir3_code` (or `dir3`), checked by format (`ali.catalogue.codes`);
- for `kind` `referral`: `referral_administration[_<language>]` (who is competent) and
  `referral_url`;
- `free` (yes/no, sí/no, true/false), `online_url` (an online channel), `legal_basis`,
  `related`, `editor_notes`, and `fee_year`, `deadlines_year`, `processing_time_year` (the
  year a yearly figure is for).

Lists (aliases, requirements, notes, legal_basis, related, editor_notes) separate their items
with `|` or line breaks. An empty cell is no value. Every problem names the spreadsheet's row
(the header is row 1) and column; nothing is written while any remains.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ali.catalogue.localized import Languages
from ali.catalogue.profile import CouncilProfile
from ali.catalogue.schema import Procedure
from ali.catalogue.yaml_text import dump_yaml
from ali.errors import CatalogueError
from ali.language.registry import LanguagePacks, installed

TEXT_FIELDS = (
    "title",
    "summary",
    "aliases",
    "requirements",
    "who",
    "fee",
    "deadlines",
    "processing_time",
    "how",
    "department",
    "notes",
)
LIST_FIELDS = frozenset(
    {"aliases", "requirements", "notes", "legal_basis", "related", "editor_notes"}
)
YEAR_COLUMNS = {
    "fee_year": "fee",
    "deadlines_year": "deadlines",
    "processing_time_year": "processing_time",
}
# Column -> the entry's field, for the columns that are not texts.
PLAIN_COLUMNS = {
    "id": "id",
    "category": "category",
    "kind": "kind",
    "source_url": "source_url",
    "last_reviewed": "last_reviewed",
    "sia_code": "sia",
    "sia": "sia",
    "dir3_code": "dir3",
    "dir3": "dir3",
    "free": "free",
    "online_url": "channels",
    "legal_basis": "legal_basis",
    "related": "related",
    "editor_notes": "editor_notes",
    "referral_url": "referral_url",
}
# A referral's competent administration, a text per language like the entry's texts.
REFERRAL_ADMINISTRATION = "referral_administration"
_LOCALIZED = (*TEXT_FIELDS, REFERRAL_ADMINISTRATION)
_YES = {"yes", "y", "si", "sí", "true", "1", "x"}
_NO = {"no", "n", "false", "0"}
_SPLIT = re.compile(r"\s*(?:\|\s*|\r?\n\s*)")
# The order of an entry's keys in the YAML written, as in the hand-written files.
_KEY_ORDER = (
    "id",
    "kind",
    "category",
    "sia",
    "dir3",
    "free",
    "channels",
    "referral",
    "related",
    "legal_basis",
    "fact_years",
    "editor_notes",
    "source_url",
    "last_reviewed",
    "text",
)


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportFailed(CatalogueError):
    """The spreadsheet has problems; `problems` names each one's row and column."""

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportedRow:
    row: int
    entry: dict[str, Any]  # as it will be written (only the languages the row gives)
    procedure: Procedure


def read_spreadsheet(
    path: Path,
    profile: CouncilProfile,
    *,
    existing: Mapping[str, str] | None = None,
    known_ids: Collection[str] = (),
    reviewed: dt.date | None = None,
    packs: LanguagePacks | None = None,
) -> list[ImportedRow]:
    """The rows of the CSV at `path` as entries of `profile`'s council.

    `existing` maps the ids already in the council's other files to their file (a row with one
    of them is refused); `known_ids` are the ids `related` may also name (the base's, say).
    """
    header, rows = _read_rows(path)
    columns = _columns(header, profile)
    context = Languages(packs or installed(), tuple(profile.languages), profile.default_language)
    existing = existing or {}
    imported: list[ImportedRow] = []
    problems: list[CellProblem] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        entry, sources, cell_problems = _entry(number, header, cells, columns, reviewed)
        problems += cell_problems
        procedure_id = entry.get("id")
        if isinstance(procedure_id, str):
            if procedure_id in seen:
                problems.append(
                    CellProblem(number, "id", f"{procedure_id!r} is also row {seen[procedure_id]}")
                )
            elif procedure_id in existing:
                problems.append(
                    CellProblem(
                        number, "id", f"{procedure_id!r} is already in {existing[procedure_id]}"
                    )
                )
            seen.setdefault(procedure_id, number)
        category = entry.get("category")
        if category is not None and category not in profile.categories:
            known = ", ".join(sorted(profile.categories))
            problems.append(
                CellProblem(
                    number,
                    sources.get("category"),
                    f"unknown category {category!r} (the profile's: {known})",
                )
            )
        try:
            procedure = Procedure.model_validate(entry, context=context)
        except ValidationError as exc:
            unreadable = {problem.column for problem in cell_problems}
            for error in exc.errors(include_url=False):
                column = _column_of(error["loc"], sources, profile.default_language)
                if column is None and "referral" in str(error["msg"]):
                    column = (
                        "kind" if "only referrals" in str(error["msg"]) else REFERRAL_ADMINISTRATION
                    )
                if column not in unreadable:  # already reported as unreadable
                    problems.append(CellProblem(number, column, _message(error)))
            continue
        if not cell_problems:
            imported.append(ImportedRow(number, entry, procedure))
    ids = {*seen, *existing, *known_ids}
    for row in imported:
        problems += [
            CellProblem(row.row, "related", f"related id {related!r} is in no entry")
            for related in row.procedure.related
            if related not in ids
        ]
    if problems:
        raise ImportFailed(sorted(problems, key=lambda problem: problem.row))
    if not imported:
        raise ImportFailed([CellProblem(1, None, "no procedure rows under the header")])
    return imported


def write_entries(rows: list[ImportedRow], destination: Path, source: str) -> None:
    """The imported entries as a catalogue file (`procedures/<name>.yaml`)."""
    header = (
        f"# Imported from {source} by `ali catalogue import` on {dt.date.today().isoformat()}.\n"
        "# Edit here or import again; then run `ali council check`.\n"
    )
    entries = [row.entry for row in rows]
    destination.write_text(header + dump_yaml(entries), encoding="utf-8")


# --- reading ------------------------------------------------------------------------------


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportFailed([CellProblem(1, None, f"cannot read {path}: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [CellProblem(1, None, "the file is not UTF-8: export the sheet as 'CSV UTF-8'")]
        ) from exc
    first = text.split("\n", 1)[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [_normal(name) for name in next(reader, [])]
    if not any(header):
        raise ImportFailed([CellProblem(1, None, "the file has no header row")])
    rows = [
        (number, cells)
        for number, cells in enumerate(reader, start=2)
        if any(cell.strip() for cell in cells)
    ]
    return header, rows


def _normal(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _columns(header: list[str], profile: CouncilProfile) -> dict[str, tuple[str, str | None]]:
    """Each header name -> (the entry's field, its language for a text; None otherwise)."""
    columns: dict[str, tuple[str, str | None]] = {}
    problems: list[CellProblem] = []
    for name in header:
        if not name:
            continue  # an unnamed column (a trailing separator): its cells must be empty
        if name in columns:
            problems.append(CellProblem(1, name, "the column appears twice"))
        elif name in PLAIN_COLUMNS or name in YEAR_COLUMNS:
            columns[name] = (name, None)
        elif name in _LOCALIZED:
            columns[name] = (name, profile.default_language)
        elif "_" in name and name.rsplit("_", 1)[0] in _LOCALIZED:
            field, language = name.rsplit("_", 1)
            if language not in profile.languages:
                offered = ", ".join(profile.languages)
                problems.append(
                    CellProblem(1, name, f"the council does not offer {language!r} ({offered})")
                )
            columns[name] = (field, language)
        else:
            problems.append(CellProblem(1, name, "unknown column (see docs/adopt.md)"))
    for required in ("id", "category", "source_url"):
        if required not in columns:
            problems.append(CellProblem(1, required, "missing column"))
    if problems:
        raise ImportFailed(problems)
    return columns


def _entry(
    number: int,
    header: list[str],
    cells: list[str],
    columns: dict[str, tuple[str, str | None]],
    reviewed: dt.date | None,
) -> tuple[dict[str, Any], dict[str, str], list[CellProblem]]:
    """A row as an entry, where each field came from (field path -> column), and the cells
    that cannot be read at all."""
    if any(cell.strip() for cell in cells[len(header) :]):
        extra = CellProblem(number, None, f"more cells than the {len(header)} columns")
        return {}, {}, [extra]
    values: dict[str, Any] = {}
    texts: dict[str, dict[str, Any]] = {}
    sources: dict[str, str] = {}
    problems: list[CellProblem] = []
    for name, cell in zip(header, cells, strict=False):  # short rows: empty cells
        value = cell.strip()
        if not value:
            continue
        if not name:
            problems.append(CellProblem(number, None, f"{value!r} is under no column header"))
            continue
        field, language = columns[name]
        if language is not None and field == REFERRAL_ADMINISTRATION:
            referral = values.setdefault("referral", {})
            referral.setdefault("administration", {})[language] = value
            sources[f"referral.administration.{language}"] = name
        elif language is not None:
            texts.setdefault(language, {})[field] = _split(value) if field in LIST_FIELDS else value
            sources[f"text.{language}.{field}"] = name
        elif name in YEAR_COLUMNS:
            if not value.isdigit() or len(value) != 4:
                problems.append(CellProblem(number, name, f"{value!r} is not a year"))
            else:
                values.setdefault("fact_years", {})[YEAR_COLUMNS[name]] = int(value)
                sources[f"fact_years.{YEAR_COLUMNS[name]}"] = name
        else:
            target = PLAIN_COLUMNS[name]
            parsed, problem = _plain(target, value)
            if problem is not None:
                problems.append(CellProblem(number, name, problem))
                continue
            if target == "referral_url":
                values.setdefault("referral", {})["url"] = parsed
                sources["referral.url"] = name
                continue
            values[target] = parsed
            sources[target] = name
    if "last_reviewed" not in values and reviewed is not None:
        values["last_reviewed"] = reviewed
    if texts:
        values["text"] = texts
    ordered = {key: values[key] for key in _KEY_ORDER if key in values}
    return ordered, sources, problems


def _plain(target: str, value: str) -> tuple[Any, str | None]:
    if target in LIST_FIELDS:
        return _split(value), None
    if target == "free":
        lowered = value.lower()
        if lowered in _YES or lowered in _NO:
            return lowered in _YES, None
        return None, f"{value!r} is not yes or no"
    if target == "last_reviewed":
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value, pattern).date(), None
            except ValueError:
                continue
        return None, f"{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)"
    if target == "channels":
        return [{"type": "online", "url": value}], None
    if target in ("sia", "dir3"):
        return value.upper().replace(" ", ""), None
    return value, None


def _split(value: str) -> list[str]:
    return [item for item in _SPLIT.split(value) if item]


def _column_of(
    location: tuple[int | str, ...], sources: dict[str, str], default: str
) -> str | None:
    """The column a validation error's location came from (the longest known prefix)."""
    parts = [str(part) for part in location]
    if parts == ["text"]:
        return f"title_{default}"  # no text in the default language
    if parts[:1] == ["channels"]:
        return sources.get("channels")
    for end in range(len(parts), 0, -1):
        column = sources.get(".".join(parts[:end]))
        if column is not None:
            return column
    if parts[:1] == ["text"] and len(parts) >= 3:
        return f"{parts[2]}_{parts[1]}"  # a required text missing in that language
    return parts[0] if parts else None


def _message(error: Any) -> str:
    if error["type"] == "missing" and tuple(error["loc"]) == ("last_reviewed",):
        return "no date: fill in last_reviewed (the day the row was checked) or give --reviewed"
    if error["type"] == "missing":
        return "missing value"
    return str(error["msg"]).removeprefix("Value error, ")
