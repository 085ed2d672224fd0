"""What a short reply means inside a dialogue: yes, no, cancel, go back, or a pick from a list."""

from __future__ import annotations

import re

from ali.retrieval.text import fold

_CONFIRM_WORDS = {
    "si",
    "vale",
    "de acuerdo",
    "confirmo",
    "confirmar",
    "ok",
    "okay",
    "correcto",
    "adelante",
    "hazlo",
    "d acord",
    "confirme",
    "confirma",
    "endavant",
    "val",
    "fes ho",
    "yes",
    "yep",
    "confirm",
    "go ahead",
    "do it",
    "sure",
    "si confirmo",
    "si vale",
    "vale confirmo",
    "si adelante",
    "yes please",
    "yes confirm",
    "si d acord",
    "d acord confirme",
    "si por favor",
}
_DENY_WORDS = {"no", "no gracias", "mejor no", "no vull", "no thanks", "nope", "millor no"}
_CANCEL = re.compile(
    r"^(?:cancela(?:r)?(?: (?:el|la|esto|tramite|todo))?|anula(?:r)?|dejalo|deja(?:lo)? estar|"
    r"olvidalo|para|salir|cancel(?:la|lar)?(?: ho)?|deixa ho|oblida ho|cancel(?: it)?|stop|"
    r"quit|never mind|forget it)$"
)
_BACK = re.compile(
    r"^(?:atras|volver|vuelve|anterior|paso anterior|enrere|tornar|torna|pas anterior|back|"
    r"go back|previous)$"
)
# Answers to "attach your files, then tell me": done with them, or nothing to attach.
_FILES_DONE = re.compile(
    r"^(?:ya|listo|lista|hecho|ya esta|ya estan|terminado|he terminado|continuar|continua|"
    r"siguiente|seguir|adjuntados|ja|fet|ja esta|llest|llesta|he acabat|seguent|continuar|"
    r"done|finished|ready|next|continue|i am done|im done|i m done|that s all|thats all)$"
)
_NO_FILES = re.compile(
    r"^(?:no|ninguno|ninguna|nada|sin adjuntos|sin documentos|no tengo|no tengo nada|"
    r"no hace falta|omitir|saltar|cap|res|sense adjunts|sense documents|no en tinc|ometre|"
    r"none|no files|no attachments|nothing|skip|no thanks)$"
)
_ORDINALS: dict[str, int] = {
    "1": 1, "uno": 1, "una": 1, "primero": 1, "primera": 1, "el primero": 1, "la primera": 1,
    "un": 1, "primer": 1, "la primera opcio": 1, "first": 1, "one": 1, "the first": 1,
    "2": 2, "dos": 2, "segundo": 2, "segunda": 2, "el segundo": 2, "la segunda": 2,
    "segon": 2, "segona": 2, "el segon": 2, "la segona": 2, "second": 2, "two": 2,
    "the second": 2, "3": 3, "tres": 3, "tercero": 3, "tercera": 3, "el tercero": 3,
    "la tercera": 3, "tercer": 3, "el tercer": 3, "third": 3, "three": 3, "the third": 3,
    "4": 4, "cuatro": 4, "cuarto": 4, "cuarta": 4, "quatre": 4, "quart": 4, "fourth": 4,
    "four": 4, "5": 5, "cinco": 5, "quinto": 5, "quinta": 5, "cinc": 5, "cinque": 5,
    "fifth": 5, "five": 5,
}  # fmt: skip
_OPTION_PREFIX = re.compile(r"^(?:la |el |opcion |opcio |option |number |numero |num |n )+")


def _normal(text: str) -> str:
    return fold(text).strip()


def is_confirmation(text: str) -> bool:
    """Only an unconditional yes: "sí", "vale", "d'acord", "confirmo", "yes"... Anything more
    ("sí, pero cambia la fecha") is not a confirmation."""
    return _normal(text) in _CONFIRM_WORDS


def is_denial(text: str) -> bool:
    return _normal(text) in _DENY_WORDS


def is_cancel(text: str) -> bool:
    return bool(_CANCEL.match(_normal(text)))


def is_back(text: str) -> bool:
    return bool(_BACK.match(_normal(text)))


def is_files_done(text: str) -> bool:
    return bool(_FILES_DONE.match(_normal(text)))


def is_no_files(text: str) -> bool:
    return bool(_NO_FILES.match(_normal(text)))


def ordinal(text: str) -> int | None:
    """1-based position named by "2", "el segundo", "la segona", "option 3"..."""
    folded = _OPTION_PREFIX.sub("", _normal(text))
    return _ORDINALS.get(folded) or _ORDINALS.get(_normal(text))
