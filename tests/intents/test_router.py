"""Status questions go to the procedures the council's profile names for them, not to ids the
router knows (`procedures:` in council.yaml)."""

from __future__ import annotations

import pytest

from ali.catalogue import Catalogue
from ali.catalogue.profile import ProcedureRoles
from ali.councils import Councils
from ali.intents.classifier import IntentScores
from ali.intents.labels import Intent
from ali.intents.router import IntentRouter
from ali.language import Language
from ali.retrieval.hits import ScoredProcedure
from ali.retrieval.hybrid import SearchResult
from ali.settings import IntentSettings

NOTHING = SearchResult(hits=[])
NO_SCORES = IntentScores(similarity={}, fuzzy={})


def _router(catalogue: Catalogue, roles: ProcedureRoles) -> IntentRouter:
    profile = catalogue.profile.model_copy(update={"procedures": roles})
    council = Catalogue(profile=profile, procedures=catalogue.procedures)
    return IntentRouter(council, IntentSettings())


def _route(router: IntentRouter, message: str) -> tuple[Intent, str | None, list[str]]:
    route = router.route(message, "es", NOTHING, NO_SCORES, lambda _: NOTHING)
    return route.intent, route.procedure_id, route.candidates


def test_alicantes_status_questions_go_to_its_procedures(catalogue: Catalogue) -> None:
    router = IntentRouter(catalogue, IntentSettings())
    assert _route(router, "¿cómo va mi expediente?")[:2] == (
        Intent.STATUS_CHECK,
        "registro.estado-expediente",
    )
    assert _route(router, "¿cómo va mi incidencia?")[:2] == (
        Intent.STATUS_CHECK,
        "via-publica.incidencia",
    )


def test_the_file_status_procedure_is_the_profiles(catalogue: Catalogue) -> None:
    roles = ProcedureRoles(file_status="registro.instancia-general")
    intent, procedure, _ = _route(_router(catalogue, roles), "¿cómo va mi expediente?")
    assert (intent, procedure) == (Intent.STATUS_CHECK, "registro.instancia-general")


def test_a_council_without_status_procedures_is_asked_to_clarify(catalogue: Catalogue) -> None:
    intent, procedure, candidates = _route(
        _router(catalogue, ProcedureRoles()), "¿cómo va mi expediente?"
    )
    assert (intent, procedure, candidates) == (Intent.CLARIFY, None, [])


@pytest.mark.parametrize(
    ("message", "language", "procedure"),
    [
        ("I want to object to a fine I got", "en", "multas.alegaciones"),
        ("how do I get a TIE appointment?", "en", "externo.extranjeria"),
        ("¿dónde pido la tarjeta de residente para aparcar?", "es", "movilidad.ora-residentes"),
        ("quin és el termini per a pagar l'IBI?", "va", "tributos.ibi"),
        ("me mudo a murcia, ¿dónde voy para borrarme del padrón?", "es", "padron.baja"),
        ("me mudo a otro piso en alicante", "es", "padron.alta"),  # moving within the city
        (
            "para el arraigo, ¿qué papel demuestra cuántos años llevo empadronado?",
            "es",
            "padron.certificado",
        ),
        ("el papelito del padrón pa hacerme el dni cuesta algo?", "es", "padron.volante"),
        ("where is the main office now?", "en", "citas.cita-previa"),
    ],
)
def test_a_procedure_is_found_by_the_name_citizens_give_it(
    councils: Councils, message: str, language: Language, procedure: str
) -> None:
    reply = councils.runtime("alicante").engine.chat(message, None, language=language)
    assert reply.procedure_id == procedure, (reply.status, reply.procedure_id)


def _hit(procedure_id: str, dense: float, bm25: float = 0.0, fuzzy: float = 0.0) -> ScoredProcedure:
    return ScoredProcedure(
        procedure_id=procedure_id, score=1.0, bm25=bm25, dense=dense, fuzzy=fuzzy
    )


def test_a_likeness_no_word_of_the_message_backs_is_not_answered(catalogue: Catalogue) -> None:
    # "com m'apunte a la bici pública?": the embeddings find a street incident 0.014 above the
    # floor, and no procedure at all is named by a keyword or a name.
    router = IntentRouter(catalogue, IntentSettings(), dense_floor=0.83)
    unnamed = SearchResult(
        hits=[_hit("via-publica.incidencia", 0.844, bm25=1.4), _hit("otros.empleo", 0.80, 3.2)],
        confident=True,
    )
    route = router.route(
        "com m'apunte a la bici pública?", "va", unnamed, NO_SCORES, lambda _: unnamed
    )
    assert route.procedure_id is None
    # The same likeness with a name of some procedure in the message is evidence enough.
    named = SearchResult(
        hits=[_hit("via-publica.incidencia", 0.844, bm25=1.4), _hit("otros.empleo", 0.80, 6.5)],
        confident=True,
    )
    route = router.route("com m'apunte a la bici pública?", "va", named, NO_SCORES, lambda _: named)
    assert route.procedure_id is not None
