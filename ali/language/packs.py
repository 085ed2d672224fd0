"""A language pack: the words ALI reads in what citizens write, in one language, as data.

`ali/language/packs/<code>.yaml` holds one language's yes/no/cancel replies, ordinals and
numbers, weekday and relative-day names, the phrases that ask about a procedure's cost, place or
deadline, the cues the intent router reads, what the input guard refuses, the wording of a
crisis, the function words that tell the language apart, its stop words and stemmer, and how
it is misspelt by ear (`spelling`).
`common.yaml` holds what no one language owns (digits, words several languages share, crisis
patterns that mix languages); it is read with every installed pack. Everything ALI writes back
is elsewhere (gettext catalogues and the council's catalogue).

All words are written folded, as `ali.language.text.fold` leaves them: lower case, no accents,
punctuation as spaces ("d'acord" is "d acord"). Entries of `commands.cancel`, `commands.back`,
`commands.files_done`, `commands.no_files`, `dates.filler`, the intent `cues` (but their
`*_words`), the `guard` and every crisis entry are regular expressions; in crisis patterns
`{name}` stands for the pack's (or `common.yaml`'s) fragment `name`, and `{0,3}`-style
quantifiers keep their meaning.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from lingua import Language as LinguaLanguage
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from Stemmer import algorithms

from ali.errors import LanguagePackError
from ali.language.codes import Language

CrisisLine = Literal["112", "016", "024"]
AspectName = Literal[
    "cost",
    "documents",
    "where",
    "online",
    "in_person",
    "deadline",
    "duration",
    "who",
    "how",
    "offline",
    "hours",
]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML without booleans: in a word list "no", "si", "on" and "off" are words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FRAGMENT = re.compile(r"\{([a-z_]+)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
    return patterns


class Commands(_Strict):
    """Short replies inside a dialogue. `confirm` and `deny` are whole replies; `cancel`,
    `back`, `files_done` and `no_files` are patterns a whole reply must match."""

    confirm: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)
    cancel: list[str] = Field(default_factory=list)
    back: list[str] = Field(default_factory=list)
    files_done: list[str] = Field(default_factory=list)
    no_files: list[str] = Field(default_factory=list)
    ordinals: dict[str, int] = Field(default_factory=dict, description="'el segundo': 2")
    option_prefixes: list[str] = Field(default_factory=list, description="'opcion' in 'opcion 2'")
    numbers: dict[str, int] = Field(default_factory=dict, description="'dos': 2")

    @field_validator("cancel", "back", "files_done", "no_files")
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        return _compiles(patterns)


class Dates(_Strict):
    weekdays: dict[str, int] = Field(default_factory=dict, description="0 is Monday")
    relative: dict[str, int] = Field(default_factory=dict, description="days from today")
    filler: list[str] = Field(default_factory=list, description="words around a date")

    @field_validator("filler")
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        return _compiles(patterns)

    @field_validator("weekdays")
    @classmethod
    def _a_weekday(cls, weekdays: dict[str, int]) -> dict[str, int]:
        if any(day not in range(7) for day in weekdays.values()):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        return weekdays


class IdMethod(_Strict):
    """Naming how one signs in ("con Cl@ve", "amb certificat digital", "with my DNIe"):
    one of `before`, maybe a determiner, one of `methods`, maybe a suffix."""

    before: list[str] = Field(default_factory=list)
    determiners: list[str] = Field(default_factory=list)
    methods: list[str] = Field(default_factory=list)
    suffixes: list[str] = Field(default_factory=list)


class Cues(_Strict):
    """What the intent router reads in a message's wording; every list but the `*_words` ones
    holds patterns. `own_conjunctions` split a message only when it is in this language."""

    action: list[str] = Field(default_factory=list, description="wanting it done now")
    question: list[str] = Field(default_factory=list, description="asking about it")
    status: list[str] = Field(default_factory=list, description="the state of a request")
    my_appointments: list[str] = Field(default_factory=list)
    person: list[str] = Field(default_factory=list, description="wanting a person")
    cancel_request: list[str] = Field(default_factory=list, description="undoing a request")
    conjunctions: list[str] = Field(default_factory=list, description="between two requests")
    own_conjunctions: list[str] = Field(default_factory=list)
    id_method: IdMethod = IdMethod()
    incident_words: list[str] = Field(default_factory=list)
    file_words: list[str] = Field(default_factory=list)
    status_words: list[str] = Field(default_factory=list)
    condition_words: list[str] = Field(
        default_factory=list,
        description="opening a condition ('si', 'if'): the clause is context for the question",
    )
    non_content: list[str] = Field(
        default_factory=list, description="politeness and verbs of asking: no topic"
    )
    lacking: list[str] = Field(
        default_factory=list,
        description="saying what the citizen has not got ('sin el', 'no tengo', 'without a'): "
        "a name right after it is a condition of the question, not its topic",
    )
    rejecting_before: list[str] = Field(
        default_factory=list,
        description="saying the next words are not what is wanted ('not the', 'no el'): a name "
        "right after it is not the topic",
    )
    rejecting_after: list[str] = Field(
        default_factory=list,
        description="saying the words before are not what is wanted ('is not valid', 'no le "
        "vale'): a name right before it is not the topic",
    )
    question_words: list[str] = Field(
        default_factory=list,
        description="asking directly ('dónde', 'quant', 'which'): a clause with none, and no "
        "question mark, is context for the one that asks",
    )

    @field_validator(
        "action",
        "question",
        "status",
        "my_appointments",
        "person",
        "cancel_request",
        "conjunctions",
        "own_conjunctions",
    )
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        return _compiles(patterns)


class Guard(_Strict):
    """Patterns of a message that is refused: an attempt to subvert the assistant, or abuse."""

    subversion: list[str] = Field(default_factory=list)
    abuse: list[str] = Field(default_factory=list)

    @field_validator("subversion", "abuse")
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        return _compiles(patterns)


class CrisisTopic(_Strict):
    """What an emergency is about but a procedure can be too: a crisis when one of `patterns`
    is in the message and none of `frames` (paperwork, a figure of speech) is. Packs add
    patterns and frames to a topic by its name; one of them says which line it is."""

    crisis: CrisisLine | None = None
    patterns: list[str] = Field(default_factory=list)
    frames: list[str] = Field(default_factory=list)


class CrisisWords(_Strict):
    """How a crisis is worded: `always` patterns are a crisis whatever else the message says."""

    fragments: dict[str, str] = Field(default_factory=dict)
    always: dict[CrisisLine, list[str]] = Field(default_factory=dict)
    topics: dict[str, CrisisTopic] = Field(default_factory=dict)
    vocabulary: list[str] = Field(
        default_factory=list, description="words whose misspellings are corrected first"
    )
    not_typos: list[str] = Field(
        default_factory=list, description="real words a typo away from the vocabulary"
    )


class Spelling(_Strict):
    """How a language is written by ear, for correcting what citizens misspell (see
    `ali.language.spelling`): `sounds` are (pattern, replacement) rewrites, in order, that give
    the spellings of one sound one key ("kiero" and "quiero"); `shorthand` words stand for a
    whole word ("pa": "para"); `lexicon` is the wordfreq language whose common words are known
    words, never corrected."""

    sounds: list[tuple[str, str]] = Field(default_factory=list)
    shorthand: dict[str, str] = Field(default_factory=dict)
    lexicon: str | None = None

    @field_validator("sounds")
    @classmethod
    def _patterns(cls, sounds: list[tuple[str, str]]) -> list[tuple[str, str]]:
        _compiles([pattern for pattern, _ in sounds])
        return sounds


class Followups(_Strict):
    """How a message leans on the conversation (see `ali.language.followups`): `languages`
    names each language (by code) in this one ("ingles"); `language_request` patterns, with
    `{language}` for one of those names, ask for the answer in it ("en {language}");
    `conditional` patterns ask "what if" about what was just answered ("^y si "); `continuation`
    patterns carry on from it ("^y ", "^and ")."""

    languages: dict[str, list[str]] = Field(default_factory=dict)
    language_request: list[str] = Field(default_factory=list)
    conditional: list[str] = Field(default_factory=list)
    continuation: list[str] = Field(default_factory=list)

    @field_validator("language_request", "conditional", "continuation")
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        _compiles([pattern.replace("{language}", "x") for pattern in patterns])
        return patterns


class WordLists(_Strict):
    """The word lists a pack (or `common.yaml`) contributes to every installed language's."""

    commands: Commands = Commands()
    dates: Dates = Dates()
    aspects: dict[AspectName, list[str]] = Field(default_factory=dict)
    cues: Cues = Cues()
    guard: Guard = Guard()
    crisis: CrisisWords = CrisisWords()
    followups: Followups = Followups()


class LanguagePack(WordLists):
    """One language: how it is named, detected, stemmed and parsed, and its word lists."""

    code: Language
    name: str = Field(min_length=1, description="The language's name in itself: 'Galego'.")
    locale: str | None = Field(
        default=None, description="Its gettext locale when not the code: 'ca@valencia'."
    )
    lingua: str | None = Field(
        default=None,
        description="The lingua detector language closest to it (SPANISH, CATALAN...); "
        "none: detected by its markers alone.",
    )
    stemmer: str | None = Field(default=None, description="Snowball stemmer; none: no stems.")
    dateparser: list[str] = Field(
        default_factory=list, description="dateparser languages tried, in order ('ca', 'es')."
    )
    markers: list[str] = Field(
        default_factory=list, description="function words only this language uses"
    )
    stopwords: list[str] = Field(default_factory=list)
    spelling: Spelling = Spelling()

    @field_validator("lingua")
    @classmethod
    def _lingua_knows_it(cls, name: str | None) -> str | None:
        if name is not None and name not in {language.name for language in LinguaLanguage.all()}:
            raise ValueError(f"lingua has no language {name!r}")
        return name

    @field_validator("stemmer")
    @classmethod
    def _snowball_has_it(cls, name: str | None) -> str | None:
        if name is not None and name not in algorithms():
            raise ValueError(f"no Snowball stemmer {name!r} (there are: {', '.join(algorithms())})")
        return name

    @property
    def gettext_locale(self) -> str:
        return self.locale or self.code


def expand(pattern: str, fragments: dict[str, str], where: str) -> str:
    """A crisis pattern with its `{name}` fragments written out."""

    def fragment(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise LanguagePackError(f"{where}: unknown fragment {{{name}}} in {pattern!r}")
        return fragments[name]

    return _FRAGMENT.sub(fragment, pattern)


def read_pack(path: Path) -> LanguagePack:
    try:
        pack = LanguagePack.model_validate(_read(path))
    except ValidationError as exc:
        raise LanguagePackError(f"{path}: {exc}") from None
    if pack.code != path.stem:
        raise LanguagePackError(f"{path}: code {pack.code!r} must match the file name")
    return pack


def read_word_lists(path: Path) -> WordLists:
    try:
        return WordLists.model_validate(_read(path))
    except ValidationError as exc:
        raise LanguagePackError(f"{path}: {exc}") from None


def _read(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)  # noqa: S506 - a safe loader
    except OSError as exc:
        raise LanguagePackError(f"{path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise LanguagePackError(f"{path}: invalid YAML: {exc}") from None
