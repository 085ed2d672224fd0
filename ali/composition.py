"""The composition root: every service of a deployment, built once from its `Settings`.

`ali serve` (through `ali.api.app.create_app`), `ali chat`, `ali index`, `ali eval --suite
dialogues` and `ali purge` all start here, so the API and the command line run the same
database, stores, connectors and councils. Nothing below this module builds its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ali import i18n
from ali.actions.registry import ActionRegistry
from ali.attachments.store import AttachmentStore
from ali.catalogue.catalogue import Catalogue
from ali.connectors.back_offices import BackOffices
from ali.connectors.registry import build_actions
from ali.councils import Councils
from ali.dialogue.personal_values import PersonalValues, PersonalValueStore
from ali.language.registry import install
from ali.retrieval.embedders import build_embedder
from ali.retrieval.query_batcher import with_query_batching
from ali.retrieval.query_cache import with_query_cache
from ali.settings import Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.locks import TurnLocks
from ali.storage.redis_client import redis_client
from ali.storage.retention import purge_expired
from ali.storage.shared_locks import RedisConversationLocks
from ali.storage.shared_personal_values import RedisPersonalValues
from ali.storage.sql_conversations import SqlConversationStore
from ali.storage.state_cipher import StateCipher
from ali.storage.tickets import TicketRepository


@dataclass(frozen=True)
class Stores:
    """What the deployment keeps in its database."""

    database: Database
    conversations: SqlConversationStore
    tickets: TicketRepository
    attachments: AttachmentStore
    audit: AuditLog

    def purge(self, settings: Settings) -> tuple[int, int]:
        """The retention pass (GDPR): removed conversations and callback tickets."""
        return purge_expired(settings, self.conversations, self.tickets, self.attachments)


def open_database(settings: Settings) -> Database:
    """The deployment's database, migrated to the current schema."""
    database = Database(
        settings.database_url,
        echo=settings.database.echo,
        pool_size=settings.database.pool_size,
        max_overflow=settings.database.max_overflow,
    )
    database.migrate()
    return database


def build_stores(settings: Settings, database: Database | None = None) -> Stores:
    database = database or open_database(settings)
    secret = settings.secret_key.get_secret_value()
    idle = dt.timedelta(minutes=settings.conversations.idle_minutes)
    grace = dt.timedelta(seconds=settings.connectors.reconcile_after_seconds)
    return Stores(
        database=database,
        conversations=SqlConversationStore(database, idle, secret=secret),
        tickets=TicketRepository(database, secret=secret),
        attachments=AttachmentStore(database),
        audit=AuditLog(database, grace=grace),
    )


def build_personal_values(settings: Settings) -> PersonalValueStore:
    """Where forms' personal values wait: Redis, sealed, when the deployment has one (every
    worker sees them), else this process's memory."""
    if settings.redis_url is None:
        return PersonalValues()
    return RedisPersonalValues(
        redis_client(settings.redis_url.get_secret_value()),
        StateCipher(settings.secret_key.get_secret_value()),
        prefix=settings.redis_key_prefix,
    )


def build_turn_locks(settings: Settings) -> TurnLocks | None:
    """One turn at a time per conversation across the deployment's workers: in Redis when it
    has one, else (None) each engine's lock in this process."""
    if settings.redis_url is None:
        return None
    client = redis_client(settings.redis_url.get_secret_value())
    return RedisConversationLocks(client, prefix=settings.redis_key_prefix)


def build_councils(settings: Settings, database: Database | None = None) -> Councils:
    """Everything a deployment needs: texts, database (migrated and purged), stores, the
    connectors of each council's profile, and the councils themselves (not yet warm)."""
    packs = install(settings.language_pack_dirs)
    i18n.configure(
        settings.locale_dirs,
        fallback_language=settings.fallback_language,
        locales={pack.code: pack.gettext_locale for pack in packs},  # va: ca@valencia
    )
    stores = build_stores(settings, database)
    stores.purge(settings)
    back_offices = BackOffices(settings.connectors)  # shared by every council's connectors

    def actions(catalogue: Catalogue) -> ActionRegistry:
        return build_actions(catalogue, settings, stores.tickets, back_offices)

    return Councils(
        settings,
        embedder=with_query_cache(
            with_query_batching(build_embedder(settings.embedder), settings.embedder.query_batch),
            settings.embedder.query_cache,
        ),
        conversations=stores.conversations,
        audit=stores.audit,
        actions=actions,
        database=stores.database,
        personal=build_personal_values(settings),
        locks=build_turn_locks(settings),
    )
