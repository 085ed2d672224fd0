"""Whether a message is a follow-up about the procedure under discussion, and which passages of
that procedure's text answer it.

The router decides first, as for any message; its route is then reconsidered against the
conversation's procedure:

- a conversational intent (thanks, help, a person...), a status question, a pick from a list or
  two requests at once stay as routed, and so does a crisis (the safety step ran earlier); help
  is reconsidered only when the message carries on from the answer ("i per a què serveix?");
- another procedure that the message clearly names (by its keywords or one of its names) is a
  new topic and wins, unless the message asks "what if" about the last answer ("¿y si no tengo
  DNI?"), which stays on it;
- otherwise, when the message shares words with the procedure's text, it is a follow-up: the
  best passages of that text answer it ("¿tiene descuento si pago pronto?" after the fine), or,
  when the text does not cover what is asked (`COVERAGE_FLOOR`), the reply says so and where to
  check. A message that shares no word with it keeps its route (out of scope, another topic).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ali.answers.aspects import Aspect, detect_aspects, procedure_names
from ali.answers.followup import FollowupAnswers
from ali.answers.passages import Section
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language, Procedure
from ali.dialogue.state import LastAnswer
from ali.dialogue.turn import Turn
from ali.guardrails.facts import FactKind, find_facts
from ali.intents.labels import Intent
from ali.intents.router import IntentRouter, Route
from ali.language.clauses import asks, clauses
from ali.language.followups import continues, is_conditional
from ali.language.text import analyze
from ali.retrieval.restricted import RestrictedPassageSearch

# Share of the question's search terms the procedure's text (passages, title and the names
# citizens give it) must contain for its best passages to answer the question. Measured on
# the follow-ups of evals/dialogues.yaml (docs/dialogue.md): answered follow-ups reach 0.5 or
# more; "¿puedo pagar con bizum?" or "¿y si no tengo DNI?" after the fine fall below.
COVERAGE_FLOOR = 0.5
# Passages whose score is within this of the best one's are quoted with it (at most `QUOTED`).
CLOSE_SCORE = 0.01
QUOTED = 2

# Aspects answered by a figure: a passage quoted for a fee must hold an amount or a
# percentage (not "the works pay the permit fee"), for a date or a time a number.
_FIGURES = frozenset({Aspect.COST, Aspect.DEADLINE, Aspect.DURATION})
_PRICES = frozenset({FactKind.AMOUNT, FactKind.PERCENTAGE})

_RECONSIDERED = frozenset(
    {
        Intent.PROCEDURE_INFO,
        Intent.REFERRAL,
        Intent.PROCEDURE_ACTION,
        Intent.OUT_OF_SCOPE,
        Intent.CLARIFY,
    }
)


@dataclass(frozen=True)
class Followup:
    """A follow-up about `procedure_id`: the passages (keys) that answer it, best first, none
    when the procedure's text does not say; or `repeat`, the last answer given again (in the
    language the citizen asked for)."""

    procedure_id: str
    passages: tuple[str, ...] = ()
    repeat: LastAnswer | None = None


class FollowupReader:
    def __init__(
        self,
        catalogue: Catalogue,
        router: IntentRouter,
        search: RestrictedPassageSearch,
        answers: FollowupAnswers,
    ) -> None:
        self._catalogue = catalogue
        self._router = router
        self._search = search
        self._answers = answers
        self._vocabulary = lru_cache(maxsize=1024)(self._words)

    def repeat(self, turn: Turn, route: Route) -> Followup | None:
        """For a request to switch language ("what about in English please?"): the last answer
        again, unless the message also clearly names a procedure (which is then answered)."""
        if not turn.language_request:
            return None
        if route.procedure_id is not None and self._router.names_a_procedure(
            turn.message, turn.language, turn.signals.search, strict=True
        ):
            return None
        last = turn.state.answer
        current = turn.conversation.procedure_id
        if last is None and current:
            last = LastAnswer(current)
        if last is None or last.procedure_id not in self._catalogue:
            return None
        return Followup(last.procedure_id, repeat=last)

    def reconsider(self, turn: Turn, route: Route) -> Followup | None:
        """The follow-up `route` really is, or None when the route stands."""
        current = turn.conversation.procedure_id
        if not current or current not in self._catalogue or route.followup:
            return None
        help_carried_on = route.intent is Intent.HELP and continues(turn.message)
        if (route.intent not in _RECONSIDERED and not help_carried_on) or route.two_requests:
            return None
        if turn.state.pending is not None or route.procedure_id == current:
            return None
        message, language = turn.message, turn.language
        conditional = is_conditional(message)
        another = route.procedure_id is not None
        channel = another and self._asks_channel(message, route.procedure_id, current)
        if another and not conditional and not channel:
            search = turn.signals.search
            if self._router.names_a_procedure(message, language, search, strict=True):
                return None  # a new topic, clearly named
        asked = frozenset(analyze(message, language))
        if not asked:
            return None
        covered = self._coverage(asked, current, language)
        if route.procedure_id is not None and not channel:
            # The routed procedure's own text explains the message at least as well: it stands.
            if covered <= self._coverage(asked, route.procedure_id, language) and not conditional:
                return None
        elif covered == 0 and not conditional:
            return None  # nothing in common with the procedure: the route stands
        procedure = self._catalogue.get(current)
        if covered < COVERAGE_FLOOR and help_carried_on:
            return None  # "¿y qué más puedes hacer?": help, as routed
        if covered < COVERAGE_FLOOR:
            # About the procedure (it shares words, or asks "what if"), but the text does not say.
            return Followup(current) if another or conditional else None
        return Followup(current, self._best_passages(procedure, language, turn))

    def _asks_channel(self, message: str, routed: str | None, current: str) -> bool:
        """Whether the message asks about a way of doing the procedure under discussion: the
        council's appointments or kiosks (profile roles) routed, and a fact of them asked in a
        question ("do I need an appointment?" after registering on the padrón); "I want to book
        an appointment" books one."""
        roles = self._catalogue.profile.procedures
        if routed not in {roles.appointments, roles.kiosks} - {None, current}:
            return False
        return any(asks(clause) for clause in clauses(message)) and bool(detect_aspects(message))

    def unstated_aspect(self, turn: Turn, route: Route) -> Followup | None:
        """A question (asked first, or an aspect asked as a follow-up) about a fact the entry
        has no field for ("¿cuánto cuesta el vado?", "how long is a Cl@ve PIN valid?"),
        answered from the passage of the procedure's text that best answers it; None (the
        composer's reply, which says where to find the fact) when no aspect is asked, the
        entry has the field, or, asked first, the best passage is the summary: what the
        procedure is answers no question about it."""
        if route.intent is not Intent.PROCEDURE_INFO or route.procedure_id is None:
            return None
        if route.two_requests or route.procedure_id not in self._catalogue:
            return None
        procedure, language = self._catalogue.get(route.procedure_id), turn.language
        aspects = detect_aspects(turn.message, procedure_names(procedure))
        if not aspects or any(self._answers.states(procedure, language, a) for a in aspects):
            return None
        keys = self._best_passages(procedure, language, turn)
        if not keys or (not route.followup and keys[0].startswith(f"{Section.SUMMARY.value}.")):
            return None  # asked first, the summary is what the answer says already
        cost = Aspect.COST in aspects
        if set(aspects) <= _FIGURES and not _has_figure(
            self._answers, procedure, language, keys[0], cost
        ):
            return None  # a fee or a date was asked: a passage without one is no answer
        return Followup(procedure.id, keys[:1])

    def _best_passages(
        self, procedure: Procedure, language: Language, turn: Turn
    ) -> tuple[str, ...]:
        passages = self._answers.passages(procedure, language)
        ranking = self._search.rank(
            f"{self._catalogue.profile.id}/{language}/{procedure.id}",
            [passage.searched for passage in passages],
            turn.message,
            language,
            turn.signals.search.query_vector,
        )
        best = ranking.best
        if best is None:
            return ()
        close = [p for p in ranking.passages if p.score >= best.score - CLOSE_SCORE][:QUOTED]
        return tuple(passages[p.index].key for p in close)

    def _coverage(self, asked: frozenset[str], procedure_id: str, language: Language) -> float:
        """The share of the question's terms found in the procedure's text and names."""
        return len(asked & self._vocabulary(procedure_id, language)) / len(asked)

    def _words(self, procedure_id: str, language: Language) -> frozenset[str]:
        procedure = self._catalogue.get(procedure_id)
        text = procedure.text[language]
        parts = [p.text for p in self._answers.passages(procedure, language)]
        parts.extend([text.title, *text.aliases])
        return frozenset(term for part in parts for term in analyze(part, language))


def _has_figure(
    answers: FollowupAnswers, procedure: Procedure, language: Language, key: str, cost: bool
) -> bool:
    """Whether passage `key` holds a figure: an amount or a percentage for a `cost`
    question, any number for a date or a time."""
    for passage in answers.passages(procedure, language):
        if passage.key == key:
            if cost:
                return any(fact.kind in _PRICES for fact in find_facts(passage.text))
            return any(char.isdigit() for char in passage.text)
    return False
