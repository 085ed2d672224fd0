"""GDPR retention: transcripts, feedback and callback tickets older than the configured number
of days are deleted; expired conversations lose their state (a form's answers) and attachments
of forms abandoned with them; states and callback phones still stored in clear are sealed.
Runs at every start and from `ali purge` (schedule it daily)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import structlog

from ali.settings import Settings
from ali.storage.conversations import ConversationStore
from ali.storage.tickets import TicketRepository

log = structlog.get_logger("ali.retention")


class Purgeable(Protocol):
    """Rows kept for a while and then deleted (`ali.attachments.AttachmentStore`)."""

    def purge(self, older_than: dt.datetime) -> int: ...


def purge_expired(
    settings: Settings,
    conversations: ConversationStore,
    tickets: TicketRepository | None,
    attachments: Purgeable | None = None,
) -> tuple[int, int]:
    now = dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=settings.conversations.retention_days)
    removed_conversations = conversations.purge(cutoff)
    removed_tickets = tickets.purge(cutoff) if tickets else 0
    # A form cannot go on once its conversation has expired: its answers and attachments go.
    abandoned = now - dt.timedelta(minutes=settings.conversations.idle_minutes)
    forgotten = conversations.forget_states(abandoned)
    sealed = conversations.seal_plain_states()
    sealed_contacts = tickets.seal_plain_contacts() if tickets else 0
    removed_attachments = attachments.purge(abandoned) if attachments else 0
    log.info(
        "retention_purge",
        cutoff=cutoff.isoformat(),
        conversations=removed_conversations,
        tickets=removed_tickets,
        attachments=removed_attachments,
        states_forgotten=forgotten,
        states_sealed=sealed,
        contacts_sealed=sealed_contacts,
    )
    return removed_conversations, removed_tickets
