"""Lexical cues the router reads on folded text: wanting something done now, naming an
identification method, and several requests in one message."""

from __future__ import annotations

import re

from ali.retrieval.text import fold

# "quiero pedir cita", "necesito un volante", "pay my receipt now": the citizen wants it done.
_ACTION = re.compile(
    r"\b(?:quiero|quisiera|necesito|necesitaria|me gustaria|dame|deme|hazme|pideme|sacame|"
    r"solicito|tramitame|reservame|reservar|pedir|solicitar|sacar|pagar|domiciliar|"
    r"vull|voldria|necessite|necessito|dona m|fes me|demana m|trau me|demanar|traure|"
    r"sollicitar|reservar|pagar|i want|i d like|i would like|i need|can you|could you|"
    r"please (?:book|get|pay|issue)|book|get me|issue me|apply for)\b"
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
    r"\b(?:con|amb|with|using|mediante|usando|via|por|per) (?:el |la |mi |my |the |meu |meua )?"
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
