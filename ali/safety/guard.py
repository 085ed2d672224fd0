"""Input guard: hidden characters stripped, and abuse or attempts to subvert the assistant
recognised so they get a polite refusal instead of an answer."""

from __future__ import annotations

import re
import unicodedata

from ali.catalogue.schema import Language
from ali.i18n import N_, Message
from ali.language.text import fold
from ali.safety.storable import storable

# Unicode "tag" characters can smuggle instructions invisible to a reader; zero-width and bidi
# controls hide or reorder text. None of them belongs in a citizen's question.
_INVISIBLE = re.compile("[\U000e0000-\U000e007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

_TAGS = re.compile("[\U000e0000-\U000e007f]")

_SUBVERSION = [
    r"ignora (todas )?(tus|las|les|totes les) (instrucciones|instruccions|reglas|normes)",
    r"ignore (all )?(your |the )?(previous |prior |above )?(instructions|rules|prompt)",
    r"(olvida|oblida) (todas )?(tus|las|les) (instrucciones|instruccions|reglas|normes)",
    r"forget (all )?(your|the|previous) (instructions|rules)",
    r"(system|hidden) prompt",
    r"prompt (de|del) (sistema|sistema)",
    r"instrucciones (ocultas|del sistema|de sistema)",
    r"instruccions (ocultes|del sistema)",
    r"hidden instructions",
    r"jailbreak",
    r"(actua|act|actua com|pretend to be|pretend you are) (como |com )?dan\b",
    r"do anything now",
    r"developer mode",
    r"modo (desarrollador|dios)",
    r"repeat the (text|words) above",
    r"repite (el texto|las instrucciones) anterior",
    r"you are no longer",
    r"ya no eres (un )?asistente",
    r"repite (literalmente )?(todo )?el texto",
    r"palabra por palabra",
    r"que instrucciones te (han|ha) dado",
    r"quines instruccions t han donat",
    r"(desactiva|elimina|sin|sense|without) (todas |totes |all |ninguna |cap )?"
    r"(las |les |your )?(restricciones|restriccions|restrictions|restriccion|restriccio)",
    r"a partir de ahora eres",
    r"a partir d ara ets",
    r"from now on you are",
    r"finge que eres",
    r"fingeix que ets",
    r"act as (dan|an? unrestricted|if you had no)",
    r"free from all rules",
    r"ignora lo anterior",
    r"ignora el que (t he dit|hi ha) abans",
    r"ignore (the )?above",
    r"\bsystem\b.*\b(respon|responde|answer|say|di)",
    r"\bsistema\b.*\b(usuario es administrador|desactiva)",
]

_ABUSE = [
    r"(eres|ets|you are|you re|sois) (un |una |a |an )?(puto |puta |fucking |maldito )?"
    r"(inutil|idiota|imbecil|gilipollas|estupid[oa]?|tont[oa]|subnormal|stupid|useless|idiot|"
    r"moron|cabron|capullo)",
    r"vete a (la mierda|tomar por culo)",
    r"ves a la merda",
    r"fuck (you|off)",
    r"(hijo|fill) de puta",
    r"sinverguenzas?",
    r"maquina estupida",
    r"me cago en (ti|tu)",
]

_PATTERN = re.compile(r"\b(?:" + "|".join(_SUBVERSION + _ABUSE) + r")")

_REFUSAL: Message = N_(
    "I can't help with that. I'm here to help with council procedures; if you need one, "
    "tell me what you want to do."
)


def has_hidden_characters(text: str) -> bool:
    """Invisible "tag" characters carry instructions a reader cannot see: an attack signal."""
    return bool(_TAGS.search(text))


def clean(text: str) -> str:
    """The text a citizen sees: invisible and control characters (NUL included) removed, lone
    surrogates replaced, Unicode normalised. Never raises, and the result can be stored."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", storable(text))).strip()


def is_blocked(text: str) -> bool:
    return bool(_PATTERN.search(fold(text)))


def refusal(language: Language) -> str:
    return _REFUSAL[language]
