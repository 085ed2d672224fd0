"""The way to a person: the council's phone (open now or not, with a callback offered when it
is closed), its appointment page and its offices."""

from __future__ import annotations

from ali.dialogue.reply import Draft, Suggestion
from ali.dialogue.services import DialogueServices
from ali.dialogue.texts import text
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent

CALLBACK = "handoff.callback"


def handoff_reply(services: DialogueServices, turn: Turn) -> Draft:
    """The reply; offering a callback leaves the offer in the state, for the citizen's "yes"."""
    language, profile = turn.language, services.profile
    contact = profile.contact
    alternatives = ""
    if contact.phone_alternatives:
        alternatives = " (" + ", ".join(contact.phone_alternatives) + ")"
    hours = contact.phone_hours.get(language) if contact.phone_hours else ""
    lines = [
        text(
            "handoff", language, phone=contact.phone, alternatives=alternatives, hours=hours
        ).strip()
    ]
    if contact.note:
        lines.append(contact.note.get(language))
    suggestions: list[Suggestion] = []
    if profile.phone_open():
        lines.append(text("handoff_open", language))
    elif services.actions.get(CALLBACK):
        lines.append(text("handoff_closed", language))
        turn.state.offer = CALLBACK
        suggestions.append(
            Suggestion(text("callback_label", language), text("confirm_value", language))
        )
    if contact.appointment_url:
        lines.append(text("handoff_offices", language, url=str(contact.appointment_url)))
    offices = [f"- {o.name}, {o.address}" for o in profile.offices]
    if offices:
        lines.append("\n".join(offices))
    return Draft(Intent.HANDOFF, "\n\n".join(lines), suggestions=suggestions, confidence=1.0)
