"""A tiny catalogue cut from Alicante's (cross-references dropped) for the baseline tests."""

from __future__ import annotations

from ali.catalogue import Catalogue

KEPT = (
    "padron.volante",
    "via-publica.vado",
    "tributos.ibi",
    "externo.dni",
    "registro.estado-expediente",
    "via-publica.incidencia",
    "citas.cita-previa",
    "registro.quejas-sugerencias",
)


def tiny_catalogue(full: Catalogue) -> Catalogue:
    procedures = [full.get(pid).model_copy(update={"related": []}) for pid in KEPT]
    profile = full.profile.model_copy(update={"featured": []})
    return Catalogue(profile=profile, procedures=procedures)
