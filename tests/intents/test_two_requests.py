"""Two requests in one message and ambiguous fragments, through the real engine (the default
embedder, Alicante's catalogue): joined by "y también", "i a més", "plus", a comma or two
sentences, each request is named in the clarification; a part naming nothing leaves the other
answered; context set off by a comma, an identification method or a clear single question
with "y"/"and" in it is no second request (issue 12)."""

from __future__ import annotations

import pytest

from ali.councils import Councils
from ali.dialogue.reply import ChatReply
from ali.language import Language


def ask(councils: Councils, message: str, language: Language) -> ChatReply:
    return councils.runtime("alicante").engine.chat(message, None, language=language)


@pytest.mark.parametrize(
    ("message", "language", "options"),
    [
        (
            "quiero casarme en el ayuntamiento y empadronarme",
            "es",
            {"otros.matrimonio-civil", "padron.alta"},
        ),
        (
            "vull domiciliar els rebuts i donar-me de baixa del padró",
            "va",
            {"tributos.domiciliacion", "padron.baja"},
        ),
        (
            "how do I open a bar terrace, and how much is the rubbish fee",
            "en",
            {"via-publica.ocupacion", "tributos.tasa-residuos"},
        ),
        (
            "how do I get a library card, plus how do I report a pothole",
            "en",
            {"otros.bibliotecas", "via-publica.incidencia"},
        ),
        (
            "plusvalía + licencia de primera ocupación",
            "es",
            {"tributos.plusvalia", "urbanismo.primera-ocupacion"},
        ),
        (
            "quiero fraccionar el IBI y también domiciliarlo",
            "es",
            {"tributos.fraccionamiento", "tributos.domiciliacion"},
        ),
        (
            "He perdut la cartera. També vull posar una queixa",
            "va",
            {"otros.objetos-perdidos", "registro.quejas-sugerencias"},
        ),
    ],
)
def test_two_requests_are_clarified_offering_both(
    councils: Councils, message: str, language: Language, options: set[str]
) -> None:
    reply = ask(councils, message, language)
    assert reply.status == "clarify", (reply.status, reply.procedure_id)
    assert options <= {c.procedure_id for c in reply.candidates}


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("licencia de obras", "es"),
        ("llicència d'obra", "va"),
        ("una llicència d'obres", "va"),
        ("building permit", "en"),
    ],
)
def test_a_works_permit_alone_asks_which_one(
    councils: Councils, message: str, language: Language
) -> None:
    reply = ask(councils, message, language)
    assert reply.status == "clarify", (reply.status, reply.procedure_id)
    offered = {c.procedure_id for c in reply.candidates}
    assert {"urbanismo.obra-menor", "urbanismo.obra-mayor"} <= offered


@pytest.mark.parametrize(
    ("message", "language", "procedure"),
    [
        ("quiero pagar el IBI y también saber quién ganó ayer el partido", "es", None),
        ("he vendido el coche, ¿cómo hago la transferencia?", "es", "externo.dgt"),
        (
            "quiero el certificado de empadronamiento colectivo, tengo certificado digital",
            "es",
            "padron.certificado",
        ),
        ("¿cuánto cuesta y cuánto tarda la licencia de obra menor?", "es", "urbanismo.obra-menor"),
        ("la meua dona i jo volem casar-nos a l'Ajuntament", "va", None),
        ("I lost my wallet and my keys", "en", "otros.objetos-perdidos"),
        ("tengo un bar y quiero poner una terraza", "es", "via-publica.ocupacion"),
        # the fine is context for appealing it; the DNI is what the kiosk asks for
        ("me han puesto una multa de tráfico, ¿cómo presento alegaciones?", "es", None),
        ("em van posar una multa, com identifique el conductor?", "va", None),
        ("¿qué necesito para usar un ciberkiosco?, ¿sirve el DNI?", "es", None),
        # a condition, and a statement beside the question, are no requests of their own
        (
            "necesito el volante del padron para el cole del niño, si lo saco en el ciberkiosko"
            " me lo dan en el momento o tarda dias?",
            "es",
            "padron.volante",
        ),
        (
            "en casa somos tres con carnet de conducir, cuantas tarjetas de residente de la ora"
            " nos dan?",
            "es",
            "movilidad.ora-residentes",
        ),
        # a procedure named to say it is not the one wanted is no request (ali.language.rejecting)
        (
            "el notario me pide un certificado oficial de empadronamiento y dice q el volante no"
            " le vale, como lo pido",
            "es",
            "padron.certificado",
        ),
        (
            "the notary ask me an official certificate of empadronamiento, he says volante is not"
            " valid",
            "en",
            "padron.certificado",
        ),
        # asking how to book for a procedure is no second request (the appointments are a way)
        (
            "necesito el certificado de empadronamiento, hay que pedir cita?",
            "es",
            "padron.certificado",
        ),
        (
            "I need to renew my foreign resident card (TIE), where do I get an appointment?",
            "en",
            "externo.extranjeria",
        ),
    ],
)
def test_one_request_with_a_conjunction_or_a_comma_is_not_clarified(
    councils: Councils, message: str, language: Language, procedure: str | None
) -> None:
    reply = ask(councils, message, language)
    assert reply.status != "clarify", [c.procedure_id for c in reply.candidates]
    if procedure is not None:
        assert reply.procedure_id == procedure
