"""Answers to a follow-up about the procedure under discussion, quoted from its own text: the
passages that answer the question first, then the source. When no passage of the entry answers
it, the reply says so plainly and where to check (the official page, the council's phone),
instead of quoting an unrelated sentence."""

from __future__ import annotations

from collections.abc import Sequence

from ali.answers.aspects import Aspect
from ali.answers.composer import Answer, AnswerComposer
from ali.answers.messages import message
from ali.answers.passages import ProcedurePassage, Section, procedure_passages
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language, Procedure, YearlyFact
from ali.i18n import N_

NOT_STATED = N_("The information on “{title}” does not say. You can check {url} or call {phone}.")


# A yearly fact's passage whose year is over is answered by the composer, which says so.
_YEARLY: dict[Section, tuple[YearlyFact, Aspect]] = {
    Section.FEE: ("fee", Aspect.COST),
    Section.DEADLINES: ("deadlines", Aspect.DEADLINE),
    Section.DURATION: ("processing_time", Aspect.DURATION),
}


class FollowupAnswers:
    def __init__(self, catalogue: Catalogue, composer: AnswerComposer) -> None:
        profile = catalogue.profile
        self._composer = composer
        self._offices = {office.id: office for office in profile.offices}
        self._phone = profile.contact.phone
        self._profile = profile

    def passages(self, procedure: Procedure, language: Language) -> list[ProcedurePassage]:
        """The entry's passages in `language`, as they are ranked and quoted."""
        return procedure_passages(procedure, language, self._offices)

    def states(self, procedure: Procedure, language: Language, aspect: Aspect) -> bool:
        """Whether the entry has a field for the fact `aspect` asks for."""
        return self._composer.states(procedure, language, aspect)

    def quoted(self, procedure: Procedure, language: Language, keys: Sequence[str]) -> Answer:
        """The passages `keys` of the entry, in that order, then the source. Keys the entry
        does not have in `language` are passed over; none left is `not_stated`."""
        by_key = {passage.key: passage for passage in self.passages(procedure, language)}
        chosen = [by_key[key] for key in keys if key in by_key]
        if not chosen:
            return self.not_stated(procedure, language)
        for passage in chosen:
            yearly = _YEARLY.get(passage.section)
            if yearly and procedure.past_year(yearly[0], self._profile.now().date()) is not None:
                return self._composer.procedure_answer(procedure, language, [yearly[1]])
        paragraphs = [passage.shown for passage in chosen]
        paragraphs[0] = f"**{procedure.title(language)}** — {paragraphs[0]}"
        paragraphs.append(f"{message('source', language)}: {procedure.source_url}")
        return Answer(
            "\n\n".join(paragraphs),
            [self._composer.source(procedure, language)],
            self._composer.procedure_answer(procedure, language).follow_ups,
        )

    def not_stated(self, procedure: Procedure, language: Language) -> Answer:
        """That the entry does not say, and where to check: its official page and the phone."""
        reply = NOT_STATED.format(
            language,
            title=procedure.title(language),
            url=str(procedure.source_url),
            phone=self._phone,
        )
        return Answer(
            reply,
            [self._composer.source(procedure, language)],
            self._composer.procedure_answer(procedure, language).follow_ups,
        )
