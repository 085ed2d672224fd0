"""One chat turn of a conversation: safety first, then the active form, then the intent router,
then the reply. Conversations (state included) are persisted; turns are stored redacted."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass, field
from typing import Any

import structlog

from ali.answers.aspects import Aspect, detect_aspects, strip_aspects
from ali.answers.composer import AnswerComposer, Source
from ali.answers.messages import message as answer_message
from ali.attachments.store import AttachmentStore
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language, Procedure
from ali.connectors.base import (
    Action,
    ActionFailed,
    ActionRegistry,
    ActionRequest,
    Attachment,
    Citizen,
    Document,
    OptionsProvider,
)
from ali.dialogue import commands
from ali.dialogue.execution import ActionExecutor, failure_message, idempotency_key
from ali.dialogue.form_flow import FormFlow, FormView, OptionsLoader, new_form_state
from ali.dialogue.forms import Option, Slot, SlotKind
from ali.dialogue.texts import text
from ali.errors import AliError, UnknownConversation
from ali.intents import cues
from ali.intents.classifier import ExampleClassifier, IntentScores
from ali.intents.labels import Intent
from ali.intents.router import IntentRouter, Route
from ali.language import LanguageDetection
from ali.retrieval.hybrid import HybridRetriever, SearchResult
from ali.safety.crisis import crisis_message
from ali.safety.guard import clean, has_hidden_characters
from ali.safety.redaction import contains_personal_data, redact
from ali.storage.audit import AuditLog
from ali.storage.conversations import Conversation, ConversationStore, Turn
from ali.storage.locks import ConversationLocks

log = structlog.get_logger("ali.chat")

_ASPECT_SUGGESTIONS = {
    Aspect.COST: "suggest_cost",
    Aspect.DOCUMENTS: "suggest_documents",
    Aspect.WHERE: "suggest_where",
}


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
    turn: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    form: FormView | None = None
    documents: list[Document] = field(default_factory=list)
    needs_sign_in: bool = False


@dataclass(frozen=True)
class Signals:
    search: SearchResult
    scores: IntentScores
    only_id_method: bool


@dataclass
class _Draft:
    """The reply being built during a turn."""

    intent: Intent
    reply: str
    procedure_id: str | None = None
    candidates: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    confidence: float = 0.0
    needs_sign_in: bool = False


class DialogueEngine:
    """Holds a council's conversations."""

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        retriever: HybridRetriever,
        classifier: ExampleClassifier,
        router: IntentRouter,
        languages: LanguageDetection,
        conversations: ConversationStore,
        actions: ActionRegistry,
        audit: AuditLog | None,
        forms: FormFlow,
        owner_key: bytes = b"",
        max_candidates: int = 3,
        attachments: AttachmentStore | None = None,
        turns: ConversationLocks | None = None,
    ) -> None:
        self._catalogue = catalogue
        self._profile = catalogue.profile
        self._retriever = retriever
        self._classifier = classifier
        self._router = router
        self._languages = languages
        self._conversations = conversations
        self._actions = actions
        self._executor = ActionExecutor(audit, self._profile.contact.phone) if audit else None
        self._forms = forms
        self._owner_key = owner_key
        self._composer = AnswerComposer(catalogue)
        self._max_candidates = max_candidates
        self._attachments = attachments
        self._turns = turns or ConversationLocks()

    @property
    def retriever(self) -> HybridRetriever:
        return self._retriever

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    @property
    def council_id(self) -> str:
        return self._profile.id

    # -- the turn ----------------------------------------------------------------------------

    def chat(
        self,
        message_text: str,
        conversation_id: str | None = None,
        language: Language | None = None,
        citizen: Citizen | None = None,
    ) -> ChatReply:
        # One turn at a time per conversation: each reads the state the previous one saved.
        with self._turns.hold(conversation_id):
            return self._chat(message_text, conversation_id, language, citizen)

    def _chat(
        self,
        message_text: str,
        conversation_id: str | None,
        language: Language | None,
        citizen: Citizen | None,
    ) -> ChatReply:
        started = time.perf_counter()
        message = clean(message_text)
        hidden = has_hidden_characters(message_text)
        conversation = self._conversation(conversation_id, citizen)
        fallback = conversation.language if conversation.turn_count else self._default_language()
        chosen: Language = language or self._languages.detect(message, fallback)
        conversation.language = chosen
        state = conversation.state

        signals = self.signals(message)
        search, scores, only_id_method = signals.search, signals.scores, signals.only_id_method

        asking_personal = self._asking_personal(state)
        draft: _Draft | None = None
        resume = False
        safety = self._router.safety(message, scores, hidden_characters=hidden)
        if safety is not None:
            draft = self._dispatch(safety, message, chosen, search, conversation, citizen)
            resume = "form" in state
        elif "form" in state:
            draft, resume = self._form_turn(message, chosen, conversation, citizen)
        if draft is None:
            draft = self._route_turn(
                message, chosen, search, scores, conversation, citizen, only_id_method
            )
        if draft.intent is not Intent.CLARIFY:
            state.pop("candidates", None)
            state.pop("candidates_for", None)
        form_view = self._form_view(state, chosen)
        if resume and form_view is not None:
            spec = self._actions.get(state["form"]["action"])
            assert spec is not None
            draft.reply += "\n\n" + text("form_resume", chosen, title=spec.form.title[chosen])
            draft.reply += "\n" + self._forms.prompt(spec.form, state["form"], chosen)
        if contains_personal_data(message) and not asking_personal:
            draft.reply += "\n\n" + text("privacy", chosen)
        if form_view is not None:
            draft.suggestions = self._form_suggestions(form_view, chosen)
        if draft.procedure_id and draft.intent is not Intent.EMERGENCY:
            conversation.procedure_id = draft.procedure_id

        conversation.add_turn(Turn("citizen", redact(message), language=chosen))
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        conversation.add_turn(
            Turn(
                "assistant",
                redact(draft.reply),
                draft.intent.value,
                draft.procedure_id,
                language=chosen,
                latency_ms=latency_ms,
            )
        )
        self._conversations.save(conversation)
        position = conversation.turn_count  # the reply's position, as stored
        best = search.best
        log.info(
            "chat_turn",
            council=self.council_id,
            conversation=conversation.id,
            language=chosen,
            intent=draft.intent.value,
            procedure=draft.procedure_id,
            confidence=round(draft.confidence, 3),
            candidates=draft.candidates,
            form=state["form"]["action"] if "form" in state else None,
            top=best.procedure_id if best else None,
            dense=round(best.dense, 3) if best else None,
            bm25=round(best.bm25, 2) if best else None,
            fuzzy=round(best.fuzzy, 1) if best else None,
            confident=search.confident,
            personal_data=contains_personal_data(message),
            message_chars=len(message),
            latency_ms=latency_ms,
        )
        return ChatReply(
            conversation_id=conversation.id,
            language=chosen,
            intent=draft.intent.value,
            procedure_id=draft.procedure_id,
            reply=draft.reply,
            turn=position,
            candidates=[
                Candidate(pid, self._catalogue.get(pid).title(chosen)) for pid in draft.candidates
            ],
            sources=draft.sources,
            suggestions=draft.suggestions,
            form=form_view,
            documents=draft.documents,
            needs_sign_in=draft.needs_sign_in,
        )

    def signals(self, message: str) -> Signals:
        """What retrieval and the example classifier say about a (cleaned) message. An
        identification method named in it ("con Cl@ve") is left out of the search."""
        retrieval_text, had_method = cues.without_id_method(message)
        vector = self._retriever.embed(retrieval_text or message)
        return Signals(
            search=self._retriever.search(retrieval_text or message, vector),
            scores=self._classifier.score(message, vector),
            only_id_method=had_method and not retrieval_text,
        )

    # -- routing -----------------------------------------------------------------------------

    def _route_turn(
        self,
        message: str,
        language: Language,
        search: SearchResult,
        scores: IntentScores,
        conversation: Conversation,
        citizen: Citizen | None,
        only_id_method: bool = False,
    ) -> _Draft:
        state = conversation.state
        offer = state.pop("offer", None)
        if offer and commands.is_confirmation(message):
            action = self._actions.get(offer)
            if action is not None:
                return self._start_form(action.name, None, language, conversation, citizen)
        followup = self._followup(message, search, conversation, scores)
        if followup is not None:
            return self._dispatch(followup, message, language, search, conversation, citizen)

        def searcher(part: str) -> SearchResult:
            return self._retriever.search(part)

        route = self._router.route(
            message,
            language,
            search,
            scores,
            searcher,
            pending=state.get("candidates"),
            pending_action=state.get("candidates_for") == "action",
            pending_status=state.get("candidates_for") == "status",
            only_id_method=only_id_method,
        )
        return self._dispatch(route, message, language, search, conversation, citizen)

    def _followup(
        self, message: str, search: SearchResult, conversation: Conversation, scores: IntentScores
    ) -> Route | None:
        """A message about the conversation's current procedure: an aspect ("¿y cuánto
        cuesta?") or "do it" ("hazlo ahora") without naming another procedure."""
        current = conversation.procedure_id
        if not current or current not in self._catalogue:
            return None
        if detect_aspects(message):
            # A follow-up unless what is left once the aspect is removed names another procedure.
            residual = strip_aspects(message)
            best = search.best
            switches = (
                search.confident
                and best is not None
                and best.procedure_id != current
                and self._router.names_a_procedure(
                    residual, conversation.language, search, strict=True
                )
            )
            if not switches:
                return Route(Intent.PROCEDURE_INFO, current, confidence=0.9, followup=True)
        label, similarity = scores.best(frozenset({"procedure_action"}))
        if (
            label
            and similarity >= self._router.settings.conversational_similarity
            and not search.confident
            and self._catalogue.get(current).action
        ):
            return Route(Intent.PROCEDURE_ACTION, current, confidence=similarity, followup=True)
        return None

    def _dispatch(
        self,
        route: Route,
        message: str,
        language: Language,
        search: SearchResult,
        conversation: Conversation,
        citizen: Citizen | None,
    ) -> _Draft:
        intent = route.intent
        if intent is Intent.EMERGENCY:
            assert route.crisis is not None
            return _Draft(intent, crisis_message(route.crisis, language), confidence=1.0)
        if intent is Intent.BLOCKED:
            return _Draft(intent, text("blocked", language), confidence=1.0)
        if intent in (Intent.GREETING, Intent.GOODBYE, Intent.THANKS):
            reply = text(intent.value, language, assistant=self._profile.assistant_name)
            suggestions = self._featured(language) if intent is Intent.GREETING else []
            return _Draft(intent, reply, suggestions=suggestions, confidence=route.confidence)
        if intent is Intent.HELP:
            featured = self._featured(language)
            listed = "\n".join(f"- {s.label}" for s in featured)
            reply = f"{text('help', language)}\n{listed}"
            return _Draft(intent, reply, suggestions=featured, confidence=route.confidence)
        if intent is Intent.HANDOFF:
            return self._handoff(language, conversation)
        if intent is Intent.CLARIFY:
            return self._clarify(route, language, conversation)
        if intent is Intent.OUT_OF_SCOPE:
            answer = self._composer.out_of_scope_answer(language)
            return _Draft(intent, answer.reply, suggestions=self._featured(language))
        assert route.procedure_id is not None
        procedure = self._catalogue.get(route.procedure_id)
        status_action = self._actions.get(procedure.status_action)
        if intent is Intent.STATUS_CHECK and status_action is not None:
            return self._status(status_action.name, procedure, language, conversation, citizen)
        if intent is Intent.PROCEDURE_ACTION:
            draft = self._action(procedure, message, language, conversation, citizen)
            draft.confidence = max(draft.confidence, route.confidence)
            return draft
        return self._info(intent, procedure, message, language, search, route)

    def _info(
        self,
        intent: Intent,
        procedure: Procedure,
        message: str,
        language: Language,
        search: SearchResult,
        route: Route,
    ) -> _Draft:
        aspects = detect_aspects(message)
        answer = self._composer.procedure_answer(procedure, language, aspects)
        reply = answer.reply
        if intent is Intent.STATUS_CHECK:
            reply = f"{text('status_check', language)}\n\n{reply}"
        others = [h.procedure_id for h in search.hits if h.procedure_id != procedure.id]
        suggestions: list[Suggestion] = []
        if intent is not Intent.REFERRAL:
            suggestions = [
                Suggestion(answer_message(key, language), answer_message(key, language))
                for aspect, key in _ASPECT_SUGGESTIONS.items()
                if aspect not in aspects
            ]
            if self._actions.get(procedure.action):
                label = text("do_it_label", language)
                suggestions.insert(0, Suggestion(label, label))
        return _Draft(
            intent,
            reply,
            procedure_id=procedure.id,
            candidates=[] if route.followup else others[: self._max_candidates - 1],
            sources=answer.sources,
            suggestions=suggestions,
            confidence=route.confidence,
        )

    def _action(
        self,
        procedure: Procedure,
        message: str,
        language: Language,
        conversation: Conversation,
        citizen: Citizen | None,
    ) -> _Draft:
        wanted = procedure.action
        if procedure.cancel_action and cues.wants_cancel(message):
            wanted = procedure.cancel_action  # "anular mi cita": undo, not book
        action = self._actions.get(wanted)
        info = self._composer.procedure_answer(procedure, language, [Aspect.HOW])
        if action is None:
            reply = f"{text('not_connected', language)}\n\n{info.reply}"
            return _Draft(
                Intent.PROCEDURE_ACTION, reply, procedure_id=procedure.id, sources=info.sources
            )
        if action.requires_identity and citizen is None:
            reply = f"{text('sign_in_needed', language)}\n\n{info.reply}"
            return _Draft(
                Intent.PROCEDURE_ACTION,
                reply,
                procedure_id=procedure.id,
                sources=info.sources,
                needs_sign_in=True,
            )
        return self._start_form(action.name, procedure.id, language, conversation, citizen)

    def _status(
        self,
        action_name: str,
        procedure: Procedure,
        language: Language,
        conversation: Conversation,
        citizen: Citizen | None,
    ) -> _Draft:
        """Looking up one's own request needs sign-in; then the lookup form starts."""
        if citizen is None:
            info = self._composer.procedure_answer(procedure, language, [Aspect.HOW])
            reply = f"{text('sign_in_needed', language)}\n\n{info.reply}"
            return _Draft(
                Intent.STATUS_CHECK, reply, procedure.id, sources=info.sources, needs_sign_in=True
            )
        draft = self._start_form(action_name, procedure.id, language, conversation, citizen)
        if draft.intent is Intent.PROCEDURE_ACTION:
            draft.intent = Intent.STATUS_CHECK
        return draft

    def _start_form(
        self,
        action_name: str,
        procedure_id: str | None,
        language: Language,
        conversation: Conversation,
        citizen: Citizen | None,
    ) -> _Draft:
        action = self._actions.get(action_name)
        assert action is not None
        state = new_form_state(action.form, procedure_id)
        if not action.form.slots and not action.form.needs_confirmation:
            # A lookup that needs nothing but the citizen ("my appointments"): answer now.
            draft = self._look_up(action, state, {}, language, conversation, citizen)
            draft.procedure_id = procedure_id
            return draft
        if state["current"]:
            try:
                available = self._forms.load_options(
                    action.form, state, state["current"], self._loader(action, citizen, language)
                )
            except ActionFailed as exc:
                return _Draft(Intent.PROCEDURE_ACTION, self._failure(exc, language), procedure_id)
            if not available:
                reply = text("no_options", language)
                return _Draft(Intent.PROCEDURE_ACTION, reply, procedure_id)
        conversation.state["form"] = state
        intro = text(
            "form_start",
            language,
            title=action.form.title[language],
            count=str(len(action.form.slots)),
        )
        prompt = self._forms.prompt(action.form, state, language)
        # The first reply carries the citizen's intent; later ones are form steps.
        intent = Intent.PROCEDURE_ACTION if procedure_id else Intent.FORM_STEP
        return _Draft(intent, f"{intro}\n\n{prompt}", procedure_id=procedure_id, confidence=1.0)

    def _form_turn(
        self,
        message: str,
        language: Language,
        conversation: Conversation,
        citizen: Citizen | None,
    ) -> tuple[_Draft | None, bool]:
        """The active form's answer to a message; (None, True) hands a side question over to
        the router and resumes the form after it."""
        state = conversation.state
        form_state = state["form"]
        action = self._actions.get(form_state["action"])
        if action is None:  # the action was removed from the configuration
            state.pop("form")
            return None, False
        today = self._profile.now().date()
        loader = self._loader(action, citizen, language)
        try:
            step = self._forms.handle(action.form, form_state, message, language, today, loader)
        except ActionFailed as exc:  # the back office could not list the options
            state.pop("form")
            reply = self._failure(exc, language)
            return _Draft(Intent.FORM_STEP, reply, form_state.get("procedure_id")), False
        if step.side_question:
            return None, True
        procedure_id = form_state.get("procedure_id")
        if not step.done:
            return _Draft(step.intent, step.reply, procedure_id=procedure_id, confidence=1.0), False
        state.pop("form")
        if step.confirmed_values is None:  # cancelled: its files go too
            self._forget_files(form_state["id"])
            return _Draft(step.intent, step.reply, procedure_id=procedure_id, confidence=1.0), False
        return self._execute(action.name, form_state, step.confirmed_values, language,
                             conversation, citizen), False  # fmt: skip

    def _execute(
        self,
        action_name: str,
        form_state: dict[str, Any],
        values: dict[str, str],
        language: Language,
        conversation: Conversation,
        citizen: Citizen | None,
    ) -> _Draft:
        action = self._actions.get(action_name)
        assert action is not None
        procedure_id = form_state.get("procedure_id")
        if action.requires_identity and citizen is None:
            return _Draft(
                Intent.PROCEDURE_ACTION,
                text("sign_in_needed", language),
                procedure_id,
                needs_sign_in=True,
            )
        if not action.form.needs_confirmation:  # a lookup: no side effect, nothing to audit
            return self._look_up(action, form_state, values, language, conversation, citizen)
        if self._executor is None:
            raise RuntimeError("actions need an audit log")
        outcome = self._executor.run(
            action,
            ActionRequest(
                action=action_name,
                council_id=self.council_id,
                conversation_id=conversation.id,
                procedure_id=procedure_id,
                values=values,
                idempotency_key=idempotency_key(
                    self.council_id, conversation.id, form_state["id"], action_name, values
                ),
                language=language,
                citizen=citizen,
                attachments=self._files_of(action, form_state["id"], values),
            ),
            citizen_ref=self.owner_of(citizen),
        )
        if outcome.succeeded:
            self._forget_files(form_state["id"])
        elif outcome.retryable:
            # Confirming again must send the same key: the form stays, awaiting confirmation.
            conversation.state["form"] = form_state
        return _Draft(
            Intent.ACTION_RESULT,
            outcome.message,
            procedure_id,
            documents=outcome.documents,
            confidence=1.0,
        )

    def _look_up(
        self,
        action: Action,
        form_state: dict[str, Any],
        values: dict[str, str],
        language: Language,
        conversation: Conversation,
        citizen: Citizen | None,
    ) -> _Draft:
        procedure_id = form_state.get("procedure_id")
        request = ActionRequest(
            action=action.name,
            council_id=self.council_id,
            conversation_id=conversation.id,
            procedure_id=procedure_id,
            values=values,
            idempotency_key=form_state["id"],
            language=language,
            citizen=citizen,
        )
        try:
            result = action.execute(request)
        except ActionFailed as exc:
            return _Draft(Intent.ACTION_RESULT, self._failure(exc, language), procedure_id)
        return _Draft(
            Intent.ACTION_RESULT,
            result.message,
            procedure_id,
            documents=list(result.documents),
            confidence=1.0,
        )

    @staticmethod
    def _loader(action: Action, citizen: Citizen | None, language: Language) -> OptionsLoader:
        def load(slot: Slot, values: dict[str, str]) -> list[Option]:
            if isinstance(action, OptionsProvider):
                return action.options(slot.name, values, citizen, language)
            return []

        return load

    def _failure(self, exc: ActionFailed, language: Language) -> str:
        return failure_message(exc, language, self._profile.contact.phone)

    # -- other replies -----------------------------------------------------------------------

    def _handoff(self, language: Language, conversation: Conversation) -> _Draft:
        contact = self._profile.contact
        alternatives = ""
        if contact.phone_alternatives:
            alternatives = " (" + ", ".join(contact.phone_alternatives) + ")"
        hours = contact.phone_hours.get(language) if contact.phone_hours else ""
        lines = [text("handoff", language, phone=contact.phone, alternatives=alternatives,
                      hours=hours).strip()]  # fmt: skip
        if contact.note:
            lines.append(contact.note.get(language))
        suggestions: list[Suggestion] = []
        if self._profile.phone_open():
            lines.append(text("handoff_open", language))
        elif self._actions.get("handoff.callback"):
            lines.append(text("handoff_closed", language))
            conversation.state["offer"] = "handoff.callback"
            suggestions.append(
                Suggestion(text("callback_label", language), text("confirm_value", language))
            )
        if contact.appointment_url:
            lines.append(text("handoff_offices", language, url=str(contact.appointment_url)))
        offices = [f"- {o.name}, {o.address}" for o in self._profile.offices]
        if offices:
            lines.append("\n".join(offices))
        return _Draft(Intent.HANDOFF, "\n\n".join(lines), suggestions=suggestions, confidence=1.0)

    def _clarify(self, route: Route, language: Language, conversation: Conversation) -> _Draft:
        candidates = route.candidates or list(self._profile.featured[:3])
        conversation.state["candidates"] = candidates
        conversation.state["candidates_for"] = (
            "status" if route.about_status else "action" if route.wants_action else "info"
        )
        titles = [self._catalogue.get(pid).title(language) for pid in candidates]
        if route.two_requests:
            head = text("clarify_two", language)
        elif route.candidates:
            head = text("clarify", language)
        else:
            head = text("clarify_vague", language)
        listed = "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=1))
        return _Draft(
            Intent.CLARIFY,
            f"{head}\n{listed}",
            candidates=candidates,
            suggestions=[Suggestion(title, title) for title in titles],
            confidence=route.confidence,
        )

    def _featured(self, language: Language) -> list[Suggestion]:
        return [
            Suggestion(
                self._catalogue.get(pid).title(language), self._catalogue.get(pid).title(language)
            )
            for pid in self._profile.featured
        ]

    def _form_view(self, state: dict[str, Any], language: Language) -> FormView | None:
        form_state = state.get("form")
        if not form_state:
            return None
        action = self._actions.get(form_state["action"])
        return self._forms.view(action.form, form_state, language) if action else None

    def _form_suggestions(self, view: FormView, language: Language) -> list[Suggestion]:
        if view.confirming:
            return [
                Suggestion(text("confirm_label", language), text("confirm_value", language)),
                Suggestion(text("cancel_label", language), text("cancel_value", language)),
            ]
        if view.kind == SlotKind.ATTACHMENTS.value:
            return [
                Suggestion(text("files_done_label", language), text("files_done_value", language)),
                Suggestion(text("files_none_label", language), text("files_none_value", language)),
            ]
        return [Suggestion(option["label"], option["label"]) for option in view.options]

    def owner_of(self, citizen: Citizen | None) -> str | None:
        """What `state["owner"]` holds for a conversation this citizen signed in to."""
        return _owner(citizen, self._owner_key)

    # -- attachments -------------------------------------------------------------------------

    def form_awaiting_files(self, conversation_id: str, citizen: Citizen) -> tuple[str, str, Slot]:
        """(form id, owner, slot) of the citizen's form that is asking for files now;
        `UnknownConversation` for a conversation that is not theirs, `NoFilesExpected` when
        no form of it is at an attachments step."""
        owner = _owner(citizen, self._owner_key)
        found = self._conversations.get(self.council_id, conversation_id)
        if found is None or owner is None or found.state.get("owner") != owner:
            raise UnknownConversation(conversation_id)
        form_state = found.state.get("form") or {}
        action = self._actions.get(form_state.get("action"))
        current = form_state.get("current")
        if action is None or current is None:
            raise NoFilesExpected()
        slot = action.form.slot(current)
        if slot.kind is not SlotKind.ATTACHMENTS:
            raise NoFilesExpected()
        return form_state["id"], owner, slot

    def _files_of(
        self, action: Action, form_id: str, values: dict[str, str]
    ) -> tuple[Attachment, ...]:
        if self._attachments is None:
            return ()
        names = [slot.name for slot in action.form.slots if slot.kind is SlotKind.ATTACHMENTS]
        ids = [item for name in names for item in values.get(name, "").split(",") if item]
        return tuple(self._attachments.contents(form_id, ids))

    def _forget_files(self, form_id: str) -> None:
        if self._attachments is not None:
            self._attachments.forget_form(form_id)

    def _asking_personal(self, state: dict[str, Any]) -> bool:
        form_state = state.get("form")
        if not form_state or not form_state.get("current"):
            return False
        action = self._actions.get(form_state["action"])
        return bool(action and action.form.slot(form_state["current"]).personal)

    def _conversation(self, conversation_id: str | None, citizen: Citizen | None) -> Conversation:
        """The conversation to continue, or a new one. A conversation a citizen has signed in to
        belongs to that citizen: anyone else holding its id gets a fresh conversation."""
        owner = _owner(citizen, self._owner_key)
        if conversation_id:
            found = self._conversations.get(self.council_id, conversation_id)
            if found is not None and found.state.get("owner") in (None, owner):
                if owner is not None:
                    found.state["owner"] = owner
                return found
        conversation = Conversation(council_id=self.council_id, language=self._default_language())
        if owner is not None:
            conversation.state["owner"] = owner
        return conversation

    def _default_language(self) -> Language:
        return self._profile.default_language


class NoFilesExpected(AliError):
    status_code = 409
    public_detail = "The conversation is not asking for files now."


def _owner(citizen: Citizen | None, key: bytes) -> str | None:
    """A stable reference to a citizen that cannot be reversed without the deployment's secret
    (an HMAC of the NIF); the NIF itself is never stored with the conversation."""
    if citizen is None:
        return None
    return hmac.new(key, citizen.nif.encode(), hashlib.sha256).hexdigest()[:32]
