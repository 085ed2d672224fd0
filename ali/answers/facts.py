"""One aspect of a procedure in one sentence: "Coste: gratuito." The fact comes first, taken from
the catalogue entry as written.

When the fact takes several sentences, the one sharing most words with the question comes first
("who pays for a rented shop?" leads with the sentence on rented premises); the others follow in
their order. A fact the entry lacks is never guessed: the sentence says where to find it (the
procedure's official page and the council's phone). A yearly figure whose year is over says so
("en 2025 fue..."), with where to find this year's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ali.answers.aspects import Aspect, detect_aspects, strip_aspects
from ali.answers.channels import ChannelWriter, has_place
from ali.answers.messages import message
from ali.answers.wording import lower_first, sentence, sentences, shortened
from ali.catalogue.schema import Language, Procedure, YearlyFact
from ali.language.text import analyze, fold

# Instructions longer than this are cut to their first sentence.
HOW_LIMIT = 250

# The label each aspect's sentence starts with.
_LABELS = {
    Aspect.COST: "cost",
    Aspect.DOCUMENTS: "documents",
    Aspect.WHERE: "where",
    Aspect.IN_PERSON: "where",
    Aspect.ONLINE: "channels",
    Aspect.HOW: "channels",
    Aspect.OFFLINE: "channels",
    Aspect.DEADLINE: "deadline",
    Aspect.DURATION: "duration",
    Aspect.WHO: "who",
    Aspect.HOURS: "hours",
}

# The aspects answered by the same sentence: asking "how and where" gives it once.
_CHANNEL_ASPECTS = frozenset(
    {Aspect.HOW, Aspect.WHERE, Aspect.IN_PERSON, Aspect.ONLINE, Aspect.OFFLINE}
)

# The aspects whose fact, when its own field is empty, may be a sentence of the entry's other
# texts (its instructions, summary or notes): "Responden en unos 10 días" in a summary.
# Only sentences with a figure count (a date, a number of days): "consult the deadline on 010"
# speaks of a deadline but states none.
# Opening hours have no field: a sentence with a time of day ("de 8:30 a 17:00") says them.
_STATED_ELSEWHERE = frozenset({Aspect.DEADLINE, Aspect.DURATION, Aspect.HOURS})
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")  # on the sentence as written: folding drops ":"
# A period or a date in folded es/va/en text: "10 dias", "1 mes", "15 de febrero", "30 June".
_MONTHS = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    "gener|febrer|marc|maig|juny|juliol|agost|setembre|octubre|novembre|desembre|"
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_PERIOD = re.compile(
    r"\b\d+\s+(?:(?:dias?|dies|days?|semanas?|setmanes|weeks?|mes|meses|mesos|months?|horas?"
    r"|hores|hours?)\b|(?:de\s+|d\s+)?(?:" + _MONTHS + r")\b)"
)

_YEARLY: dict[Aspect, YearlyFact] = {
    Aspect.COST: "fee",
    Aspect.DEADLINE: "deadlines",
    Aspect.DURATION: "processing_time",
}


def same_sentence(first: Aspect, second: Aspect) -> bool:
    """Whether two aspects are answered by one sentence (the channels)."""
    return first == second or {first, second} <= _CHANNEL_ASPECTS


class FactWriter:
    """Writes the sentence answering one aspect. `today` gives the council's date (a clock the
    tests can fix), against which a yearly fact's year is judged."""

    def __init__(
        self,
        channels: ChannelWriter,
        phone: str,
        today: Callable[[], dt.date],
        common: Callable[[Language], frozenset[str]] = lambda language: frozenset(),
    ) -> None:
        """`common`: a language's terms too common in the catalogue to tell one case from
        another ("alicante"), left out when a note is compared with a question."""
        self._channels = channels
        self._phone = phone
        self._today = today
        self._common = common

    def known(self, procedure: Procedure, language: Language, aspect: Aspect) -> bool:
        """Whether the entry states the fact (else the sentence says where to find it)."""
        return self._fact(procedure, language, aspect) is not None

    def sentence(
        self, procedure: Procedure, language: Language, aspect: Aspect, question: str = ""
    ) -> str:
        label = message(_LABELS[aspect], language)
        fact = self._fact(procedure, language, aspect)
        if fact is None:
            return f"{label}: {self._where_to_find(procedure, language)}"
        if question and aspect not in _CHANNEL_ASPECTS:  # the channels' order is their own
            text = procedure.text[language]
            naming = " ".join([text.title, *text.aliases])
            notes = [
                part for note in text.notes for part in sentences(note) if speaks_of(part, aspect)
            ]
            fact = closest_first(fact, question, language, naming=naming)
            common = self._common(language) if notes else frozenset()
            fact = noted_first(fact, question, language, notes, text.title, naming, common)
        yearly = _YEARLY.get(aspect)
        year = procedure.past_year(yearly, self._today()) if yearly else None
        if year is None:
            return f"{label}: {lower_first(sentence(fact))}"
        check = message("past_year_check", language, phone=self._phone)
        if str(year) not in fact:  # the text does not say its year: the answer does
            fact = message("past_year", language, year=str(year), fact=lower_first(fact))
        return f"{label}: {lower_first(sentence(fact))} {check}"

    def _fact(self, procedure: Procedure, language: Language, aspect: Aspect) -> str | None:
        found = self._field(procedure, language, aspect)
        if found is None and aspect in _STATED_ELSEWHERE:
            return stated_elsewhere(procedure, language, aspect)
        return found

    def _field(self, procedure: Procedure, language: Language, aspect: Aspect) -> str | None:
        text = procedure.text[language]
        if aspect is Aspect.COST:
            return text.fee or (message("free", language) if procedure.free else None)
        if aspect is Aspect.DOCUMENTS:
            items = [item.strip().rstrip(".") for item in text.requirements]
            return "; ".join([items[0], *map(lower_first, items[1:])]) if items else None
        if aspect is Aspect.HOW and text.how:
            return shortened(text.how, HOW_LIMIT)
        if aspect in (Aspect.WHERE, Aspect.IN_PERSON) and text.how and not has_place(procedure):
            # no place to go among the channels: the instructions say where to find one
            return shortened(text.how, HOW_LIMIT)
        if aspect in _CHANNEL_ASPECTS:
            return self._channels.ways(procedure.channels, language, aspect)
        if aspect is Aspect.DEADLINE:
            return text.deadlines
        if aspect is Aspect.DURATION:
            return text.processing_time
        if aspect is Aspect.WHO:
            return text.who
        return None

    def _where_to_find(self, procedure: Procedure, language: Language) -> str:
        return message("unknown", language, url=str(procedure.source_url), phone=self._phone)


def stated_elsewhere(procedure: Procedure, language: Language, aspect: Aspect) -> str | None:
    """The first sentence of the entry's instructions, summary or notes that speaks of the
    aspect (its phrases, as a question would ask them: "plazo", "tarda") with a figure, or None.
    The sentence is the catalogue's, word for word: nothing is guessed."""
    text = procedure.text[language]
    for part in (text.how or "", text.summary, *text.notes):
        for candidate in sentences(part):
            if _has_figure(candidate, aspect) and aspect in detect_aspects(candidate):
                return candidate
    return None


# A note leads an aspect's answer only when it shares this much with the question (a term of
# the procedure's names counts half), one term at least beyond those names, and more than any
# sentence of the aspect's own field: "somos familia numerosa, ¿nos rebajan algo?" is answered
# by the IBI's note on its reductions, not by its rate.
NOTE_SHARED = 2.0
_NAMED_TERM = 0.5


# A sum or a percentage: a note with one speaks of a cost ("hasta el 90 % para familias
# numerosas").
_PRICE = re.compile(r"\d\s*(?:%|€)")


@lru_cache(maxsize=4096)  # a catalogue's note sentences: read once, not on every turn
def speaks_of(text: str, aspect: Aspect) -> bool:
    """Whether a sentence of a note is about `aspect`: it has its phrases, or a figure of its
    kind (a price for the cost, a period or a date for a deadline or a duration)."""
    if aspect is Aspect.COST and _PRICE.search(text):
        return True
    if aspect in _STATED_ELSEWHERE and _has_figure(text, aspect):
        return True
    return aspect in detect_aspects(text)


def _has_figure(text: str, aspect: Aspect) -> bool:
    """A time of day for the opening hours, a period or a date for the rest."""
    if aspect is Aspect.HOURS:
        return bool(_CLOCK.search(text))
    return bool(_PERIOD.search(fold(text)))


def noted_first(
    fact: str,
    question: str,
    language: Language,
    notes: Sequence[str],
    title: str,
    naming: str,
    common: frozenset[str] = frozenset(),
) -> str:
    """`fact` after the sentence of the entry's `notes` (those that speak of the aspect) that
    speaks of the question's case (`NOTE_SHARED`). Only the title's words and the `common`
    ones are left out here: an alias ("contenedor marrón" for the waste fee) may name the case
    a note is about ("la tarjeta del contenedor marrón"), but counts half."""
    if not notes:
        return fact
    asked = set(analyze(strip_aspects(question), language)) - set(analyze(title, language))
    asked -= common
    named = set(analyze(naming, language))

    def weight(text: str) -> float:
        shared = asked & set(analyze(text, language))
        beyond = shared - named
        return len(beyond) + _NAMED_TERM * len(shared & named) if beyond else 0.0

    own = max(weight(part) for part in sentences(fact))
    noted = [weight(note) for note in notes]
    best = max(noted)
    if best < NOTE_SHARED or best <= own:
        return fact
    return f"{notes[noted.index(best)]} {fact}"


def closest_first(fact: str, question: str, language: Language, naming: str = "") -> str:
    """`fact` with its sentence sharing most search terms with the question first (unchanged
    when no later sentence shares more than the first). The aspect's own words ("who pays")
    are left out of the comparison, and so are those of `naming` (the procedure's names): "who
    can file a general application?" names the application, it asks of no special case."""
    parts = sentences(fact)
    if len(parts) < 2:
        return fact
    asked = set(analyze(strip_aspects(question), language)) - set(analyze(naming, language))
    shared = [len(asked & set(analyze(part, language))) for part in parts]
    best = max(range(len(parts)), key=lambda index: (shared[index], -index))
    if best == 0:
        return fact
    return " ".join([parts[best], *(part for index, part in enumerate(parts) if index != best)])
