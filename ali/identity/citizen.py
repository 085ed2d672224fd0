"""The citizen ALI acts for, once signed in (the council's identity provider vouches for them,
by token or at a kiosk)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citizen:
    """An authenticated citizen (identity comes from the council's identity provider)."""

    nif: str
    name: str | None = None
    # The kiosk they signed in at, by its id; None for a sign-in on the web.
    kiosk: str | None = None
