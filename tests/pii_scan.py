"""After the whole suite: none of the personal data the tests typed is at rest or in a log.

The values are collected from the tests' own source: every valid DNI/NIE and IBAN (checked with
python-stdnum), every Luhn-valid card number, every Spanish mobile number and every e-mail
address that is not the council's own (public addresses in knowledge/ are not personal data).

Then ALI's SQLite files (database, WAL and shared memory) and log files left under pytest's
temporary directory, and the output and log records pytest captured from every test, are
searched for them, with separators removed on both sides so "12.345.678-Z" in a file is found
as well as "12345678Z". The sandbox back office's own files are not scanned: a council's
register holds its residents' NIFs by design; ALI must not.

Each finding names the kind of value and the file, never the value itself. With
`ALI_PII_SCAN=fail` (as `make test` and `make test-fast` run it) a finding fails the run; a
partial run in one's own loop only reports.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from stdnum import iban, luhn
from stdnum.es import dni, nie

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SANDBOX_TESTS = ROOT / "sandbox" / "tests"  # the sandbox distribution's own tests
KNOWLEDGE = ROOT / "knowledge"

_SEPARATORS = re.compile(r"[\s.\-/()\u00a0]")
_CANDIDATES: dict[str, re.Pattern[str]] = {
    "DNI": re.compile(r"(?<![\w])\d{2}\.?\d{3}\.?\d{3}\s?-?\s?[A-Za-z](?![\w])"),
    "NIE": re.compile(r"(?<![\w])[XYZxyz][\s.-]?\d{7}[\s.-]?[A-Za-z](?![\w])"),
    "IBAN": re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ .-]?[A-Z0-9]){10,30}"),
    "card": re.compile(r"(?<!\d)(?:\d[ -]?){13,19}(?!\d)"),
    "phone": re.compile(r"(?<![\w+])(?:\+34[ .-]?)?[67](?:[ ./-]?\d){8}(?!\d)"),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
}


def compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def _valid(kind: str, value: str) -> bool:
    if kind == "DNI":
        return bool(dni.is_valid(value))
    if kind == "NIE":
        return bool(nie.is_valid(value))
    if kind == "IBAN":
        return bool(iban.is_valid(value))
    if kind == "card":
        return value[0] in "3456" and bool(luhn.is_valid(value))
    if kind == "phone":
        return len(value.removeprefix("+34")) == 9
    return True


def _public_addresses() -> set[str]:
    found: set[str] = set()
    for path in KNOWLEDGE.rglob("*.yaml"):
        found.update(m.group(0).upper() for m in _CANDIDATES["e-mail"].finditer(path.read_text()))
    return found


def typed_values(sources: list[Path]) -> dict[str, str]:
    """Compact value -> kind, for the personal data written in `sources`."""
    public = _public_addresses()
    values: dict[str, str] = {}
    for path in sources:
        source = path.read_text(encoding="utf-8", errors="replace")
        for kind, pattern in _CANDIDATES.items():
            for match in pattern.finditer(source):
                value = compact(match.group(0))
                if kind == "e-mail":
                    value = match.group(0).upper()
                    domain = value.rpartition("@")[2]
                    if value in public or re.fullmatch(r"[\d.]+", domain):  # user@host URLs
                        continue
                if _valid(kind, value):
                    values[value.removeprefix("+34")] = kind
    return values


def _found_in(haystack: str, values: dict[str, str]) -> set[str]:
    compacted = compact(haystack)
    upper = haystack.upper()
    hits = set()
    for value, kind in values.items():
        where = upper if kind == "e-mail" else compacted
        if kind in ("card", "phone"):
            if re.search(rf"(?<!\d){re.escape(value)}(?!\d)", where):
                hits.add(kind)
        elif value in where:
            hits.add(kind)
    return hits


def _is_sandbox(path: Path) -> bool:
    return path.name.startswith("sandbox") or "sandbox" in path.parts


@dataclass
class PiiScan:
    values: dict[str, str] = field(default_factory=dict)
    captured: list[tuple[str, str]] = field(default_factory=list)  # (test id, captured text)

    def findings(self, basetemp: Path) -> tuple[list[str], int]:
        findings: list[str] = []
        files = [
            path
            for pattern in ("*.db", "*.db-wal", "*.db-shm", "*.log")
            for path in basetemp.rglob(pattern)
            if path.is_file() and not _is_sandbox(path.relative_to(basetemp))
        ]
        for path in files:
            text = path.read_bytes().decode("latin-1")
            for kind in sorted(_found_in(text, self.values)):
                findings.append(f"{kind} in {path.relative_to(basetemp)}")
        for test_id, text in self.captured:
            for kind in sorted(_found_in(text, self.values)):
                findings.append(f"{kind} in the output captured from {test_id}")
        return findings, len(files)


_scan: PiiScan | None = None  # one per test session (the hooks below have no shared object)


def pytest_configure(config: pytest.Config) -> None:
    global _scan
    sources = sorted(
        p
        for folder in (TESTS, SANDBOX_TESTS)
        for p in folder.rglob("*.py")
        if p.name != "pii_scan.py"
    )
    _scan = PiiScan(values=typed_values(sources))


def _ali_output(text: str) -> str:
    # uvicorn's access lines in these tests come from the sandbox back office's server (ALI's own
    # URLs carry no personal data by design); what the back office logs is the council's matter.
    return "\n".join(line for line in text.splitlines() if "uvicorn.access" not in line)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # What ALI printed or logged while a test ran (stdout, stderr, log records); the sandbox's
    # own tests exercise the back office, not ALI.
    if _scan is not None and not report.nodeid.startswith("sandbox/tests/"):
        _scan.captured.extend((report.nodeid, _ali_output(text)) for _name, text in report.sections)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    scan = _scan
    if scan is None or session.config.option.collectonly:
        return
    factory = session.config._tmp_path_factory  # type: ignore[attr-defined]
    basetemp = factory.getbasetemp()
    findings, files = scan.findings(basetemp)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    summary = (
        f"PII scan: {len(scan.values)} values typed by the tests, {files} ALI database and log "
        f"files, {len(scan.captured)} captured outputs: {len(findings)} found"
    )
    if reporter is not None:
        reporter.write_line(summary)
        for finding in findings:
            reporter.write_line(f"  personal data at rest or in a log: {finding}", red=True)
    if findings and os.environ.get("ALI_PII_SCAN") == "fail":
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
