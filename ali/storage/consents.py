"""Acceptances of a council's privacy notice. No personal data: which notice, channel, when."""

from __future__ import annotations

from ali.storage.database import Database
from ali.storage.models import ConsentRow


class ConsentLog:
    def __init__(self, database: Database) -> None:
        self._db = database

    def record(self, council_id: str, channel: str, notice_version: str, language: str) -> int:
        with self._db.session() as session:
            row = ConsentRow(
                council_id=council_id,
                channel=channel,
                notice_version=notice_version,
                language=language,
            )
            session.add(row)
            session.flush()
            return row.id
