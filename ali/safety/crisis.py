"""Crisis routes that override everything else: emergencies (112), gender violence (016) and
suicidal thoughts (024), in every installed language, with or without accents and typos.

Why the crisis wins whenever in doubt: giving a helpline to someone who did not need it costs
them one line of reading; sending someone whose father is in cardiac arrest to the
unemployment office ("paro") may cost a life. So a crisis is looked for before anything else
(forms, offers, clarifications, referrals) and whatever else the message asks for, and the
patterns lean towards the crisis. The intent router adds example similarity on top.

The wording is data: each language pack's `crisis` section (`ali/language/packs/*.yaml`, plus
`common.yaml` for patterns that mix languages), run on folded text ("s'ha desmaiat" ->
"s ha desmaiat", "isn't" -> "isn t") after the words of its `vocabulary` have been spelt right.
`always` patterns are a crisis whatever else the message says: "le ha dado un paro cardíaco y
necesito el certificado" is an emergency. `topics` name what an emergency is about (a fire, an
accident, drowning, abuse) but also what a procedure is about; a topic is a crisis unless one of
its `frames` says the message is about paperwork or a figure of speech ("licencia de quema",
"seguro de incendios", "tuve un accidente", "ahogado en deudas", "maltrato animal"). A frame
never silences an `always` pattern: "hay humo en la escalera, ¿necesito licencia?" is a fire.

Borderline cases, decided on purpose (see tests/safety and evals/emergencies.jsonl):
- "paro" alone is unemployment (a referral); "paro"/"parada"/"aturada" with "cardiaco",
  "cardiorrespiratorio" or "respiratorio", and "le ha dado un paro", are cardiac arrest.
- "incendio"/"fuego"/"humo" alone is a fire, unless framed as a permit, a safety rule, insurance,
  fireworks or the Hogueras, or a fire in the past ("hubo un incendio").
- "accidente" alone is an emergency unless it is in the past ("tuve un accidente") or about a
  claim, an insurance, a police report or a fine; with injured people it always is.
- "violencia de género" is 016 even in a question about a procedure that names it: the helpline
  costs nothing to give. "violencia" alone is not a crisis.
- "no responde" is an emergency about a person ("mi padre no responde"), not about a website.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from ali.i18n import N_, Message
from ali.language.codes import Language
from ali.language.packs import expand
from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold
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


_NEVER = re.compile(r"(?!)")  # the frames of a topic that has none


@dataclass(frozen=True)
class _Wording:
    always: list[tuple[Crisis, re.Pattern[str]]]
    topics: list[_Topic]
    spelling: Vocabulary


@dataclass
class _TopicParts:
    patterns: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    lines: set[Crisis] = field(default_factory=set)


@cache
def _wording(packs: LanguagePacks) -> _Wording:
    """Every installed pack's crisis patterns, fragments written out, joined by crisis line and
    by topic name."""
    always: dict[Crisis, list[str]] = {crisis: [] for crisis in Crisis}
    topics: dict[str, _TopicParts] = {}
    vocabulary: list[str] = []
    not_typos: list[str] = []
    for lists in packs.word_lists():
        words = lists.crisis
        fragments = {**packs.common.crisis.fragments, **words.fragments}
        where = getattr(lists, "code", "common")
        for crisis, patterns in words.always.items():
            always[Crisis(crisis)].extend(expand(p, fragments, where) for p in patterns)
        for name, topic in words.topics.items():
            parts = topics.setdefault(name, _TopicParts())
            parts.patterns.extend(expand(p, fragments, where) for p in topic.patterns)
            parts.frames.extend(expand(p, fragments, where) for p in topic.frames)
            parts.lines |= {Crisis(topic.crisis)} if topic.crisis else set()
        vocabulary.extend(words.vocabulary)
        not_typos.extend(words.not_typos)
    joined: list[_Topic] = []
    for parts in topics.values():
        (line,) = parts.lines  # one per topic, and patterns: checked when the packs load
        frames = _alternatives(parts.frames) if parts.frames else _NEVER
        joined.append(_Topic(line, _alternatives(parts.patterns), frames))
    return _Wording(
        always=[(crisis, _alternatives(found)) for crisis, found in always.items() if found],
        topics=joined,
        spelling=Vocabulary(vocabulary, not_typos=not_typos),
    )


_MESSAGES: dict[Crisis, Message] = {
    Crisis.EMERGENCY: N_(
        "**If this is an emergency, call 112 now** (free, 24 hours a day). "
        "112 dispatches ambulances, firefighters and police. This chat cannot alert anyone."
    ),
    Crisis.GENDER_VIOLENCE: N_(
        "You are not alone. **Call 016**, Spain's helpline for victims of gender violence "
        "(free, 24 hours). **If you are in danger right now, call 112.**"
    ),
    Crisis.SUICIDE: N_(
        "I'm sorry you are going through this. **Call 024**, Spain's suicide prevention line "
        "(free, 24 hours): someone will listen. **If your life is in danger right now, "
        "call 112.**"
    ),
}

# A crisis worded two ways at once gets the most urgent line first.
_PRIORITY = [Crisis.SUICIDE, Crisis.GENDER_VIOLENCE, Crisis.EMERGENCY]


def detect_crisis(text: str) -> Crisis | None:
    found = crises(text)
    return next((crisis for crisis in _PRIORITY if crisis in found), None)


def crises(text: str) -> set[Crisis]:
    """Every crisis the text is worded as (most messages: none)."""
    wording = _wording(installed())
    words = wording.spelling.correct(fold(text))
    found = {crisis for crisis, pattern in wording.always if pattern.search(words)}
    found |= {
        topic.crisis
        for topic in wording.topics
        if topic.crisis not in found
        and topic.pattern.search(words)
        and not topic.frames.search(words)
    }
    return found


def crisis_message(crisis: Crisis, language: Language) -> str:
    return _MESSAGES[crisis][language]
