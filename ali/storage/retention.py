"""GDPR retention: transcripts, feedback and callback tickets older than the configured number
of days are deleted. Runs at every start and from `ali purge` (schedule it daily)."""

from __future__ import annotations

import datetime as dt

import structlog

from ali.settings import Settings
from ali.storage.conversations import ConversationStore
from ali.storage.tickets import TicketRepository

log = structlog.get_logger("ali.retention")


def purge_expired(
    settings: Settings, conversations: ConversationStore, tickets: TicketRepository | None
) -> tuple[int, int]:
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.conversations.retention_days)
    removed_conversations = conversations.purge(cutoff)
    removed_tickets = tickets.purge(cutoff) if tickets else 0
    log.info(
        "retention_purge",
        cutoff=cutoff.isoformat(),
        conversations=removed_conversations,
        tickets=removed_tickets,
    )
    return removed_conversations, removed_tickets
