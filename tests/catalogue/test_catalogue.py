from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from pydantic import ValidationError

from ali.catalogue import Catalogue, load_catalogue
from ali.catalogue.schema import Procedure
from ali.errors import CatalogueError, UnknownProcedure
from tests.support.councils import ALICANTE

REQUIRED_IDS = """
padron.alta padron.volante padron.certificado padron.baja padron.renovacion-extranjeros
tributos.pago tributos.domiciliacion tributos.fraccionamiento tributos.duplicado-recibo
tributos.ibi tributos.ivtm tributos.plusvalia tributos.tasa-residuos
multas.pago multas.alegaciones citas.cita-previa
registro.instancia-general registro.estado-expediente registro.quejas-sugerencias
registro.acceso-informacion
identidad.certificado-digital identidad.clave identidad.notificaciones
via-publica.incidencia via-publica.recogida-enseres via-publica.ecoparque via-publica.ocupacion
via-publica.vado
movilidad.tarjeta-pmr movilidad.ora-residentes movilidad.grua movilidad.tarjeta-ciudadana
urbanismo.obra-menor urbanismo.obra-mayor urbanismo.actividad urbanismo.primera-ocupacion
social.cita-trabajador-social social.ayudas-emergencia social.informe-vulnerabilidad
social.teleasistencia
otros.matrimonio-civil otros.animales otros.deportes otros.bibliotecas otros.objetos-perdidos
otros.empleo otros.cementerio
externo.dni externo.extranjeria externo.vida-laboral externo.paro externo.renta
externo.tarjeta-sanitaria externo.dgt externo.registro-civil externo.censo-electoral
""".split()

# Phone numbers a citizen may be given: the council's own (010, the two appointment lines that
# differ between official page versions) and the State's Carpeta Ciudadana line. Anything else
# in the catalogue would be a number nobody checked. 965206527 is the ORA office's appointment line
# [oragruaalicante.es/ora/en/resident-card/, undated].
KNOWN_PHONES = {"010", "900153862", "966900886", "060", "965206527"}
KNOWN_HOSTS = {
    "www.alicante.es",
    "sedeelectronica.alicante.es",
    "citaprevia.alicante.es",
    "bpm.alicante.es",
    "www.tuhacesalicante.com",
    "oragruaalicante.es",
    "sede.administracion.gob.es",
    "www.citapreviadnie.es",
    "sede.agenciatributaria.gob.es",
    "www.sepe.es",
    "sede.seg-social.gob.es",
    "sede.dgt.gob.es",
    "www.mjusticia.gob.es",
    "www.ine.es",
    "sede.administracionespublicas.gob.es",
    "www.san.gva.es",
}


def test_every_required_id_is_in_the_catalogue(catalogue: Catalogue) -> None:
    missing = [pid for pid in REQUIRED_IDS if pid not in catalogue]
    assert missing == []


def test_every_entry_is_written_in_the_three_languages(catalogue: Catalogue) -> None:
    """Alicante's texts are all written, none taken from the default language."""
    assert catalogue.languages == ["es", "va", "en"]
    for path in sorted((ALICANTE / "procedures").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            assert set(entry["text"]) == {"es", "va", "en"}, entry["id"]
            for language, text in entry["text"].items():
                assert text["title"].strip(), (entry["id"], language)


def test_referrals_are_exactly_the_external_procedures(catalogue: Catalogue) -> None:
    for procedure in catalogue:
        assert (procedure.kind == "referral") == procedure.id.startswith("externo."), procedure.id


def test_catalogue_states_only_known_phone_numbers(catalogue: Catalogue) -> None:
    raw = "\n".join(p.model_dump_json() for p in catalogue) + catalogue.profile.model_dump_json()
    found = {
        re.sub(r"\D", "", m) for m in re.findall(r"(?<!\d)\d{3}(?:[ .]?\d{3}){0,2}(?!\d)", raw)
    }
    phones = {number for number in found if len(number) == 9 or number in {"010", "060"}}
    phones = {number for number in phones if not number.startswith(("19", "20"))}
    assert phones <= KNOWN_PHONES


def test_catalogue_links_point_to_known_official_sites(catalogue: Catalogue) -> None:
    # What citizens read; the identity provider and connectors are infrastructure addresses.
    citizen_facing = catalogue.profile.model_dump_json(exclude={"identity", "connectors"})
    raw = "\n".join(p.model_dump_json() for p in catalogue) + citizen_facing
    hosts = {urlparse(url).hostname for url in re.findall(r"https?://[^\s\"'),]+", raw)}
    assert hosts <= KNOWN_HOSTS, hosts - KNOWN_HOSTS


def test_unknown_keys_are_rejected() -> None:
    entry = yaml.safe_load((ALICANTE / "procedures" / "padron.yaml").read_text())[0]
    entry["fees"] = "5 €"
    with pytest.raises(ValidationError, match="fees"):
        Procedure.model_validate(entry)


def _alicante_with(tmp_path: Path, first_padron_entry: dict[str, Any]) -> Path:
    folder = tmp_path / "alicante"
    shutil.copytree(ALICANTE, folder)
    padron = folder / "procedures" / "padron.yaml"
    entries = yaml.safe_load(padron.read_text())
    padron.write_text(yaml.safe_dump([first_padron_entry, *entries[1:]], allow_unicode=True))
    return folder


def test_a_text_missing_in_a_language_is_the_default_languages(tmp_path: Path) -> None:
    entry = yaml.safe_load((ALICANTE / "procedures" / "padron.yaml").read_text())[0]
    del entry["text"]["va"]
    catalogue = load_catalogue(_alicante_with(tmp_path, entry))
    procedure = catalogue.get(entry["id"])
    assert procedure.text["va"] == procedure.text["es"]
    assert procedure.text["en"].title == entry["text"]["en"]["title"]


def test_a_text_missing_in_the_default_language_is_rejected(tmp_path: Path) -> None:
    entry = yaml.safe_load((ALICANTE / "procedures" / "padron.yaml").read_text())[0]
    del entry["text"]["es"]
    with pytest.raises(CatalogueError, match=r"missing the default language 'es'"):
        load_catalogue(_alicante_with(tmp_path, entry))


def test_a_profile_naming_an_uninstalled_language_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "alicante"
    (folder / "procedures").mkdir(parents=True)
    profile = yaml.safe_load((ALICANTE / "council.yaml").read_text())
    profile["languages"] = ["es", "gl"]
    (folder / "council.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True))
    with pytest.raises(CatalogueError, match=r"language 'gl' is not installed \(installed: es, va"):
        load_catalogue(folder)


def test_languages_must_be_codes() -> None:
    entry = yaml.safe_load((ALICANTE / "procedures" / "padron.yaml").read_text())[0]
    entry["text"]["Spanish!"] = entry["text"]["es"]
    with pytest.raises(ValidationError, match=r"text\.Spanish!"):
        Procedure.model_validate(entry)


def test_a_referral_must_name_the_administration() -> None:
    entry = yaml.safe_load((ALICANTE / "procedures" / "padron.yaml").read_text())[0]
    entry["kind"] = "referral"
    with pytest.raises(ValidationError, match="competent administration"):
        Procedure.model_validate(entry)


def test_broken_cross_references_fail_the_whole_catalogue(tmp_path: Path) -> None:
    tmp_path = tmp_path / "alicante"
    (tmp_path / "procedures").mkdir(parents=True)
    (tmp_path / "council.yaml").write_text((ALICANTE / "council.yaml").read_text())
    entry = yaml.safe_load((ALICANTE / "procedures" / "padron.yaml").read_text())[0]
    entry["related"] = ["padron.nonexistent"]
    (tmp_path / "procedures" / "padron.yaml").write_text(yaml.safe_dump([entry]))
    with pytest.raises(CatalogueError, match=r"padron\.nonexistent"):
        load_catalogue(tmp_path)


def test_invalid_yaml_is_reported_with_its_file(tmp_path: Path) -> None:
    tmp_path = tmp_path / "alicante"
    (tmp_path / "procedures").mkdir(parents=True)
    (tmp_path / "council.yaml").write_text((ALICANTE / "council.yaml").read_text())
    (tmp_path / "procedures" / "broken.yaml").write_text("- id: [unclosed\n")
    with pytest.raises(CatalogueError, match=r"broken\.yaml"):
        load_catalogue(tmp_path)


def test_unknown_procedure_lookup_raises(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownProcedure):
        catalogue.get("padron.nope")


def test_fingerprint_changes_with_content(catalogue: Catalogue) -> None:
    first, *rest = list(catalogue)
    edited = first.model_copy(update={"free": not first.free})
    changed = Catalogue(profile=catalogue.profile, procedures=[edited, *rest])
    assert changed.fingerprint() != catalogue.fingerprint()


def test_council_id_must_match_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "jaen"
    (folder / "procedures").mkdir(parents=True)
    (folder / "council.yaml").write_text((ALICANTE / "council.yaml").read_text())
    with pytest.raises(CatalogueError, match="must match the folder name"):
        load_catalogue(folder)


def test_alicante_declares_the_procedures_generic_code_looks_for(catalogue: Catalogue) -> None:
    roles = catalogue.profile.procedures
    assert roles.assigned() == {
        "file_status": "registro.estado-expediente",
        "incident_status": "via-publica.incidencia",
        "appointments": "citas.cita-previa",
        "complaints": "registro.quejas-sugerencias",
        "incident_report": "via-publica.incidencia",
        "kiosks": "otros.ciberkioscos",
    }
    assert all(procedure_id in catalogue for procedure_id in roles.assigned().values())


def test_a_procedure_role_naming_an_unknown_id_fails_the_load(tmp_path: Path) -> None:
    folder = tmp_path / "alicante"
    shutil.copytree(ALICANTE, folder)
    profile = yaml.safe_load((folder / "council.yaml").read_text())
    profile["procedures"]["complaints"] = "registro.quejas"
    (folder / "council.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True))
    with pytest.raises(
        CatalogueError, match=r"procedures\.complaints: 'registro\.quejas' is not in the catalogue"
    ):
        load_catalogue(folder)


def test_a_procedure_role_the_profile_does_not_know_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "alicante"
    shutil.copytree(ALICANTE, folder)
    profile = yaml.safe_load((folder / "council.yaml").read_text())
    profile["procedures"]["status_lookup"] = "registro.estado-expediente"
    (folder / "council.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True))
    with pytest.raises(CatalogueError, match="status_lookup"):
        load_catalogue(folder)
