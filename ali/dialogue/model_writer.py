"""The language model's two jobs in a turn (docs/llm.md), and the checks between it and the
citizen: `ModelWriter.rephrase` turns a follow-up into a question that stands alone;
`ModelWriter.answer` rewrites the catalogue's answer to a procedure question from that
procedure's passages, or gives back the catalogue's own reply.

The catalogue decides the facts: the model sees the passages of one procedure (the one routing
chose) that best answer the question, ranked as a follow-up's are (`RestrictedPassageSearch`),
and the procedure's official page, with links replaced by tokens; what it writes is checked
sentence by sentence (`ali.guardrails`) against exactly those passages before anyone reads it.
A small context is what a small model follows, and it reads it sooner. Any failure
(no server, a timeout, invalid output, a failed check, "the passages do not say") gives the
catalogue's reply, which the turn had composed already, so a fallback costs nothing more. The
model never runs anything: a `start` command only puts the procedure's own "do it" button
first, which the citizen must press, and the form still asks for sign-in and confirmation."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import structlog

from ali.answers.passages import ProcedurePassage, procedure_passages
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Procedure
from ali.dialogue.reply import Draft, Suggestion
from ali.dialogue.texts import text
from ali.dialogue.turn import StreamSink, Turn
from ali.guardrails.check import AnswerCheck, Problem
from ali.guardrails.links import LinkTokens
from ali.language import Language
from ali.language.registry import installed
from ali.llm.budget import TurnBudget
from ali.llm.client import ModelClient
from ali.llm.failures import FallbackReason, ModelFailure
from ali.llm.loop import ModelLoop
from ali.llm.prompts import (
    APPOINTMENTS,
    COUNCIL_PHONE,
    OFFICIAL_PAGE,
    ComposedAnswer,
    ContextPassage,
    StandaloneQuestion,
    answer_messages,
    rephrase_messages,
)
from ali.llm.sentences import SentenceBuffer
from ali.retrieval.restricted import RestrictedPassageSearch
from ali.safety.redaction import redact

log = structlog.get_logger("ali.llm")

T = TypeVar("T")

# How many of the procedure's passages the model is given: the best ranked for the question.
CONTEXT_PASSAGES = 4


@dataclass(frozen=True)
class ModelSetup:
    """A council's model: its client, the process's model loop, the output checks, and the
    search choosing the passages it is given (None: the procedure's whole text)."""

    client: ModelClient
    loop: ModelLoop
    check: AnswerCheck
    passages: RestrictedPassageSearch | None = None


class ModelWriter:
    def __init__(self, catalogue: Catalogue, setup: ModelSetup) -> None:
        self._catalogue = catalogue
        self._setup = setup

    @property
    def council_id(self) -> str:
        return self._catalogue.profile.id

    # -- rephrasing ---------------------------------------------------------------------------

    def rephrase(self, turn: Turn, history: Sequence[tuple[str, str]]) -> str | None:
        """`turn.message` as a question that stands alone, or None (the model failed, or
        gave back something that is no question: empty, a link, far too long)."""
        messages = rephrase_messages(
            redact(turn.message), history, language=_language_name(turn.language)
        )
        client = self._setup.client
        try:
            found = self._call(
                turn, lambda budget: client.structured(messages, StandaloneQuestion, budget)
            )
        except ModelFailure:
            return None
        question = " ".join(found.question.split())
        if not question or "://" in question or len(question) > 4 * len(turn.message) + 200:
            self._setup.client.metrics.fallback(
                self.council_id, FallbackReason.FAILED_CHECK, "rephrased question refused"
            )
            return None
        return question

    # -- answering ----------------------------------------------------------------------------

    def answer(self, turn: Turn, draft: Draft, sink: StreamSink | None = None) -> Draft:
        """The model's answer in place of `draft`'s reply (the catalogue's), or `draft`."""
        assert draft.procedure_id is not None
        procedure = self._catalogue.get(draft.procedure_id)
        language = turn.language
        links = LinkTokens()
        context, sources = self._context(procedure, language, links, turn)
        messages = answer_messages(
            redact(turn.message),  # personal data never goes to the model
            context,
            assistant=self._catalogue.profile.assistant_name,
            council=self._catalogue.profile.name,
            language=_language_name(language),
        )
        stream = _Stream(self._setup.check, links, sources, sink)
        client = self._setup.client
        try:
            if sink is None:
                composed = self._call(
                    turn, lambda budget: client.structured(messages, ComposedAnswer, budget)
                )
            else:
                composed = self._call(
                    turn,
                    lambda budget: client.structured_stream(
                        messages, ComposedAnswer, budget, "answer", stream.feed
                    ),
                )
        except ModelFailure:
            return stream.abandon(draft)  # counted and logged by the client
        if composed.coverage == "none":
            return self._fallback(stream.abandon(draft), FallbackReason.NOT_COVERED, "coverage")
        shown = stream.finish() if sink is not None else stream.whole(composed.answer)
        self._count(stream.problems)
        if shown is None:
            problems = ",".join(sorted({p.value for p in stream.problems}))
            return self._fallback(stream.abandon(draft), FallbackReason.FAILED_CHECK, problems)
        return replace(
            draft,
            reply=shown,
            suggestions=self._suggestions(draft, composed, procedure, language),
            answered_by="model",
        )

    def replied(self, draft: Draft) -> None:
        """Counts a procedure reply by the path that wrote it (the admin's and /metrics')."""
        self._setup.client.metrics.replied(self.council_id, draft.answered_by)

    def _context(
        self, procedure: Procedure, language: Language, links: LinkTokens, turn: Turn
    ) -> tuple[list[ContextPassage], list[str]]:
        return answer_context(
            self._catalogue, procedure, language, links, self._chosen(procedure, language, turn)
        )

    def _chosen(self, procedure: Procedure, language: Language, turn: Turn) -> list[int] | None:
        """The positions of the passages best answering the turn's question, best first
        (None without a search: the whole text is given)."""
        search = self._setup.passages
        if search is None:
            return None
        passages = _passages(self._catalogue, procedure, language)
        ranking = search.rank(
            f"{self.council_id}/{language}/{procedure.id}",  # the follow-ups' group: one cache
            [passage.searched for passage in passages],
            turn.message,
            language,
            turn.signals.search.query_vector if turn.has_signals else None,
        )
        return [passage.index for passage in ranking.passages[:CONTEXT_PASSAGES]]

    def _suggestions(
        self, draft: Draft, composed: ComposedAnswer, procedure: Procedure, language: Language
    ) -> list[Suggestion]:
        """The catalogue's suggestions; a command only puts a button first, which the citizen
        may press: `start` is validated like a citizen's request (the procedure must have an
        action), `handoff` offers the way to a person (its label is a citizen's request for one,
        routed as any typed message)."""
        suggestions = list(draft.suggestions)
        label = None
        if composed.command == "start" and procedure.action:
            label = text("do_it_label", language)
        elif composed.command == "handoff":
            label = text("person_label", language)
        if label is not None:
            suggestions = [Suggestion(label, label)] + [s for s in suggestions if s.value != label]
        return suggestions

    def _call(self, turn: Turn, call: Callable[[TurnBudget], Coroutine[Any, Any, T]]) -> T:
        """`call` made with the turn's budget, on the model loop; waited for within it."""
        budget = _budget(turn, self._setup.client)
        if budget.remaining() <= 0:
            raise self._spent()
        return self._setup.loop.run(call(budget), budget.remaining())

    def _spent(self) -> ModelFailure:
        failure = ModelFailure(FallbackReason.TOTAL_TIMEOUT, "the turn's budget is spent")
        self._setup.client.metrics.fallback(self.council_id, failure.reason, failure.detail)
        return failure

    def _fallback(self, draft: Draft, reason: FallbackReason, detail: str) -> Draft:
        self._setup.client.metrics.fallback(self.council_id, reason, detail)
        return draft

    def _count(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self._setup.client.metrics.checked(self.council_id, problem.value)


class _Stream:
    """The model's answer as it streams: each sentence checked, then sent (or held back)."""

    def __init__(
        self,
        check: AnswerCheck,
        links: LinkTokens,
        sources: list[str],
        sink: StreamSink | None,
    ) -> None:
        self._check = check
        self._links = links
        self._sources = sources
        self._sink = sink
        self._buffer = SentenceBuffer()
        self._shown: list[str] = []
        self._sent = False
        self._covered = True
        self.problems: list[Problem] = []

    def feed(self, delta: str, partial: dict[str, Any]) -> None:
        """A piece of the answer field (and the reply's JSON so far). Runs on the model loop."""
        if partial.get("coverage") == "none":
            self._covered = False
        if not self._covered:
            return
        for sentence in self._buffer.feed(delta):
            self._sentence(sentence)

    def _sentence(self, raw: str) -> None:
        sentence, removed = self._links.restore(raw)
        verdict = self._check.sentence(sentence, self._sources)
        self.problems.extend(verdict.problems)
        if removed:
            self.problems.append(Problem.UNSUPPORTED_URL)
        if verdict.ok and not removed and sentence.strip():
            self._shown.append(sentence.strip())
            if self._sink is not None:
                self._sink("delta", sentence.strip() + " ")
                self._sent = True

    def finish(self) -> str | None:
        """The sentences shown, once the stream is over (None: none passed)."""
        rest = self._buffer.flush()
        if rest is not None and self._covered:
            self._sentence(rest)
        return " ".join(self._shown) or None

    def whole(self, answer: str) -> str | None:
        """Not streamed: every sentence of `answer` checked; None when any fact is
        unsupported (the whole answer is refused), else the supported sentences."""
        restored, removed = self._links.restore(answer)
        verdict = self._check.answer(restored, self._sources)
        self.problems.extend(verdict.problems)
        if removed:
            self.problems.append(Problem.UNSUPPORTED_URL)
        if removed or any(p is not Problem.UNSUPPORTED_SENTENCE for p in verdict.problems):
            return None
        return verdict.shown or None

    def abandon(self, draft: Draft) -> Draft:
        """The catalogue's reply instead; a client that was sent sentences is told to drop
        them."""
        if self._sent and self._sink is not None:
            self._sink("reset", "")
        return draft


def answer_context(
    catalogue: Catalogue,
    procedure: Procedure,
    language: Language,
    links: LinkTokens,
    chosen: Sequence[int] | None = None,
) -> tuple[list[ContextPassage], list[str]]:
    """The passages the model may use (links as tokens), and the same texts as written,
    which its reply is checked against; public so that `ali eval --suite grounding` scores
    sentences against exactly what the model is given.

    `chosen`: positions in the procedure's passages (`procedure_passages`), in the order
    given; the model sees those and the official page only. None: the whole text and the
    council's contact details."""
    passages = _passages(catalogue, procedure, language)
    picked = passages if chosen is None else [passages[index] for index in chosen]
    lines = [f"{p.label}: {p.text}" if p.label else p.text for p in picked]
    lines.append(f"{OFFICIAL_PAGE}: {procedure.source_url}")
    procedure_text = "\n".join(lines)
    title = procedure.text[language].title
    if chosen is not None:  # a line each: the model names the one it copies
        context = [
            ContextPassage(f"S{number}", procedure.id, "", links.hide(line))
            for number, line in enumerate(lines, 1)
        ]
        return context, [procedure_text]
    contact = catalogue.profile.contact
    phones = ", ".join([contact.phone, *contact.phone_alternatives])
    contact_text = f"{COUNCIL_PHONE}: {phones}"
    if contact.appointment_url is not None:
        contact_text += f"\n{APPOINTMENTS}: {contact.appointment_url}"
    context = [
        ContextPassage("S1", procedure.id, title, links.hide(procedure_text)),
        ContextPassage("S2", None, catalogue.profile.name, links.hide(contact_text)),
    ]
    return context, [procedure_text, contact_text]


def _passages(
    catalogue: Catalogue, procedure: Procedure, language: Language
) -> list[ProcedurePassage]:
    offices = {office.id: office for office in catalogue.profile.offices}
    return procedure_passages(procedure, language, offices)


def _budget(turn: Turn, client: ModelClient) -> TurnBudget:
    """The turn's one budget, shared by its rephrasing and its answer."""
    if turn.model_budget is None:
        turn.model_budget = client.budget()
    return turn.model_budget


def _language_name(language: Language) -> str:
    try:
        return installed().get(language).name
    except KeyError:
        return language
