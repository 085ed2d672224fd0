"""Personal slot values (a phone, an e-mail) between the citizen's answer and the action.

They are held in this process's memory only, for an hour at most, and never written to the
database: the persisted form state holds the `PERSONAL` marker in their place.
"""

from __future__ import annotations

import datetime as dt
import threading

PERSONAL = "__personal__"


class PersonalValues:
    """Personal slot values between their answer and the action (memory only, with a TTL)."""

    def __init__(self, ttl: dt.timedelta = dt.timedelta(hours=1)) -> None:
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
