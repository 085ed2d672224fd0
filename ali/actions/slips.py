"""A slip: what a kiosk prints when an action booked something (an appointment), so the citizen
leaves with the place, the day, the reference, what to bring and how to cancel.

Its texts are already in the citizen's language; it never holds personal data (no DNI/NIE, no
phone, no name): whoever finds a lost slip learns nothing about its owner."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AppointmentSlip:
    reference: str
    service: str
    office: str
    address: str
    day: str  # in words: "miércoles 9 de diciembre"
    time: str  # "10:30", the council's local time
    starts_at: str  # ISO 8601 with the council's offset, for machines
    bring: list[str] = field(default_factory=list)
    cancel: str | None = None  # how to cancel it; None when the council offers no way here
