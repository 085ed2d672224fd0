"""Grounded answers without a language model: every fact comes from the catalogue entry.

Written the way GOV.UK writes (front-loaded, plain words, short): the first sentence answers
what was asked (the fee, the deadline, the place and its address, the documents, who can do
it); with nothing particular asked, it says what the procedure is, then the main way to do it.
Then the source link, and nothing else: the other aspects are offered as suggestions, not
printed all at once. A fact the entry does not state is never guessed: the answer says where to
find it. Editors' notes (`Procedure.editor_notes`) are never read here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ali.answers.aspects import Aspect
from ali.answers.channels import ChannelWriter
from ali.answers.facts import HOW_LIMIT, FactWriter, same_sentence
from ali.answers.messages import message
from ali.answers.wording import first_sentence, lower_first, sentence, shortened
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language, Procedure
from ali.language.text import analyze

# What a referral's instructions answer: where to go, how, online.
_WAYS = frozenset({Aspect.WHERE, Aspect.HOW, Aspect.ONLINE, Aspect.IN_PERSON})

# A summary longer than this is cut to its first sentence in a short answer.
SUMMARY_LIMIT = 160
# The aspects offered as follow-ups, in this order, and how many at most.
FOLLOW_UPS = (Aspect.COST, Aspect.DOCUMENTS, Aspect.WHERE, Aspect.DEADLINE, Aspect.WHO)
MAX_FOLLOW_UPS = 3


@dataclass(frozen=True)
class Source:
    procedure_id: str
    title: str
    url: str


@dataclass(frozen=True)
class Answer:
    """A reply, its sources, and the questions (in the reply's language) a citizen may ask
    next about the same procedure."""

    reply: str
    sources: list[Source]
    follow_ups: list[str] = field(default_factory=list)


class AnswerComposer:
    """Writes a council's answers. `today` is the council's date (its profile's clock by
    default), against which yearly facts are judged."""

    def __init__(self, catalogue: Catalogue, today: Callable[[], dt.date] | None = None) -> None:
        profile = catalogue.profile
        self._phone = profile.contact.phone
        self._channels = ChannelWriter(
            {office.id: office for office in profile.offices}, sede_url=str(profile.sede_url)
        )
        self._facts = FactWriter(
            self._channels,
            self._phone,
            today or (lambda: profile.now().date()),
            self._common_terms,
        )
        self._catalogue = catalogue
        self._common: dict[Language, frozenset[str]] | None = None  # on first use

    def _common_terms(self, language: Language) -> frozenset[str]:
        if self._common is None:
            self._common = common_terms(self._catalogue)
        return self._common.get(language, frozenset())

    def states(self, procedure: Procedure, language: Language, aspect: Aspect) -> bool:
        """Whether the entry has the fact `aspect` asks for (else its answer says where to
        find it)."""
        return self._facts.known(procedure, language, aspect)

    def source(self, procedure: Procedure, language: Language) -> Source:
        return Source(procedure.id, procedure.title(language), str(procedure.source_url))

    def procedure_answer(
        self,
        procedure: Procedure,
        language: Language,
        aspects: Sequence[Aspect] = (),
        question: str = "",
    ) -> Answer:
        """The answer to the aspects asked (what the procedure is and how, with none); the
        `question`, when given, puts the sentence of a fact closest to it first."""
        if procedure.kind == "referral":
            return self.referral_answer(procedure, language, aspects)
        asked: list[Aspect] = []
        for aspect in _either_way(aspects):
            if not any(same_sentence(aspect, done) for done in asked):
                asked.append(aspect)
        if asked:
            paragraphs = [
                self._facts.sentence(procedure, language, aspect, question) for aspect in asked
            ]
        else:
            paragraphs = self._overview(procedure, language)
        paragraphs[0] = f"**{procedure.title(language)}** — {paragraphs[0]}"
        if str(procedure.source_url) not in paragraphs[-1]:  # a missing fact's sentence has it
            paragraphs.append(self._source_line(procedure, language))
        return Answer(
            "\n\n".join(paragraphs),
            [self.source(procedure, language)],
            self._follow_ups(procedure, language, asked),
        )

    def referral_answer(
        self, procedure: Procedure, language: Language, aspects: Sequence[Aspect] = ()
    ) -> Answer:
        """Whose matter it is, then how to go about it there. A question about where, how or
        online ("¿dónde se pide la tarjeta SIP?") gets the entry's instructions first ("en tu
        centro de salud"), and one about a fact the entry states gets that fact first; whose
        matter it is follows."""
        assert procedure.referral is not None
        text = procedure.text[language]
        referral = procedure.referral
        lead = message("referral", language, administration=referral.administration.get(language))
        asked = aspects[0] if aspects else None
        first = None
        if asked in _WAYS and text.how:
            first = sentence(shortened(text.how, HOW_LIMIT))
        elif (
            asked is not None
            and asked not in _WAYS
            and self._facts.known(procedure, language, asked)
        ):
            first = self._facts.sentence(procedure, language, asked)
        if first is not None:
            paragraphs = [f"**{text.title}** — {first}", lead]
        else:
            paragraphs = [f"**{text.title}** — {lead}"]
            paragraphs.append(text.how or self._summary(text.summary))
        if referral.phone:
            paragraphs.append(f"{message('phone', language)}: {referral.phone}.")
        if referral.url and str(referral.url) != str(procedure.source_url):
            paragraphs.append(message("referral_web", language, url=str(referral.url)))
        paragraphs.append(self._source_line(procedure, language))
        return Answer("\n\n".join(paragraphs), [self.source(procedure, language)])

    def out_of_scope_answer(self, language: Language) -> Answer:
        return Answer(message("out_of_scope", language, phone=self._phone), [])

    def _overview(self, procedure: Procedure, language: Language) -> list[str]:
        """What the procedure is, then the main way to do it."""
        text = procedure.text[language]
        paragraphs = [self._summary(text.summary)]
        ways = (
            first_sentence(text.how)
            if text.how
            else self._channels.ways(procedure.channels, language)
        )
        if ways:
            paragraphs.append(f"{message('channels', language)}: {lower_first(sentence(ways))}")
        return paragraphs

    @staticmethod
    def _summary(summary: str) -> str:
        summary = " ".join(summary.split())
        return shortened(summary, SUMMARY_LIMIT)

    def _follow_ups(
        self, procedure: Procedure, language: Language, answered: Sequence[Aspect]
    ) -> list[str]:
        offered = [
            aspect
            for aspect in FOLLOW_UPS
            if aspect not in answered
            and not (aspect is Aspect.WHERE and Aspect.IN_PERSON in answered)
            and self.states(procedure, language, aspect)
        ]
        return [message(f"suggest_{aspect.value}", language) for aspect in offered][:MAX_FOLLOW_UPS]

    @staticmethod
    def _source_line(procedure: Procedure, language: Language) -> str:
        return f"{message('source', language)}: {procedure.source_url}"


def _either_way(aspects: Sequence[Aspect]) -> list[Aspect]:
    """ "¿En persona o por internet?" asks how it can be done: every way, not one of them. So
    does a citizen without internet ("no tengo ordenador, ¿cómo pido cita?"), those ways
    without internet first."""
    if Aspect.OFFLINE in aspects:
        ways = _WAYS | {Aspect.OFFLINE}
        return [Aspect.OFFLINE, *(a for a in aspects if a not in ways)]
    if not {Aspect.IN_PERSON, Aspect.ONLINE} <= set(aspects):
        return list(aspects)
    channel = next(a for a in aspects if a in (Aspect.IN_PERSON, Aspect.ONLINE))
    return [Aspect.HOW if a is channel else a for a in aspects]


# A term in this share of a council's entries or more tells none of them apart ("alicante").
COMMON_SHARE = 0.25


def common_terms(catalogue: Catalogue) -> dict[Language, frozenset[str]]:
    """Per language, the search terms found in `COMMON_SHARE` of the entries' texts or more."""
    common: dict[Language, frozenset[str]] = {}
    entries = list(catalogue)
    for language in catalogue.languages:
        counts: Counter[str] = Counter()
        for procedure in entries:
            text = procedure.text[language]
            words = " ".join([text.title, text.summary, text.how or "", *text.notes])
            counts.update(set(analyze(words, language)))
        floor = COMMON_SHARE * len(entries)
        common[language] = frozenset(term for term, count in counts.items() if count >= floor)
    return common
