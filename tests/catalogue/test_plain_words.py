"""What citizens read in the catalogue is in plain words (issue 12): no editor's remark about the
information available, the catalogue or its sources; those go to `editor_notes`, never shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from ali.catalogue import Catalogue
from ali.catalogue.schema import Procedure

# Editor's wording (es, va, en): what the catalogue holds or lacks, where a fact came from.
INTERNAL_WORDING = re.compile(
    r"informaci[óo]n? disponible|informació disponible|information available"
    r"|available information|según la información|segons la informació"
    r"|\bno consta\b|\bno figura\b|\bnot recorded\b|\bnot (?:in|on) record\b"
    r"|\bno recoge\b|\bno recull\b|\bnot (?:found|listed) in\b"
    r"|cat[áa]logo|cat[àa]leg|\bcatalogue\b|\beditor"
    r"|noticia de|news report|versi[óo]n de la p[áa]gina|versió de la pàgina",
    re.IGNORECASE,
)


def citizen_texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string under `value` with where it is, editor's notes and sources left out."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("editor_notes", "source_url", "url", "id", "related"):
                yield from citizen_texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from citizen_texts(item, f"{path}[{index}]")


def internal_wording(procedure: Procedure) -> list[str]:
    found = []
    for path, text in citizen_texts(procedure.model_dump(mode="json"), procedure.id):
        match = INTERNAL_WORDING.search(text)
        if match:
            found.append(f"{path}: …{match.group(0)}…")
    return found


def test_an_editors_remark_in_a_citizen_note_is_found() -> None:
    assert INTERNAL_WORDING.search("La información disponible no recoge el plazo.")
    assert INTERNAL_WORDING.search("La informació disponible no recull el termini.")
    assert INTERNAL_WORDING.search("The information available does not give the fee.")
    assert INTERNAL_WORDING.search("El catálogo no recoge este dato.")
    assert INTERNAL_WORDING.search("No consta el canal de solicitud.")
    assert INTERNAL_WORDING.search("Datos de una noticia de marzo de 2025.")
    assert not INTERNAL_WORDING.search("Consulta el plazo en la sede electrónica o llama al 010.")


def test_an_editors_note_is_not_citizen_text(catalogue: Catalogue) -> None:
    procedure = next(p for p in catalogue if p.editor_notes)
    remarked = procedure.model_copy(update={"editor_notes": ["Not found in the catalogue."]})
    assert internal_wording(remarked) == []


@pytest.mark.parametrize("language", ["es", "va", "en"])
def test_citizen_texts_carry_no_internal_wording(catalogue: Catalogue, language: str) -> None:
    found = [
        hit
        for procedure in catalogue
        for hit in internal_wording(procedure)
        if f".text.{language}." in hit or ".text." not in hit
    ]
    assert found == []
