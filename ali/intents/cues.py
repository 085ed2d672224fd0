"""Lexical cues the router reads on folded text: wanting something done now, naming an
identification method, and several requests in one message."""

from __future__ import annotations

import re

from ali.language.text import fold

# "quiero pedir cita", "necesito un volante", "pay my receipt now": the citizen wants it done.
_ACTION = re.compile(
    r"\b(?:quiero|quisiera|necesito|necesitaria|me gustaria|dame|deme|hazme|pideme|sacame|"
    r"solicito|tramitame|reservame|reservar|pedir|solicitar|sacar|pagar|domiciliar|"
    r"vull|voldria|necessite|necessito|dona m|fes me|demana m|trau me|demanar|traure|"
    r"sollicitar|reservar|pagar|i want|i d like|i would like|i need|can you|could you|"
    r"please (?:book|get|pay|issue)|book|get me|issue me|apply for|me haces|me puedes hacer|"
    r"me lo haces|em fas|em pots fer|can you (?:do|get|issue|make)|domiciliame|domicilia m|"
    r"quiero que me|vull que em|i want you to)\b"
)
# "¿cómo pido cita?": a question about the procedure, not a request to do it.
_QUESTION = re.compile(
    r"\b(?:como|donde|cuanto|cuando|que (?:necesito|documentos|papeles|hace falta)|"
    r"com (?:es|puc|ho)|on |quant|quins|quina|what|where|how|when|which|puedo saber|"
    r"informacion|informacio|information)\b"
)

# Identification methods: "con Cl@ve", "amb certificat digital", "with my DNIe". Named as the
# instrument of a request they never decide the procedure.
_ID_METHOD = re.compile(
    r"\b(?:con|amb|with|using|mediante|usando|via|por|per|tengo|tinc|i have|i ve got) "
    r"(?:el |la |mi |my |the |meu |meua |un |una |a )?"
    r"(?:cl ?ve|clave|clau|certificado digital|certificado electronico|certificat digital|"
    r"digital certificate|dnie|dni electronico|dni e|electronic id|pin)(?: pin| permanente)?\b"
)

_CONJUNCTIONS = (
    r",|;|\by ademas\b|\by tambien\b|\band also\b|\by\b|\band\b|\bademas\b|\btambien\b|"
    r"\btambe\b|\balso\b|\+"
)
_SPLIT = re.compile(rf"\s*(?:{_CONJUNCTIONS})\s*")
# Valencian "i" (and) is the English pronoun "I": only split on it in Valencian.
_SPLIT_VA = re.compile(rf"\s*(?:{_CONJUNCTIONS}|\bi\b)\s*")


def wants_action(text: str) -> bool:
    folded = fold(text)
    return bool(_ACTION.search(folded)) and not _QUESTION.search(folded)


def asks_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION.search(fold(text)))


def without_id_method(text: str) -> tuple[str, bool]:
    """The text with identification-method phrases removed, and whether any was there."""
    folded = fold(text)
    stripped = _ID_METHOD.sub(" ", folded)
    return " ".join(stripped.split()), stripped != folded


def request_parts(text: str, language: str) -> list[str]:
    """The message split at conjunctions, keeping parts of at least two words."""
    splitter = _SPLIT_VA if language == "va" else _SPLIT
    parts = [part.strip() for part in splitter.split(fold(text))]
    return [part for part in parts if len(part.split()) >= 2]


# "¿en qué estado está mi solicitud?", "any update on my report?": the state of something the
# citizen already filed.
_STATUS = re.compile(
    r"\b(?:en que estado|el estado de|consultar el estado|consultar l estat|estado de mi|"
    r"estado del|como va|com va|en quin estat|"
    r"l estat de|estat del|status of|the status|any update|any news|ya han|ja han|"
    r"sigue sin|segueix sense|han resuelto|han resolt|been processed|been resolved|tramitado|"
    r"que ha pasado con|que ha passat amb|what happened to|novedades de|consultar estado|"
    r"consultar l estat|check the status|check on my)\b"
)


def asks_status(text: str) -> bool:
    return bool(_STATUS.search(fold(text)))


# "¿qué citas tengo?", "les meues cites", "when is my appointment": the citizen's own bookings.
_MY_APPOINTMENTS = re.compile(
    r"\b(?:que citas tengo|mis citas|tengo (?:alguna )?cita(?:s)? (?:pedida|reservada|"
    r"concertada)s?|cuando (?:es|tengo) (?:mi |la )?cita|a que hora (?:es|tengo) (?:mi |la )?cita|"
    r"quines cites tinc|les meues cites|quan (?:es|tinc) (?:la meua |la )?cita|"
    r"my appointments|do i have (?:an|any) appointments?|when is my appointment)\b"
)


def asks_my_appointments(text: str) -> bool:
    folded = fold(text)
    return bool(_MY_APPOINTMENTS.search(folded)) and not wants_cancel(text)


# "quiero hablar con una persona", "pásame con un funcionario", "a real person, not a bot".
_PERSON = re.compile(
    r"\b(?:hablar con (?:una persona|alguien|un humano|un agente|un funcionario|un operador|"
    r"un trabajador del ayuntamiento)|(?:una )?persona real|un humano|de carne y hueso|"
    r"no con (?:un bot|una maquina)|parlar amb (?:una persona|algu|un huma|un agent|un funcionari)|"
    r"un huma\b|passa m amb|pasame con|atender alguien|atendre algu|"
    r"persona que me (?:pueda )?atienda|"
    r"alguna persona que me pueda atender|talk to (?:a |an )?(?:human|person|agent|someone|real)|"
    r"speak to (?:a |an )?(?:human|person|agent|someone)|real person|not a bot)"
)


def wants_person(text: str) -> bool:
    return bool(_PERSON.search(fold(text)))


# "quiero anular mi cita", "cancel·lar la cita", "cancel my appointment": undo a request.
_CANCEL_REQUEST = re.compile(
    r"\b(?:anular|anula|anulame|cancelar|cancela|cancelame|desconvocar|anul la|anullar|"
    r"cancel la|cancellar|cancel|call off)\b"
)


def wants_cancel(text: str) -> bool:
    return bool(_CANCEL_REQUEST.search(fold(text)))
