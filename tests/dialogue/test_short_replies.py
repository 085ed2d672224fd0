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


def test_a_bare_no_to_a_choice_picks_none_of_the_options(councils: Councils) -> None:
    # "no" is a word of an appeal's name ("no estoy de acuerdo con la multa"): it used to pick
    # the appeal out of "tengo una multa"'s two options.
    engine = councils.runtime("alicante").engine
    choice = engine.chat("tengo una multa")
    assert choice.status == "clarify"
    assert {c.procedure_id for c in choice.candidates} == {"multas.pago", "multas.alegaciones"}
    no = engine.chat("no", choice.conversation_id)
    assert no.procedure_id is None and no.intent == "goodbye"
    again = engine.chat("tengo una multa")
    assert engine.chat("la de pagar", again.conversation_id).procedure_id == "multas.pago"


def test_an_option_is_picked_by_its_verb(councils: Councils) -> None:
    # "pagarla" and "recurrirla" matched neither option's name closely enough: the list was
    # asked again.
    engine = councils.runtime("alicante").engine
    for message, language, expected in (
        ("pagarla", "es", "multas.pago"),
        ("quiero recurrirla", "es", "multas.alegaciones"),
        ("appeal it", "en", "multas.alegaciones"),
    ):
        choice = engine.chat("tengo una multa")
        assert choice.status == "clarify"
        reply = engine.chat(message, choice.conversation_id, language=language)
        assert reply.procedure_id == expected, message
