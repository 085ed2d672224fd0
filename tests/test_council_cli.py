"""`ali council new`, `ali council check <id>` and `ali catalogue import`, in a temporary
knowledge folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from ali.catalogue import load_catalogue
from ali.cli import app
from ali.settings import DEFAULT_KNOWLEDGE_DIR

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "catalogue-import-sample.csv"
HEADER = "id,category,title_es,summary_es,source_url,last_reviewed,sia_code,dir3_code\n"


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), terminal_width=200, env={"COLUMNS": "250"})


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    return folder


@pytest.fixture
def council(knowledge: Path) -> Path:
    result = _run(
        "council", "new", "x", "--languages", "es,va,en", "--knowledge-dir", str(knowledge)
    )
    assert result.exit_code == 0, result.output
    return knowledge / "x"


def test_a_new_council_passes_its_check(knowledge: Path) -> None:
    new = _run("council", "new", "x", "--knowledge-dir", str(knowledge))
    assert new.exit_code == 0, new.output
    assert (knowledge / "x" / "council.yaml").is_file()
    assert (knowledge / "x" / "procedures" / "inicio.yaml").is_file()
    check = _run("council", "check", "x", "--knowledge-dir", str(knowledge))
    assert check.exit_code == 0, check.output
    assert "x: 0 error(s)" in check.output and "passes" in check.output


def test_a_new_council_is_not_ready_to_go_live(council: Path) -> None:
    check = _run("council", "check", "x", "--strict", "--knowledge-dir", str(council.parent))
    assert check.exit_code == 1, check.output
    assert "web-del-ayuntamiento.invalid is a placeholder" in check.output
    assert "editor TODO(s)" in check.output
    assert "fails (--strict: warnings count)" in check.output


def test_the_starter_entries_state_no_fact_and_keep_todos_for_editors(council: Path) -> None:
    catalogue = load_catalogue(council)
    assert set(catalogue.languages) == {"es", "va", "en"}
    for procedure in catalogue:
        assert any(note.startswith("TODO (editor):") for note in procedure.editor_notes)
        for text in procedure.text.values():
            shown = " ".join(str(value) for value in text.model_dump().values())
            assert "TODO" not in shown
            assert not any(fact for fact in (text.fee, text.deadlines, text.processing_time))
        assert not procedure.free and not procedure.legal_basis


def test_new_takes_the_facts_it_is_given(knowledge: Path) -> None:
    result = _run(
        "council",
        "new",
        "la-vila",
        "--name",
        "Ajuntament de la Vila",
        "--assistant-name",
        "Vila",
        "--languages",
        "va,es",
        "--web-url",
        "https://www.lavila.es/",
        "--sede-url",
        "https://lavila.sedelectronica.es/",
        "--phone",
        "965 000 000",
        "--knowledge-dir",
        str(knowledge),
    )
    assert result.exit_code == 0, result.output
    profile = load_catalogue(knowledge / "la-vila").profile
    assert (profile.name, profile.assistant_name) == ("Ajuntament de la Vila", "Vila")
    assert (profile.languages, profile.default_language) == (["va", "es"], "va")
    assert str(profile.sede_url) == "https://lavila.sedelectronica.es/"
    assert profile.contact.phone == "965 000 000"
    assert "invalid" not in (knowledge / "la-vila" / "council.yaml").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad_Id"], "lowercase letters, digits and hyphens"),
        (["../fuera"], "lowercase letters, digits and hyphens"),
        (["y", "--languages", "es,xx"], "xx"),
        (["y", "--languages", "en,es", "--base", "nowhere"], "no base catalogue here"),
    ],
)
def test_new_refuses_what_it_cannot_write(knowledge: Path, args: list[str], message: str) -> None:
    result = _run("council", "new", *args, "--knowledge-dir", str(knowledge))
    assert result.exit_code == 2
    assert message in result.output
    assert list(knowledge.iterdir()) == []


def test_new_never_overwrites_a_council(council: Path) -> None:
    before = (council / "council.yaml").read_text()
    result = _run("council", "new", "x", "--knowledge-dir", str(council.parent))
    assert result.exit_code == 2 and "already exists" in result.output
    assert (council / "council.yaml").read_text() == before


def test_new_on_a_base_inherits_it(knowledge: Path) -> None:
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR / "_bases", knowledge / "_bases")
    result = _run(
        "council",
        "new",
        "pueblo",
        "--languages",
        "es,va,en",
        "--base",
        "alicante-provincia",
        "--knowledge-dir",
        str(knowledge),
    )
    assert result.exit_code == 0, result.output
    catalogue = load_catalogue(knowledge / "pueblo")
    assert catalogue.profile.base == "alicante-provincia"
    assert any(procedure.category == "tributos" for procedure in catalogue)
    check = _run("council", "check", "pueblo", "--knowledge-dir", str(knowledge))
    # The only errors it may have are the base's own facts past their year, not the town's.
    assert "│ error" not in check.output, check.output
    assert check.exit_code == 0 or "facts past their year" in check.output


def test_check_fails_on_an_error_and_names_it(council: Path) -> None:
    entries = council / "procedures" / "inicio.yaml"
    data = yaml.safe_load(entries.read_text())
    del data[0]["source_url"]
    entries.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = _run("council", "check", "x", "--knowledge-dir", str(council.parent))
    assert result.exit_code == 1
    assert "inicio.yaml: informacion.sede-electronica" in result.output
    assert "missing source_url" in result.output


def test_import_writes_the_sample_into_the_catalogue(council: Path) -> None:
    result = _run(
        "catalogue", "import", str(SAMPLE), "--council", "x", "--knowledge-dir", str(council.parent)
    )
    assert result.exit_code == 0, result.output
    written = council / "procedures" / "catalogue-import-sample.yaml"
    assert "3 procedures written" in result.output
    entries = yaml.safe_load(written.read_text())
    assert [entry["id"] for entry in entries] == [
        "padron.volante",
        "padron.alta",
        "padron.certificado",
    ]
    assert "&id" not in written.read_text()
    volante = load_catalogue(council).get("padron.volante")
    assert volante.dir3 == "L01030149" and volante.sia is None
    assert volante.free is True
    assert volante.text["va"].title == "Volant d'empadronament"
    assert len(volante.text["es"].requirements) == 1
    check = _run("council", "check", "x", "--knowledge-dir", str(council.parent))
    assert check.exit_code == 0, check.output


def test_import_names_each_bad_cell_and_writes_nothing(council: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "tramites.csv"
    sheet.write_text(
        HEADER
        + "padron.uno,padron,Uno,Un resumen suficiente,https://www.x.es/,2026-12-01,12a,\n"
        + "padron.dos,padron,Dos,Un resumen suficiente,www.x.es,01/12/2026,,L01030148\n"
        + "padron.uno,nada,Tres,Corto,https://www.x.es/,,,\n",
        encoding="utf-8",
    )
    result = _run(
        "catalogue", "import", str(sheet), "--council", "x", "--knowledge-dir", str(council.parent)
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("tramites.csv")]
    assert any(
        line.startswith("tramites.csv: row 2, column sia_code: an SIA code") for line in lines
    )
    assert any("row 3, column source_url: Input should be a valid URL" in line for line in lines)
    assert any("row 3, column dir3_code:" in line and "ends in 9" in line for line in lines)
    assert "tramites.csv: row 4, column id: 'padron.uno' is also row 2" in lines
    assert any(line.startswith("tramites.csv: row 4, column category: unknown") for line in lines)
    assert any(line.startswith("tramites.csv: row 4, column summary_es:") for line in lines)
    assert any(
        line.startswith("tramites.csv: row 4, column last_reviewed: no date") for line in lines
    )
    assert not (council / "procedures" / "tramites.yaml").exists()


def test_import_reads_a_semicolon_export_with_a_bom(council: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "hoja.csv"
    sheet.write_bytes(
        "\ufeffID;Category;Title ES;Summary ES;Source URL;Free;\n"
        "padron.uno;padron;Uno;Un resumen suficiente;https://www.x.es/;sí;\n".encode()
    )
    result = _run(
        "catalogue",
        "import",
        str(sheet),
        "--council",
        "x",
        "--reviewed",
        "2026-12-01",
        "--knowledge-dir",
        str(council.parent),
    )
    assert result.exit_code == 0, result.output
    procedure = load_catalogue(council).get("padron.uno")
    assert procedure.free is True and procedure.last_reviewed.isoformat() == "2026-12-01"


def test_import_refuses_unknown_columns_and_ids_of_other_files(
    council: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "otro.csv"
    sheet.write_text(
        "id,category,title_es,summary_es,source_url,last_reviewed,colour,title_fr\n"
        "padron.empadronamiento,padron,Uno,Un resumen suficiente,https://www.x.es/,2026-12-01,,\n"
    )
    result = _run(
        "catalogue", "import", str(sheet), "--council", "x", "--knowledge-dir", str(council.parent)
    )
    assert result.exit_code == 1
    assert "row 1, column colour: unknown column" in result.output
    assert "row 1, column title_fr: the council does not offer 'fr'" in result.output
    sheet.write_text(
        "id,category,title_es,summary_es,source_url,last_reviewed\n"
        "padron.empadronamiento,padron,Uno,Un resumen suficiente,https://www.x.es/,2026-12-01\n"
    )
    result = _run(
        "catalogue", "import", str(sheet), "--council", "x", "--knowledge-dir", str(council.parent)
    )
    assert result.exit_code == 1
    assert "'padron.empadronamiento' is already in procedures/inicio.yaml" in result.output


def test_import_again_needs_replace(council: Path) -> None:
    args = [
        "catalogue",
        "import",
        str(SAMPLE),
        "--council",
        "x",
        "--knowledge-dir",
        str(council.parent),
    ]
    assert _run(*args).exit_code == 0
    again = _run(*args)
    assert again.exit_code == 2 and "--replace" in again.output
    assert _run(*args, "--replace").exit_code == 0


def test_import_reads_a_referral(council: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "externos.csv"
    columns = "id,kind,category,title_es,summary_es,source_url,last_reviewed"
    row = "informacion.dni,referral,informacion,DNI,Lo expide la Policía Nacional.,https://www.x.es/,2026-12-01"
    sheet.write_text(f"{columns}\n{row}\n", encoding="utf-8")
    args = [
        "catalogue",
        "import",
        str(sheet),
        "--council",
        "x",
        "--knowledge-dir",
        str(council.parent),
    ]
    missing = _run(*args)
    assert missing.exit_code == 1
    assert "row 2, column referral_administration: a referral must name" in missing.output
    sheet.write_text(
        f"{columns},referral_administration,referral_administration_en,referral_url\n"
        f"{row},Policía Nacional,National Police,https://www.dnielectronico.es/\n",
        encoding="utf-8",
    )
    assert _run(*args).exit_code == 0
    referral = load_catalogue(council).get("informacion.dni").referral
    assert referral is not None
    assert referral.administration.get("en") == "National Police"
    assert referral.administration.get("va") == "Policía Nacional"  # the default's, completed
    assert str(referral.url) == "https://www.dnielectronico.es/"


def test_new_takes_the_branding(knowledge: Path, tmp_path: Path) -> None:
    logo = tmp_path / "Escut.SVG"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    result = _run(
        "council",
        "new",
        "x",
        "--primary-color",
        "#aa0000",
        "--secondary-color",
        "#00aa00",
        "--logo",
        str(logo),
        "--knowledge-dir",
        str(knowledge),
    )
    assert result.exit_code == 0, result.output
    branding = load_catalogue(knowledge / "x").profile.branding
    assert (branding.primary_color, branding.secondary_color) == ("#aa0000", "#00aa00")
    assert branding.logo == "logo.svg"
    assert (knowledge / "x" / "logo.svg").read_text() == logo.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--primary-color", "red"], "colours are written as #rrggbb"),
        (["--logo", "escut.gif"], "a logo is a .svg, .png, .jpg file"),
        (["--timezone", "Mars/Olympus"], "unknown timezone"),
    ],
)
def test_new_writes_nothing_it_cannot_load(knowledge: Path, args: list[str], message: str) -> None:
    result = _run("council", "new", "x", *args, "--knowledge-dir", str(knowledge))
    assert result.exit_code == 2
    assert message in result.output
    assert list(knowledge.iterdir()) == []
