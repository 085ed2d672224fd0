"""Every fixed text the assistant writes in an answer. Each key names an English source string
marked for the gettext catalogues (see ali.i18n). Catalogue facts are never here."""

from __future__ import annotations

from ali.i18n import N_, Message

_MESSAGES: dict[str, Message] = {
    "cost": N_("Cost"),
    "documents": N_("What you need"),
    "channels": N_("How to do it"),
    "deadline": N_("Deadlines"),
    "duration": N_("Processing time"),
    "who": N_("Who can do it"),
    "notes": N_("Good to know"),
    "source": N_("Source"),
    "where": N_("Where"),
    "hours": N_("Opening hours"),
    "also": N_("Other ways"),
    "unknown": N_("check {url} or call {phone}."),
    "past_year": N_("in {year} it was {fact}"),
    "past_year_check": N_("For this year's figure, see the official page below or call {phone}."),
    "free": N_("It is free of charge."),
    "online": N_("Online"),
    "online_sede": N_("Online, at the council's sede electrónica"),
    "in_person": N_("In person"),
    "kiosk": N_("At the council's street kiosks"),
    "phone": N_("By phone"),
    "whatsapp": N_("By WhatsApp"),
    "email": N_("By e-mail"),
    "post": N_("By post"),
    "with": N_("with"),
    "or": N_("or"),
    "appointment_required": N_("by appointment"),
    "appointment_not_required": N_("no appointment needed"),
    "id_clave": N_("Cl@ve"),
    "id_certificado_digital": N_("a digital certificate"),
    "id_dnie": N_("electronic ID card (DNIe)"),
    "id_verification_code": N_("the document's CSV code"),
    "id_none": N_("without electronic ID"),
    "referral": N_("The council does not handle this: it is a matter for {administration}."),
    "referral_web": N_("More: {url}"),
    "out_of_scope": N_(
        "I don't have information about that. I can help with council procedures: the census "
        "register, taxes, fines, appointments, permits, street problems and more. You can "
        "also call {phone}."
    ),
    "see_also": N_("You may be looking for"),
    "privacy_hint": N_(
        "Please don't type your ID number, bank account or other personal data in the chat."
    ),
    "suggest_cost": N_("How much is it?"),
    "suggest_documents": N_("What documents do I need?"),
    "suggest_where": N_("Where is it done?"),
    "suggest_how": N_("How do I do it?"),
    "suggest_deadline": N_("What is the deadline?"),
    "suggest_duration": N_("How long does it take?"),
    "suggest_who": N_("Who can do it?"),
}


def message(key: str, language: str, **values: str) -> str:
    """The text `key` in `language`, with `{placeholders}` filled."""
    template = _MESSAGES[key][language]
    return template.format(**values) if values else template
