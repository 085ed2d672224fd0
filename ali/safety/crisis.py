"""Crisis routes that override everything else: emergencies (112), gender violence (016) and
suicidal thoughts (024), in Spanish, Valencian and English, with or without accents and typos.

Why the crisis wins whenever in doubt: giving a helpline to someone who did not need it costs
them one line of reading; sending someone whose father is in cardiac arrest to the
unemployment office ("paro") may cost a life. So a crisis is looked for before anything else
(forms, offers, clarifications, referrals) and whatever else the message asks for, and the
patterns lean towards the crisis. What keeps false alarms rare is that the words shared with
procedures ("paro", "incendio", "accidente", "maltrato") are only a crisis in the wording of a
crisis, or unless framed as paperwork; the wording lives in `ali.safety.crisis_words`, which
lists the borderline cases and where they go. The intent router adds example similarity on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ali.catalogue.schema import Language
from ali.retrieval.text import fold
from ali.safety import crisis_words
from ali.safety.typos import Vocabulary


class Crisis(StrEnum):
    EMERGENCY = "112"
    GENDER_VIOLENCE = "016"
    SUICIDE = "024"


@dataclass(frozen=True)
class _Topic:
    crisis: Crisis
    pattern: re.Pattern[str]
    frames: re.Pattern[str]


_GROUP = re.compile(r"(?<!\\)\((?!\?)")


def _alternatives(patterns: list[str]) -> re.Pattern[str]:
    """One regular expression matching any of the patterns at the start of a word. Their groups
    become non-capturing (nothing reads them), which makes matching about three times faster."""
    joined = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(r"\b(?:" + _GROUP.sub("(?:", joined) + r")")


_ALWAYS: list[tuple[Crisis, re.Pattern[str]]] = [
    (Crisis(crisis), _alternatives(patterns)) for crisis, patterns in crisis_words.ALWAYS.items()
]
_TOPICS = [
    _Topic(Crisis(crisis), _alternatives([topic]), _alternatives(frames))
    for crisis, topic, frames in crisis_words.TOPICS
]
_SPELLING = Vocabulary(crisis_words.VOCABULARY, not_typos=crisis_words.NOT_TYPOS)

_MESSAGES: dict[Crisis, dict[Language, str]] = {
    Crisis.EMERGENCY: {
        "es": (
            "**Si es una emergencia, llama ahora al 112** (gratuito, las 24 horas). "
            "El 112 coordina ambulancias, bomberos y policía. Este chat no puede avisar a nadie."
        ),
        "va": (
            "**Si és una emergència, telefona ara al 112** (gratuït, les 24 hores). "
            "El 112 coordina ambulàncies, bombers i policia. Aquest xat no pot avisar ningú."
        ),
        "en": (
            "**If this is an emergency, call 112 now** (free, 24 hours a day). "
            "112 dispatches ambulances, firefighters and police. This chat cannot alert anyone."
        ),
    },
    Crisis.GENDER_VIOLENCE: {
        "es": (
            "No estás sola. **Llama al 016**, el servicio de atención a víctimas de violencia de "
            "género (gratuito, 24 horas). **Si estás en peligro ahora, llama al 112.**"
        ),
        "va": (
            "No estàs sola. **Telefona al 016**, el servei d'atenció a víctimes de violència de "
            "gènere (gratuït, 24 hores). **Si estàs en perill ara, telefona al 112.**"
        ),
        "en": (
            "You are not alone. **Call 016**, Spain's helpline for victims of gender violence "
            "(free, 24 hours). **If you are in danger right now, call 112.**"
        ),
    },
    Crisis.SUICIDE: {
        "es": (
            "Siento que estés pasando por esto. **Llama al 024**, la línea de atención a la "
            "conducta suicida (gratuita, 24 horas): te escucharán. **Si tu vida corre peligro "
            "ahora, llama al 112.**"
        ),
        "va": (
            "Sent que estigues passant per això. **Telefona al 024**, la línia d'atenció a la "
            "conducta suïcida (gratuïta, 24 hores): t'escoltaran. **Si la teua vida corre perill "
            "ara, telefona al 112.**"
        ),
        "en": (
            "I'm sorry you are going through this. **Call 024**, Spain's suicide prevention line "
            "(free, 24 hours): someone will listen. **If your life is in danger right now, "
            "call 112.**"
        ),
    },
}

# A crisis worded two ways at once gets the most urgent line first.
_PRIORITY = [Crisis.SUICIDE, Crisis.GENDER_VIOLENCE, Crisis.EMERGENCY]


def detect_crisis(text: str) -> Crisis | None:
    found = crises(text)
    return next((crisis for crisis in _PRIORITY if crisis in found), None)


def crises(text: str) -> set[Crisis]:
    """Every crisis the text is worded as (most messages: none)."""
    words = _SPELLING.correct(fold(text))
    found = {crisis for crisis, pattern in _ALWAYS if pattern.search(words)}
    found |= {
        topic.crisis
        for topic in _TOPICS
        if topic.crisis not in found
        and topic.pattern.search(words)
        and not topic.frames.search(words)
    }
    return found


def crisis_message(crisis: Crisis, language: Language) -> str:
    return _MESSAGES[crisis][language]
