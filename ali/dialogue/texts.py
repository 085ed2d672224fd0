"""Fixed texts of the conversation itself (greetings, forms, confirmations, handoff). Each key
names an English source string marked for the gettext catalogues (see ali.i18n); translations
live in ali/locale/. Catalogue facts never live here."""

from __future__ import annotations

from ali.i18n import N_, NN_, Message, Plural

_TEXTS: dict[str, Message] = {
    "greeting": N_("Hello! I'm {assistant}. Which council procedure can I help you with?"),
    "goodbye": N_("Goodbye! I'm here if you need anything else."),
    "thanks": N_("You're welcome! Anything else I can help with?"),
    "help": N_(
        "I can tell you about the council's procedures (census register, taxes and bills, "
        "fines, appointments, permits, street problems, social services...): what documents "
        "you need, what it costs and where to do it. Some procedures I can do with you right "
        "here. Try, for example:"
    ),
    "clarify": N_("Which of these are you looking for? Reply with the number or the name:"),
    "clarify_vague": N_("Could you tell me a bit more? These are the most requested procedures:"),
    "clarify_two": N_("You're asking for two things. Which one shall we start with?"),
    "handoff": N_("To talk to someone at the council call **{phone}**{alternatives}. {hours}"),
    "handoff_open": N_("The line is open right now."),
    "handoff_closed": N_(
        'The line is closed now. Would you like a callback? Reply "yes" and I\'ll take the details.'
    ),
    "handoff_offices": N_("You can also book an appointment at {url} to visit an office."),
    "status_check": N_("To check the status of your request:"),
    "date_noted": N_("Noted: {date}."),
    "form_summary": N_("Please check the details of **{title}**:"),
    "form_confirm": N_('Shall I go ahead? Reply "yes" to confirm or "no" to cancel.'),
    "form_not_confirmed": N_(
        'Nothing has been done yet. Reply "yes" to confirm, "no" to cancel or "back" to '
        "change a detail."
    ),
    "form_cancelled": N_("OK, cancelled: nothing has been done."),
    "form_resume": N_("Back to **{title}**:"),
    "sign_in_needed": N_(
        "To do this you need to sign in (Cl@ve, digital certificate or DNIe). Once you have "
        "signed in, ask me again."
    ),
    "not_connected": N_("I can't do this one from here yet, but here is how to do it:"),
    "action_in_progress": N_("This request is already being processed; I won't send it twice."),
    "action_already_done": N_(
        "This request was already done (I won't repeat it). Reference: {reference}."
    ),
    "action_failed": N_(
        "I couldn't complete it: {reason} Nothing has been done. You can try later, call "
        "{phone} or book an appointment."
    ),
    "blocked": N_(
        "I can't help with that. If you need a council procedure, tell me what you want to do."
    ),
    "privacy": N_(
        "For your safety, please don't type your ID number, bank account, phone or e-mail in "
        "the chat: I don't need them to help you and I don't keep them."
    ),
    "invalid_choice": N_("I didn't understand that option."),
    "ambiguous_choice": N_("Do you mean {options}?"),
    "invalid_date": N_('I didn\'t understand the date (try "next Tuesday" or "15/12").'),
    "weekend_date": N_("That date falls on a weekend, when there is no service."),
    "weekend_date_next": N_(
        "{date} falls on a weekend, when there is no service. The next working day is {next}: "
        'reply "yes" to choose it, or tell me another day.'
    ),
    "holiday_date": N_(
        "{date} is a public holiday ({holiday}), when there is no service. The next working day "
        'is {next}: reply "yes" to choose it, or tell me another day.'
    ),
    "holiday_date_no_next": N_(
        "{date} is a public holiday ({holiday}), when there is no service. Tell me another day."
    ),
    "date_too_far": N_("That date is too far ahead."),
    "invalid_number": N_("I need a number."),
    "number_out_of_range": N_("That number isn't valid here."),
    "invalid_phone": N_("That phone number doesn't look valid (9 digits, e.g. 612345678)."),
    "invalid_iban": N_(
        "That is not a valid Spanish IBAN (it starts with ES and has 24 characters)."
    ),
    "invalid_location": N_(
        "I can't read those coordinates. Give the address, or latitude and longitude with a "
        "decimal point (for example: 38.3452, -0.4810)."
    ),
    "text_too_short": N_("I need a little more text."),
    "text_too_long": N_("That text is too long."),
    "no_options": N_("There are no options available for that."),
    "no_options_on": N_("There are no options available for {date}."),
    "confirm_label": N_("Confirm"),
    "cancel_label": N_("Cancel"),
    "confirm_value": N_("yes"),
    "cancel_value": N_("cancel"),
    "callback_label": N_("Yes, call me back"),
    "do_it_label": N_("Do it now"),
    "person_label": N_("Talk to a person"),
    "files_expected": N_(
        "Attach the files with the attach button ({types}) and, when you have finished, type "
        "“done”. If you have nothing to attach, type “none”."
    ),
    "files_missing": N_("You have not attached any file yet."),
    "files_none": N_("none"),
    "files_done_label": N_("I have attached them"),
    "files_done_value": N_("done"),
    "files_none_label": N_("No attachments"),
    "files_none_value": N_("none"),
}

# Texts with a count: the form (singular or plural) follows the language's plural rule.
_COUNTED: dict[str, Plural] = {
    "form_start": NN_(
        'Let\'s do **{title}**. I\'ll ask for {count} detail; type "cancel" to stop or "back" '
        "to correct the previous one.",
        'Let\'s do **{title}**. I\'ll ask for {count} details; type "cancel" to stop or "back" '
        "to correct the previous one.",
    ),
}


def text(key: str, language: str, **values: str) -> str:
    template = _TEXTS[key][language]
    return template.format(**values) if values else template


def counted_text(key: str, language: str, count: int, **values: str) -> str:
    """A text with a count (`{count}`), in the form the count takes in `language`."""
    return _COUNTED[key].format(language, count, **values)
