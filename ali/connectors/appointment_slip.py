"""The slip a kiosk prints for an appointment booked there: the office and its address, the day
in words and the time, the reference, what to bring and how to cancel, in the citizen's
language. Nothing personal: not the DNI/NIE, not the phone, not the name."""

from __future__ import annotations

from dataclasses import dataclass

from ali.actions.slips import AppointmentSlip
from ali.catalogue.schema import Language
from ali.connectors.contracts.appointments import Booking
from ali.i18n import N_
from ali.i18n.dates import date_in_words

# What to bring, as the catalogue's appointment procedure asks (citas.cita-previa requirements).
_BRING = (N_("Your identity document."), N_("This slip."))
_CANCEL = N_('To cancel it, ask {assistant} at a kiosk: "cancel my appointment".')


@dataclass(frozen=True)
class SlipWriter:
    """Writes a booking's slip. `assistant` is the council's assistant's name; `cancellable`
    says whether the assistant can cancel appointments (else the slip says nothing on it)."""

    assistant: str
    cancellable: bool

    def slip(self, booking: Booking, language: Language) -> AppointmentSlip:
        cancel = _CANCEL[language].format(assistant=self.assistant) if self.cancellable else None
        return AppointmentSlip(
            reference=booking.reference,
            service=booking.service.name.in_language(language),
            office=booking.office.name,
            address=booking.office.address,
            day=date_in_words(booking.starts_at.date(), language),
            time=booking.starts_at.strftime("%H:%M"),
            starts_at=booking.starts_at.isoformat(),
            bring=[text[language] for text in _BRING],
            cancel=cancel,
        )
