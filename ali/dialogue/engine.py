"""A council's chat: `DialogueEngine.chat` runs one turn of a conversation through the steps of
`ali.dialogue.pipeline`, one turn at a time per conversation, and logs it as one line.

Conversations (state included) are persisted; turns are stored redacted."""

from __future__ import annotations

import time
import uuid

import structlog

from ali.actions.forms import Slot, SlotKind
from ali.catalogue.catalogue import Catalogue
from ali.dialogue.pipeline import chat_pipeline
from ali.dialogue.reply import Candidate, ChatReply
from ali.dialogue.runner import Pipeline, TurnRunner
from ali.dialogue.services import DialogueServices
from ali.dialogue.signals import Signals, read_signals
from ali.dialogue.state import ConversationState
from ali.dialogue.turn import StreamSink, Turn, TurnRequest
from ali.errors import AliError, UnknownConversation
from ali.identity.citizen import Citizen
from ali.language import Language
from ali.observability.metrics import Metrics, default_metrics
from ali.retrieval.hybrid import HybridRetriever
from ali.safety.redaction import contains_personal_data
from ali.storage.locks import ConversationLocks, TurnLocks

log = structlog.get_logger("ali.chat")


class DialogueEngine:
    """Holds a council's conversations. `pipeline` defaults to `chat_pipeline(services)`;
    `metrics` (the process's default) counts each turn and the seconds each step took."""

    def __init__(
        self,
        services: DialogueServices,
        *,
        locks: TurnLocks | None = None,
        pipeline: Pipeline | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._services = services
        self._metrics = metrics or default_metrics()
        self._locks: TurnLocks = locks or ConversationLocks()
        self._runner = TurnRunner(pipeline or chat_pipeline(services), self._error_reply)

    @property
    def services(self) -> DialogueServices:
        return self._services

    @property
    def retriever(self) -> HybridRetriever:
        return self._services.retriever

    @property
    def catalogue(self) -> Catalogue:
        return self._services.catalogue

    @property
    def council_id(self) -> str:
        return self._services.council_id

    def chat(
        self,
        message_text: str,
        conversation_id: str | None = None,
        language: Language | None = None,
        citizen: Citizen | None = None,
        stream: StreamSink | None = None,
    ) -> ChatReply:
        """`stream`, for a client reading the reply as it is written, is told each checked
        sentence of a model's reply as it comes (see `StreamSink`)."""
        # One turn at a time per conversation: each reads the state the previous one saved.
        with self._locks.hold(conversation_id):
            turn = Turn(TurnRequest(message_text, conversation_id, language, citizen, stream))
            self._runner.run(turn)
        self._log(turn)
        self._count(turn)
        return self._reply(turn)

    def signals(self, message: str) -> Signals:
        """What retrieval and the example classifier say about a (cleaned) message."""
        return read_signals(message, self._services.retriever, self._services.classifier)

    def owner_of(self, citizen: Citizen | None) -> str | None:
        """What a conversation this citizen signed in to records as its owner."""
        return self._services.owner_of(citizen)

    def form_awaiting_files(self, conversation_id: str, citizen: Citizen) -> tuple[str, str, Slot]:
        """(form id, owner, slot) of the citizen's form that is asking for files now;
        `UnknownConversation` for a conversation that is not theirs, `NoFilesExpected` when
        no form of it is at an attachments step."""
        services = self._services
        owner = services.owner_of(citizen)
        found = services.conversations.get(services.council_id, conversation_id)
        state = ConversationState.from_json(found.state) if found is not None else None
        if state is None or owner is None or state.owner != owner:
            raise UnknownConversation(conversation_id)
        form = state.form
        action = services.actions.get(form.action) if form is not None else None
        if form is None or action is None or form.current is None:
            raise NoFilesExpected()
        slot = action.form.slot(form.current)
        if slot.kind is not SlotKind.ATTACHMENTS:
            raise NoFilesExpected()
        return form.id, owner, slot

    def _reply(self, turn: Turn) -> ChatReply:
        draft, language = turn.draft, turn.language_or(self._services.profile.default_language)
        catalogue = self._services.catalogue
        return ChatReply(
            # A conversation that could not even be loaded: the reply is not stored.
            conversation_id=turn.conversation.id
            if turn.has_conversation
            else turn.request.conversation_id or uuid.uuid4().hex,
            language=language,
            intent=draft.intent.value,
            procedure_id=draft.procedure_id,
            reply=draft.reply,
            turn=turn.position,
            candidates=[
                Candidate(pid, catalogue.get(pid).title(language)) for pid in draft.candidates
            ],
            sources=draft.sources,
            suggestions=draft.suggestions,
            form=turn.form_view,
            documents=draft.documents,
            slip=draft.slip,
            needs_sign_in=draft.needs_sign_in,
            status=draft.outcome.value,
            answered_by=draft.answered_by,
        )

    def _log(self, turn: Turn) -> None:
        """The canonical line of the turn: what was found and decided, how long each step
        took (ms), never what the citizen wrote."""
        draft = turn.draft
        search = turn.signals.search if turn.has_signals else None
        best = search.best if search is not None else None
        form = turn.state.form if turn.has_conversation else None
        log.info(
            "chat_turn",
            council=self.council_id,
            conversation=turn.conversation.id if turn.has_conversation else None,
            language=turn.language_or(self._services.profile.default_language),
            intent=draft.intent.value,
            status=draft.outcome.value,
            answered_by=draft.answered_by,
            ended_by=turn.ended_by,
            procedure=draft.procedure_id,
            confidence=round(draft.confidence, 3),
            candidates=draft.candidates,
            form=form.action if form is not None else None,
            top=best.procedure_id if best else None,
            dense=round(best.dense, 3) if best else None,
            bm25=round(best.bm25, 2) if best else None,
            fuzzy=round(best.fuzzy, 1) if best else None,
            confident=search.confident if search is not None else None,
            personal_data=contains_personal_data(turn.message),
            message_chars=len(turn.message),
            latency_ms=turn.latency_ms,
            steps=turn.durations,
        )

    def _count(self, turn: Turn) -> None:
        """The turn in the metrics: its intent and status, and each step's time as the runner
        measured it (the one place steps are timed)."""
        draft = turn.draft
        self._metrics.turn(
            self.council_id,
            intent=draft.intent.value,
            status=draft.outcome.value,
            seconds=time.perf_counter() - turn.started,
            steps=turn.durations,
        )

    def _error_reply(self, turn: Turn) -> str:
        language = turn.language_or(self._services.profile.default_language)
        return self._services.failure(None, language)


class NoFilesExpected(AliError):
    status_code = 409
    public_detail = "The conversation is not asking for files now."
