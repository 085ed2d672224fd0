"""Personal slot values (a phone, an IBAN) between the citizen's answer and the action.

They are never written to the database: the persisted form state holds the `PERSONAL` marker
in their place, and the values wait in a `PersonalValueStore` for an hour at most. One process
keeps them in its memory (`PersonalValues`); the workers of a deployment with Redis share them
there, sealed (`ali.storage.shared_personal_values`), so a turn may reach any worker.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol

PERSONAL = "__personal__"
TTL = dt.timedelta(hours=1)


class PersonalValueStore(Protocol):
    """Where a form's personal values wait, by form id and slot name, for a short while."""

    def put(self, form_id: str, slot: str, value: str) -> None: ...

    def get(self, form_id: str, slot: str) -> str | None: ...

    def forget(self, form_id: str) -> None: ...


class PersonalValues:
    """Personal slot values in this process's memory only, with a TTL."""

    def __init__(self, ttl: dt.timedelta = TTL) -> None:
        self._ttl = ttl
        self._items: dict[tuple[str, str], tuple[str, dt.datetime]] = {}
        self._lock = threading.Lock()

    def put(self, form_id: str, slot: str, value: str) -> None:
        with self._lock:
            self._items[(form_id, slot)] = (value, dt.datetime.now(dt.UTC))

    def get(self, form_id: str, slot: str) -> str | None:
        with self._lock:
            found = self._items.get((form_id, slot))
            if found is None or dt.datetime.now(dt.UTC) - found[1] > self._ttl:
                return None
            return found[0]

    def forget(self, form_id: str) -> None:
        with self._lock:
            for key in [key for key in self._items if key[0] == form_id]:
                del self._items[key]
