"""Short replies after an answer, with the default embedder (the hashing one cannot tell "ok"
from a question): a bare yes, no or ok keeps the conversation's language and means what it
says, and "do it" is the procedure under discussion."""

from __future__ import annotations

from ali.councils import Councils
from ali.dialogue.engine import DialogueEngine

FINE = "¿Cómo pago una multa de tráfico?"


def _after_the_fine(engine: DialogueEngine) -> str:
    reply = engine.chat(FINE)
    assert reply.procedure_id == "multas.pago"
    return reply.conversation_id


def test_ok_no_and_yes_are_understood_in_the_conversations_language(councils: Councils) -> None:
    # "ok" used to switch the conversation to English, "no, gracias" to start paying the fine
    # and "sí" to say goodbye.
    engine = councils.runtime("alicante").engine
    ok = engine.chat("ok", _after_the_fine(engine))
    assert ok.language == "es" and ok.intent == "procedure_action"  # yes to paying it here
    for decline in ("no, gracias", "no thanks"):
        no = engine.chat(decline, _after_the_fine(engine))
        assert no.intent == "goodbye" and no.procedure_id is None, decline
    conversation = _after_the_fine(engine)
    engine.chat("gracias", conversation)
    yes = engine.chat("sí", conversation)
    assert yes.language == "es" and yes.intent == "help"


def test_do_it_after_an_answer_is_the_procedure_under_discussion(councils: Councils) -> None:
    # "hazlo ahora" is only barely like some entry's wording: it used to say goodbye.
    engine = councils.runtime("alicante").engine
    for message in ("hazlo ahora", "pídemelo"):
        reply = engine.chat(message, _after_the_fine(engine))
        assert reply.intent == "procedure_action", message
        assert reply.procedure_id == "multas.pago", message
