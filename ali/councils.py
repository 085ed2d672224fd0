"""The councils this deployment serves: each one's catalogue, and its dialogue engine once warm.

Catalogues load at construction (fast, and a broken one stops the start). Retrieval and intent
indexes load or build in `warm_up()`, which the API runs in the background so `/healthz`
answers at once and `/readyz` turns ready when every council can chat. Once a council is ready,
its actions left unsettled by a previous run (stopped mid-call) are reconciled with the back
office in a thread of their own (`ali.dialogue.reconciliation`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import structlog

from ali.actions.registry import ActionRegistry
from ali.attachments.store import AttachmentStore
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.loader import council_folders, load_catalogue
from ali.catalogue.working_days import WorkingDays
from ali.connectors.addresses import check_connector_urls
from ali.dialogue.engine import DialogueEngine
from ali.dialogue.form_flow import FormFlow
from ali.dialogue.model_writer import ModelSetup
from ali.dialogue.personal_values import PersonalValues, PersonalValueStore
from ali.dialogue.reconciliation import Reconciler
from ali.dialogue.services import DialogueServices
from ali.errors import AliError, CatalogueError, NotReady, UnknownCouncil
from ali.guardrails.check import AnswerCheck
from ali.guardrails.support import support_for
from ali.identity.kiosks import KioskAuthenticator
from ali.identity.providers import identity_provider
from ali.identity.tokens import TokenVerifier
from ali.intents.classifier import ExampleClassifier
from ali.intents.examples import fingerprint, load_examples
from ali.intents.router import IntentRouter
from ali.language import LanguageDetection
from ali.language.registry import install
from ali.llm.client import ModelClient
from ali.llm.config import council_model_settings
from ali.llm.loop import ModelLoop
from ali.llm.prompts import SYSTEM_PROMPTS
from ali.retrieval import build_retriever
from ali.retrieval.embedders import Embedder
from ali.retrieval.restricted import RestrictedPassageSearch
from ali.retrieval.vector_cache import PassageVectorCache
from ali.retrieval.vector_index import Progress, load_or_build_passages
from ali.settings import Settings
from ali.storage.audit import AuditLog
from ali.storage.conversations import ConversationStore
from ali.storage.database import Database
from ali.storage.locks import TurnLocks

log = structlog.get_logger("ali.councils")

ActionsFactory = Callable[[Catalogue], ActionRegistry]


@dataclass(frozen=True)
class CouncilRuntime:
    catalogue: Catalogue
    engine: DialogueEngine
    actions: ActionRegistry | None = None


class Councils:
    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder,
        conversations: ConversationStore,
        audit: AuditLog | None = None,
        actions: ActionsFactory | None = None,
        languages: LanguageDetection | None = None,
        database: Database | None = None,
        model_loop: ModelLoop | None = None,
        personal: PersonalValueStore | None = None,
        locks: TurnLocks | None = None,
    ) -> None:
        """`model_loop` runs the model calls of every council that has a model (one is made
        when the first such council is assembled); `personal` keeps the forms' personal values
        (this process's memory by default)."""
        self._settings = settings
        self._model_loop = model_loop
        self._database = database
        self._attachments = AttachmentStore(database) if database is not None else None
        self._embedder = embedder
        self._conversations = conversations
        self._audit = audit
        self._actions = actions or (lambda catalogue: ActionRegistry())
        self._languages = languages
        self._personal = personal or PersonalValues()
        self._locks = locks  # None: each engine's own, in this process
        self._packs = install(settings.language_pack_dirs)
        self._catalogues = self._load_catalogues()
        self._verifiers = {}
        for council_id, catalogue in self._catalogues.items():
            check_connector_urls(catalogue.profile, settings)
            provider = identity_provider(catalogue.profile, settings)
            if provider is not None:
                self._verifiers[council_id] = TokenVerifier(
                    provider,
                    settings.knowledge_dir / council_id,
                    lifespan=settings.identity.jwks_lifespan_seconds,
                    min_refresh=settings.identity.jwks_min_refresh_seconds,
                )
        self._kiosks = {
            council_id: KioskAuthenticator(
                council_id,
                catalogue.profile.kiosks,
                refused_keys=(
                    settings.identity.refused_kiosk_keys
                    if settings.environment == "production"
                    else ()
                ),
            )
            for council_id, catalogue in self._catalogues.items()
        }
        self._runtimes: dict[str, CouncilRuntime] = {}
        # Shared by every council: vectors of passages already embedded (a base catalogue's),
        # and the intent classifier of each distinct set of examples (most councils: the
        # defaults), so a province of small towns costs one copy of what they share.
        self._vector_cache = PassageVectorCache()
        self._classifiers: dict[str, ExampleClassifier] = {}
        self._lock = threading.Lock()
        self.reconciliations: dict[str, threading.Thread] = {}
        self.failure: str | None = None

    def _load_catalogues(self) -> dict[str, Catalogue]:
        folders = council_folders(self._settings.knowledge_dir)
        wanted = self._settings.councils
        if wanted is not None:
            folders = [folder for folder in folders if folder.name in wanted]
            missing = set(wanted) - {folder.name for folder in folders}
            if missing:
                raise CatalogueError(f"councils not found in knowledge dir: {sorted(missing)}")
        if not folders:
            raise CatalogueError(f"no council folders in {self._settings.knowledge_dir}")
        catalogues = {}
        for folder in folders:
            catalogue = load_catalogue(folder, self._packs)
            catalogues[catalogue.profile.id] = catalogue
        return catalogues

    @property
    def ids(self) -> list[str]:
        """In the order the settings name them (the first is the try-out pages' default),
        else alphabetical."""
        wanted = self._settings.councils
        if wanted:
            return [council for council in wanted if council in self._catalogues]
        return sorted(self._catalogues)

    @property
    def ready(self) -> bool:
        return len(self._runtimes) == len(self._catalogues)

    def _file_names(self, form_id: str) -> list[tuple[str, str]]:
        if self._attachments is None:
            return []
        return [(item.id, item.filename) for item in self._attachments.of_form(form_id)]

    @property
    def attachments(self) -> AttachmentStore:
        if self._attachments is None:
            raise NotReady("this deployment has no database configured")
        return self._attachments

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def database(self) -> Database:
        """The deployment's database (consents, attachments, the dashboard's figures)."""
        if self._database is None:
            raise NotReady("this deployment has no database configured")
        return self._database

    @property
    def conversations(self) -> ConversationStore:
        return self._conversations

    def catalogue(self, council_id: str) -> Catalogue:
        try:
            return self._catalogues[council_id]
        except KeyError:
            raise UnknownCouncil(council_id) from None

    def verifier(self, council_id: str) -> TokenVerifier | None:
        """The council's sign-in token verifier, or None when it has no identity provider."""
        self.catalogue(council_id)
        return self._verifiers.get(council_id)

    def kiosks(self, council_id: str) -> KioskAuthenticator:
        self.catalogue(council_id)
        return self._kiosks[council_id]

    def runtime(self, council_id: str) -> CouncilRuntime:
        catalogue = self.catalogue(council_id)
        runtime = self._runtimes.get(catalogue.profile.id)
        if runtime is None:
            raise NotReady()
        return runtime

    def warm_up(self, progress: Progress | None = None) -> None:
        """Load or build every council's indexes; safe to call more than once."""
        with self._lock:
            try:
                self._embedder.warm_up()
                languages = self._languages or LanguageDetection(self._packs)
                for council_id, catalogue in self._catalogues.items():
                    if council_id not in self._runtimes:
                        runtime = self._assemble(catalogue, languages, progress)
                        self._runtimes[council_id] = runtime
                        log.info("council_ready", council=council_id, procedures=len(catalogue))
                        self._reconcile(council_id, runtime)
            except AliError as exc:
                self.failure = exc.detail
                log.error("warm_up_failed", error=exc.detail)
                raise

    def _reconcile(self, council_id: str, runtime: CouncilRuntime) -> None:
        """Reconcile the council's actions a previous run left unsettled, in the background."""
        if self._audit is None or runtime.actions is None:
            return
        reconciler = Reconciler(
            self._audit,
            runtime.actions,
            council_id,
            runtime.catalogue.profile.default_language,
        )
        self.reconciliations[council_id] = reconciler.start()

    def _model(self, catalogue: Catalogue, passages: RestrictedPassageSearch) -> ModelSetup | None:
        """The council's language model (the deployment's, or its profile's own), or None;
        `passages` (the follow-ups' search, sharing its cache) chooses what the model reads."""
        profile = catalogue.profile
        config = council_model_settings(self._settings.llm, profile.id, profile.llm)
        if config.provider == "none":
            return None
        client = ModelClient(config, profile.id)
        if self._model_loop is None:
            self._model_loop = ModelLoop()
        support = support_for(self._embedder.name, self._embedder.embed_passages)
        if support is None:
            log.warning("council_model_sentence_check_off", embedder=self._embedder.name)
        forbidden = profile.llm.forbidden_terms if profile.llm is not None else []
        log.info("council_model", council=profile.id, provider=config.provider, model=config.model)
        check = AnswerCheck(support, forbidden, protected=list(SYSTEM_PROMPTS.values()))
        return ModelSetup(client, self._model_loop, check, passages)

    def _classifier(self, council_id: str, progress: Progress | None) -> ExampleClassifier:
        """The intent classifier of the council's examples, shared with every council that has
        the same ones (an index `intents-default` for those without an `intents.yaml`)."""
        folder = self._settings.knowledge_dir / council_id
        examples = load_examples(folder)
        material = fingerprint(examples)
        shared = self._classifiers.get(material)
        if shared is not None:
            return shared
        own = (folder / "intents.yaml").exists()
        index, _ = load_or_build_passages(
            examples,
            self._embedder,
            self._settings.index_dir,
            prefix=f"intents-{council_id}" if own else "intents-default",
            material=material,
            progress=progress,
            cache=self._vector_cache,
        )
        classifier = ExampleClassifier(index)
        self._classifiers[material] = classifier
        return classifier

    def _assemble(
        self, catalogue: Catalogue, languages: LanguageDetection, progress: Progress | None
    ) -> CouncilRuntime:
        settings = self._settings
        retriever = build_retriever(
            catalogue,
            self._embedder,
            settings.retrieval,
            settings.index_dir,
            progress,
            cache=self._vector_cache,
        )
        classifier = self._classifier(catalogue.profile.id, progress)
        actions = self._actions(catalogue)
        passages = RestrictedPassageSearch(self._embedder)
        services = DialogueServices(
            catalogue=catalogue,
            retriever=retriever,
            classifier=classifier,
            router=IntentRouter(
                catalogue,
                settings.intents,
                (settings.retrieval.min_bm25_score, settings.retrieval.min_fuzzy_score),
                dense_floor=retriever.thresholds.dense,
            ),
            languages=languages,
            conversations=self._conversations,
            actions=actions,
            audit=self._audit,
            forms=FormFlow(
                self._personal, self._file_names, WorkingDays(catalogue.profile.calendar)
            ),
            passages=passages,
            owner_key=settings.secret_key.get_secret_value().encode(),
            max_candidates=settings.retrieval.candidates,
            attachments=self._attachments,
            model=self._model(catalogue, passages),
        )
        engine = DialogueEngine(services, locks=self._locks)
        return CouncilRuntime(catalogue=catalogue, engine=engine, actions=actions)
