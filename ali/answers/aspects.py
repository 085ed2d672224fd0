"""What a question asks about a procedure: its cost, documents, place, channel, deadline...

Detected from phrases in the three languages on folded text, so "¿cuánto cuesta?", "quant costa"
and "how much is it" all ask for the cost. The first aspect found is answered first.
"""

from __future__ import annotations

import re
from enum import StrEnum

from ali.retrieval.text import fold


class Aspect(StrEnum):
    COST = "cost"
    DOCUMENTS = "documents"
    WHERE = "where"
    ONLINE = "online"
    IN_PERSON = "in_person"
    DEADLINE = "deadline"
    DURATION = "duration"
    WHO = "who"
    HOW = "how"


_PHRASES: dict[Aspect, list[str]] = {
    Aspect.COST: [
        "cuanto cuesta",
        "cuanto vale",
        "cuanto se paga",
        "cuanto hay que pagar",
        "precio",
        "cuesta",
        "cuestan",
        "costa",
        "val algo",
        "cuesta algo",
        "coste",
        "costo",
        "es gratis",
        "gratis",
        "gratuito",
        "cuanto es",
        "quant costa",
        "quant val",
        "preu",
        "cost",
        "gratuit",
        "de franc",
        "quant cal pagar",
        "how much",
        "fee",
        "fees",
        "price",
        "is it free",
        "free of charge",
        "charge",
    ],
    Aspect.DOCUMENTS: [
        "hacen falta",
        "hace falta",
        "fan falta",
        "documentos",
        "documentacion",
        "papeles",
        "que necesito",
        "que tengo que llevar",
        "que hay que llevar",
        "que hace falta",
        "requisitos",
        "que piden",
        "que debo aportar",
        "documents",
        "documentacio",
        "paperassa",
        "que necessite",
        "que necessito",
        "que he de portar",
        "que cal portar",
        "requisits",
        "que cal",
        "what do i need",
        "what documents",
        "requirements",
        "what should i bring",
        "what to bring",
        "paperwork",
        "documents do i need",
    ],
    Aspect.WHERE: [
        "donde",
        "en que oficina",
        "a que oficina",
        "direccion",
        "donde se hace",
        "donde voy",
        "on es fa",
        "on es",
        "on puc",
        "on cal",
        "on esta",
        "on he",
        "a quina oficina",
        "adreca",
        "on vaig",
        "where",
        "which office",
        "address",
    ],
    Aspect.ONLINE: [
        "por internet",
        "online",
        "on line",
        "en linea",
        "sede electronica",
        "desde casa",
        "sin ir",
        "telematic",
        "per internet",
        "en linia",
        "des de casa",
        "seu electronica",
        "internet",
        "website",
        "from home",
        "web",
    ],
    Aspect.IN_PERSON: [
        "cita previa",
        "necesito cita",
        "hace falta cita",
        "cal cita",
        "appointment",
        "en persona",
        "presencial",
        "presencialmente",
        "ir a la oficina",
        "en persona",
        "presencialment",
        "anar a l oficina",
        "in person",
        "go to the office",
        "face to face",
    ],
    Aspect.DEADLINE: [
        "plazo",
        "hasta cuando",
        "fecha limite",
        "cuando termina",
        "cuando vence",
        "cuando se paga",
        "termini",
        "fins quan",
        "data limit",
        "quan acaba",
        "quan venc",
        "deadline",
        "until when",
        "due date",
        "by when",
        "time limit",
    ],
    Aspect.DURATION: [
        "cuanto tarda",
        "cuanto tardan",
        "cuanto tiempo",
        "cuando me lo dan",
        "tarda",
        "quant tarda",
        "quant de temps",
        "quan me l donen",
        "how long",
        "how soon",
        "processing time",
    ],
    Aspect.WHO: [
        "quien puede",
        "quien lo puede",
        "puede pedirlo otra persona",
        "otra persona",
        "representante",
        "qui pot",
        "una altra persona",
        "representant",
        "who can",
        "someone else",
        "on my behalf",
        "representative",
    ],
    Aspect.HOW: [
        "apply",
        "se pide",
        "es demana",
        "como se hace",
        "como lo hago",
        "como puedo",
        "como se pide",
        "como saco",
        "como hago",
        "pasos",
        "com es fa",
        "com ho faig",
        "com puc",
        "com es demana",
        "passos",
        "how do i",
        "how can i",
        "how to",
        "steps",
    ],
}

_PATTERNS: list[tuple[Aspect, re.Pattern[str]]] = [
    (aspect, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"))
    for aspect, phrases in _PHRASES.items()
]


def detect_aspects(question: str) -> list[Aspect]:
    """Aspects asked, in the order they appear in the question."""
    folded = fold(question)
    found: list[tuple[int, Aspect]] = []
    for aspect, pattern in _PATTERNS:
        match = pattern.search(folded)
        if match:
            found.append((match.start(), aspect))
    return [aspect for _, aspect in sorted(found, key=lambda item: item[0])]


def strip_aspects(question: str) -> str:
    """The question without its aspect phrases: what is left names the procedure, if anything."""
    folded = fold(question)
    for _, pattern in _PATTERNS:
        folded = pattern.sub(" ", folded)
    return " ".join(folded.split())
