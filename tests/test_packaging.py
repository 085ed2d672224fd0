"""The product wheel and image hold no sandbox: the sandbox back office (ali_sandbox, with its
documents and their PDF, QR and signing libraries) is its own distribution in sandbox/."""

from __future__ import annotations

import email
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the wheels

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_ONLY_REQUIREMENTS = ("fpdf2", "segno", "pyhanko")


def _docker_copies() -> list[str]:
    """The sources of every COPY in the Dockerfile, as written."""
    sources: list[str] = []
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            *copied, _destination = line.split()[1:]
            sources.extend(part for part in copied if not part.startswith("--"))
    return sources


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The product wheel, built from what the Dockerfile copies before `pip install .`."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "ali"):
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps"]
    command += ["--no-build-isolation", "--quiet", "--wheel-dir", str(out)]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        cwd=source,
    )
    [built] = out.glob("ali_assistant-*.whl")
    return zipfile.ZipFile(built)


def _requirements(wheel: zipfile.ZipFile) -> list[str]:
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = email.message_from_bytes(wheel.read(name))
    return [
        re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0]
        for req in metadata.get_all("Requires-Dist", [])
    ]


def test_the_dockerfile_copies_no_sandbox() -> None:
    copied = _docker_copies()
    assert "ali" in [part.strip("./") for part in copied]
    assert not [part for part in copied if "sandbox" in part]


def test_the_wheel_holds_the_product(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "ali/api/app.py" in names
    assert "ali/settings/__init__.py" in names


def test_the_wheel_holds_no_sandbox_code(wheel: zipfile.ZipFile) -> None:
    offending = [
        name
        for name in wheel.namelist()
        if name.startswith(("ali_sandbox/", "ali/sandbox/", "ali/documents/", "sandbox/", "tests/"))
    ]
    assert offending == []


def test_the_wheel_requires_none_of_the_sandbox_libraries(wheel: zipfile.ZipFile) -> None:
    requirements = [name.lower() for name in _requirements(wheel)]
    assert "fastapi" in requirements  # the metadata was read
    assert not set(requirements) & set(SANDBOX_ONLY_REQUIREMENTS)


def test_the_wheel_has_no_sandbox_command(wheel: zipfile.ZipFile) -> None:
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    scripts = wheel.read(name).decode()
    assert "ali = ali.cli:main" in scripts
    assert "sandbox" not in scripts
