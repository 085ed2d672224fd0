"""Issue 12's "citizens who write differently are not understood", through the real engine (the
default embedder, Alicante's catalogue): a question written by ear ("kiero paga un resibo d la
contrivucion") and a Valencian one in everyday words ("on puc llençar un matalàs vell?") reach
the procedure the standard spelling reaches; the speller is what makes the difference."""

from __future__ import annotations

from ali.councils import Councils
from ali.dialogue.reply import ChatReply
from ali.language import Language


def ask(councils: Councils, message: str, language: Language) -> ChatReply:
    return councils.runtime("alicante").engine.chat(message, None, language=language)


def test_a_receipt_written_by_ear_is_the_tax_payment(councils: Councils) -> None:
    # "la contribución" is what many call the IBI: paying a bill in general or the IBI's own
    # answer both serve, provided the reply starts with how to pay it.
    reply = ask(councils, "kiero paga un resibo d la contrivucion", "es")
    assert reply.status != "out_of_scope"
    assert reply.procedure_id in {"tributos.pago", "tributos.ibi"}, reply.procedure_id
    first = reply.reply.split("\n")[0]
    assert "documento de pago" in first, first


def test_the_speller_is_what_reads_it(councils: Councils) -> None:
    retriever = councils.runtime("alicante").engine.retriever
    corrected = retriever.spelled("kiero paga un resibo d la contrivucion")
    assert corrected is not None
    assert {"quiero", "recibo", "de", "contribucion"} <= set(corrected.split())
    assert retriever.spelled("quiero pagar un recibo") is None  # nothing to correct


def test_an_old_mattress_in_valencian_is_the_bulky_item_collection(councils: Councils) -> None:
    for message, language in [
        ("on puc llençar un matalàs vell?", "va"),
        ("on puc llençar un matalas vell", "va"),
        ("vull llençar uns mobles vells", "va"),
        ("dónde tiro un colchón viejo", "es"),
        ("on tire un matalàs?", "va"),  # "tirar" is Valencian too
    ]:
        reply = ask(councils, message, language)
        assert reply.procedure_id == "via-publica.recogida-enseres", (message, reply.status)


def test_everyday_phrasings_reach_their_procedure(councils: Councils) -> None:
    # Each was a list to choose from (or out of scope) before its entry had the name.
    for message, language, expected in [
        ("we want to get married", "en", "otros.matrimonio-civil"),
        ("he cambiado de piso", "es", "padron.alta"),
        ("¿Cómo me empadrono?", "es", "padron.alta"),
        ("no han recogido la basura", "es", "via-publica.incidencia"),  # not the waste fee
        ("no han arreplegat el fem", "va", "via-publica.incidencia"),
    ]:
        reply = ask(councils, message, language)
        assert reply.procedure_id == expected, (message, reply.status)


def test_where_the_town_hall_is_gets_the_offices_addresses(councils: Councils) -> None:
    for message, language in [
        ("where is the town hall?", "en"),
        ("¿dónde está el ayuntamiento?", "es"),
        ("on és l'ajuntament?", "va"),
    ]:
        reply = ask(councils, message, language)
        assert reply.procedure_id == "citas.cita-previa", (message, reply.status)
        assert "C/ Labradores, 14" in reply.reply.split("\n")[0], message


def test_the_town_halls_opening_hours_come_first(councils: Councils) -> None:
    # From the catalogue's note on the main office; "¿qué horario tiene el ayuntamiento?" used
    # to be answered with the civil wedding.
    for message, language, hours in [
        ("¿qué horario tiene el ayuntamiento?", "es", "de 8:30 a 17:00"),
        ("what are the town hall opening hours?", "en", "8:30 to 17:00"),
        ("quin horari té l'ajuntament?", "va", "de 8.30 a 17.00"),
    ]:
        reply = ask(councils, message, language)
        assert reply.procedure_id == "citas.cita-previa", (message, reply.status)
        assert hours in reply.reply.split("\n")[0], message
