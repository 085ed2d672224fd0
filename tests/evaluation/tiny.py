"""A tiny catalogue cut from Alicante's (cross-references dropped) for the baseline tests."""

from __future__ import annotations

from ali.catalogue import Catalogue
from ali.catalogue.profile import ProcedureRoles

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
    roles = {role: pid for role, pid in full.profile.procedures.assigned().items() if pid in KEPT}
    profile = full.profile.model_copy(
        update={"featured": [], "procedures": ProcedureRoles(**roles)}
    )
    return Catalogue(profile=profile, procedures=procedures)
