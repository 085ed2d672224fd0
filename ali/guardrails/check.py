"""The output check of a model's answer, sentence by sentence (issue 13): a sentence passes
when every fact it states is in the sources, it is close enough to the passages (when a
`SentenceSupport` is given) and it names no term the council forbids. The caller masks failed
sentences or falls back to the grounded answer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ali.guardrails.facts import FactKind, unsupported_facts
from ali.guardrails.support import SentenceSupport, split_sentences
from ali.language.text import fold


class Problem(StrEnum):
    """Why a sentence failed; the values are metric labels."""

    UNSUPPORTED_URL = "unsupported_url"
    UNSUPPORTED_EMAIL = "unsupported_email"
    UNSUPPORTED_PHONE = "unsupported_phone"
    UNSUPPORTED_AMOUNT = "unsupported_amount"
    UNSUPPORTED_PERCENTAGE = "unsupported_percentage"
    UNSUPPORTED_DATE = "unsupported_date"
    UNSUPPORTED_SENTENCE = "unsupported_sentence"
    FORBIDDEN_TERM = "forbidden_term"
    PROMPT_LEAK = "prompt_leak"  # six words running as in a text never to be quoted


# Words in a row that, shared with a protected text (a system prompt), make a quotation.
LEAK_WORDS = 6


_FACT_PROBLEMS = {
    FactKind.URL: Problem.UNSUPPORTED_URL,
    FactKind.EMAIL: Problem.UNSUPPORTED_EMAIL,
    FactKind.PHONE: Problem.UNSUPPORTED_PHONE,
    FactKind.AMOUNT: Problem.UNSUPPORTED_AMOUNT,
    FactKind.PERCENTAGE: Problem.UNSUPPORTED_PERCENTAGE,
    FactKind.DATE: Problem.UNSUPPORTED_DATE,
}


@dataclass(frozen=True)
class SentenceVerdict:
    text: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class AnswerVerdict:
    sentences: tuple[SentenceVerdict, ...]

    @property
    def ok(self) -> bool:
        return all(sentence.ok for sentence in self.sentences)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(problem for sentence in self.sentences for problem in sentence.problems)

    @property
    def shown(self) -> str:
        """The sentences that passed, joined as written (a space between them)."""
        return " ".join(sentence.text for sentence in self.sentences if sentence.ok)


class AnswerCheck:
    """`forbidden_terms` are matched on folded text (accents and case aside) as whole words."""

    def __init__(
        self,
        support: SentenceSupport | None,
        forbidden_terms: Sequence[str] = (),
        protected: Sequence[str] = (),
    ) -> None:
        """`protected`: texts no sentence may quote (the model's instructions)."""
        self._support = support
        self._protected = {run for text in protected for run in _runs(text)}
        terms = [fold(term) for term in forbidden_terms if fold(term)]
        self._forbidden = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\b") if terms else None
        )

    def sentence(self, sentence: str, passages: Sequence[str]) -> SentenceVerdict:
        problems: list[Problem] = []
        for fact in unsupported_facts(sentence, passages):
            if _FACT_PROBLEMS[fact.kind] not in problems:
                problems.append(_FACT_PROBLEMS[fact.kind])
        if self._support is not None and not self._support.supports(sentence, passages):
            problems.append(Problem.UNSUPPORTED_SENTENCE)
        if self._forbidden is not None and self._forbidden.search(fold(sentence)):
            problems.append(Problem.FORBIDDEN_TERM)
        if self._protected and not self._protected.isdisjoint(_runs(sentence)):
            problems.append(Problem.PROMPT_LEAK)
        return SentenceVerdict(sentence, tuple(problems))

    def answer(self, answer: str, passages: Sequence[str]) -> AnswerVerdict:
        """Each sentence of `answer` (split as the stream is, ali.llm.sentences) checked."""
        return AnswerVerdict(
            tuple(self.sentence(sentence, passages) for sentence in split_sentences(answer))
        )


def _runs(text: str) -> set[tuple[str, ...]]:
    """Every `LEAK_WORDS` words in a row of `text`, folded (placeholders such as {council}
    count as words, so a filled-in prompt still shares the runs around them)."""
    words = re.findall(r"\w+", fold(text))
    return {tuple(words[i : i + LEAK_WORDS]) for i in range(len(words) - LEAK_WORDS + 1)}
