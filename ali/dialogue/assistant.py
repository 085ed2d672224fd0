"""One chat turn: language, retrieval, follow-ups from the conversation, a grounded answer."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import structlog

from ali.answers.aspects import Aspect, detect_aspects, strip_aspects
from ali.answers.composer import AnswerComposer, Source
from ali.answers.messages import message
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language
from ali.language import LanguageDetection
from ali.retrieval.hybrid import HybridRetriever, SearchResult
from ali.retrieval.text import analyze
from ali.safety.redaction import redact
from ali.storage.conversations import Conversation, ConversationStore, Turn

log = structlog.get_logger("ali.chat")

_SUGGESTED_ASPECTS = (Aspect.COST, Aspect.DOCUMENTS, Aspect.WHERE)


@dataclass(frozen=True)
class Candidate:
    procedure_id: str
    title: str


@dataclass(frozen=True)
class Suggestion:
    label: str
    value: str


@dataclass(frozen=True)
class ChatReply:
    conversation_id: str
    language: Language
    intent: str
    procedure_id: str | None
    reply: str
    candidates: list[Candidate] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


class Assistant:
    """Answers a council's citizens from its catalogue."""

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        retriever: HybridRetriever,
        languages: LanguageDetection,
        conversations: ConversationStore,
        max_candidates: int = 3,
    ) -> None:
        self._catalogue = catalogue
        self._retriever = retriever
        self._languages = languages
        self._conversations = conversations
        self._composer = AnswerComposer(catalogue)
        self._max_candidates = max_candidates

    @property
    def retriever(self) -> HybridRetriever:
        return self._retriever

    @property
    def council_id(self) -> str:
        return self._catalogue.profile.id

    def chat(
        self,
        message_text: str,
        conversation_id: str | None = None,
        language: Language | None = None,
    ) -> ChatReply:
        started = time.perf_counter()
        conversation = self._conversation(conversation_id)
        fallback = conversation.language if conversation.turns else self._default_language()
        chosen: Language = language or self._languages.detect(message_text, fallback)
        conversation.language = chosen

        aspects = detect_aspects(message_text)
        search = self._retriever.search(message_text)
        procedure_id, followup = self._resolve(message_text, aspects, search, conversation)

        if procedure_id is None:
            answer = self._composer.out_of_scope_answer(chosen)
            intent = "out_of_scope"
            candidates: list[Candidate] = []
            suggestions: list[Suggestion] = []
        else:
            procedure = self._catalogue.get(procedure_id)
            answer = self._composer.procedure_answer(procedure, chosen, aspects)
            intent = "referral" if procedure.kind == "referral" else "procedure_info"
            candidates = (
                [
                    Candidate(hit.procedure_id, self._catalogue.get(hit.procedure_id).title(chosen))
                    for hit in search.hits
                    if hit.procedure_id != procedure_id
                ][: self._max_candidates - 1]
                if not followup
                else []
            )
            suggestions = self._suggestions(aspects, chosen) if intent == "procedure_info" else []
            conversation.procedure_id = procedure_id

        conversation.turns.append(Turn("citizen", redact(message_text)))
        conversation.turns.append(Turn("assistant", answer.reply, intent, procedure_id))
        self._conversations.save(conversation)

        best = search.best
        log.info(
            "chat_turn",
            council=self.council_id,
            conversation=conversation.id,
            language=chosen,
            intent=intent,
            procedure=procedure_id,
            followup=followup,
            aspects=[a.value for a in aspects],
            top=best.procedure_id if best else None,
            dense=round(best.dense, 3) if best else None,
            bm25=round(best.bm25, 2) if best else None,
            fuzzy=round(best.fuzzy, 1) if best else None,
            confident=search.confident,
            message_chars=len(message_text),
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return ChatReply(
            conversation_id=conversation.id,
            language=chosen,
            intent=intent,
            procedure_id=procedure_id,
            reply=answer.reply,
            candidates=candidates,
            sources=answer.sources,
            suggestions=suggestions,
        )

    def _resolve(
        self,
        text: str,
        aspects: list[Aspect],
        search: SearchResult,
        conversation: Conversation,
    ) -> tuple[str | None, bool]:
        """The procedure to answer about, and whether it came from the conversation (a follow-up).

        A question that only names an aspect ("¿y cuánto cuesta?") or that retrieval cannot place
        while asking an aspect is about the conversation's current procedure.
        """
        current = conversation.procedure_id
        if current and aspects:
            residual = strip_aspects(text)
            names_nothing = not any(analyze(residual, lang) for lang in ("es", "va", "en"))
            if names_nothing or not search.confident:
                return current, True
        if search.confident and search.best:
            return search.best.procedure_id, False
        return None, False

    def _suggestions(self, asked: list[Aspect], language: Language) -> list[Suggestion]:
        labels = {
            Aspect.COST: "suggest_cost",
            Aspect.DOCUMENTS: "suggest_documents",
            Aspect.WHERE: "suggest_where",
        }
        return [
            Suggestion(label=message(labels[a], language), value=message(labels[a], language))
            for a in _SUGGESTED_ASPECTS
            if a not in asked
        ]

    def _conversation(self, conversation_id: str | None) -> Conversation:
        if conversation_id:
            found = self._conversations.get(self.council_id, conversation_id)
            if found is not None:
                return found
        return Conversation(council_id=self.council_id, language=self._default_language())

    def _default_language(self) -> Language:
        return self._catalogue.profile.default_language
