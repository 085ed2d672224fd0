"""The collaborators a council's chat turns use, gathered once (by the composition root) and
shared by the engine and its steps."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import cached_property

from ali.actions.action import ActionFailed
from ali.actions.registry import ActionRegistry
from ali.answers.composer import AnswerComposer
from ali.answers.followup import FollowupAnswers
from ali.attachments.store import AttachmentStore
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.profile import CouncilProfile
from ali.dialogue.execution import failure_message
from ali.dialogue.form_flow import FormFlow
from ali.dialogue.model_writer import ModelSetup, ModelWriter
from ali.identity.citizen import Citizen
from ali.intents.classifier import ExampleClassifier
from ali.intents.router import IntentRouter
from ali.language import Language, LanguageDetection
from ali.retrieval.hybrid import HybridRetriever
from ali.retrieval.restricted import RestrictedPassageSearch
from ali.storage.audit import AuditLog
from ali.storage.conversations import ConversationStore


@dataclass(frozen=True)
class DialogueServices:
    """A council's catalogue, search, intent router, stores and actions. `audit` is needed by
    actions with side effects; `owner_key` (the deployment's secret) pseudonymises the
    citizens conversations belong to; `max_candidates` caps the procedures one reply lists."""

    catalogue: Catalogue
    retriever: HybridRetriever
    classifier: ExampleClassifier
    router: IntentRouter
    languages: LanguageDetection
    conversations: ConversationStore
    actions: ActionRegistry
    forms: FormFlow
    passages: RestrictedPassageSearch  # follow-ups: search within the procedure discussed
    audit: AuditLog | None = None
    attachments: AttachmentStore | None = None
    owner_key: bytes = b""
    max_candidates: int = 3
    model: ModelSetup | None = None  # the council's language model, if it has one

    @cached_property
    def writer(self) -> ModelWriter | None:
        """What the model does in a turn (rephrase, answer), when the council has one."""
        return ModelWriter(self.catalogue, self.model) if self.model is not None else None

    @property
    def profile(self) -> CouncilProfile:
        return self.catalogue.profile

    @property
    def council_id(self) -> str:
        return self.catalogue.profile.id

    @cached_property
    def composer(self) -> AnswerComposer:
        return AnswerComposer(self.catalogue)

    @cached_property
    def followups(self) -> FollowupAnswers:
        return FollowupAnswers(self.catalogue, self.composer)

    def owner_of(self, citizen: Citizen | None) -> str | None:
        """A stable reference to a citizen that cannot be reversed without the deployment's
        secret (an HMAC of the NIF); the NIF itself is never stored with the conversation."""
        if citizen is None:
            return None
        return hmac.new(self.owner_key, citizen.nif.encode(), hashlib.sha256).hexdigest()[:32]

    def failure(self, exc: ActionFailed | None, language: Language) -> str:
        """What the citizen reads when a back office (or a step of the turn) failed."""
        return failure_message(exc, language, self.profile.contact.phone)
