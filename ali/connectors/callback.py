"""`handoff.callback`: a citizen who wants a person outside office hours leaves a callback
request. It is stored in ALI's own database for the council's staff: no external system."""

from __future__ import annotations

from ali.actions.action import ActionRequest, ActionResult
from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.i18n import N_
from ali.safety.redaction import redact
from ali.storage.tickets import TicketRepository

CALLBACK_FORM = FormSpec(
    action="handoff.callback",
    title=N_("Callback request from the council"),
    slots=(
        Slot(
            name="topic",
            kind=SlotKind.TEXT,
            label=N_("Topic"),
            prompt=N_("What should they call you about? One sentence is enough."),
            min_length=3,
            max_length=300,
        ),
        Slot(
            name="preferred_time",
            kind=SlotKind.CHOICE,
            label=N_("Time of day"),
            prompt=N_("When should they call? 1) In the morning 2) In the afternoon"),
            options=(
                Option(
                    "morning",
                    N_("In the morning"),
                    ("mañana", "manana", "mati", "morning", "am"),
                ),
                Option(
                    "afternoon",
                    N_("In the afternoon"),
                    ("tarde", "vesprada", "afternoon", "pm", "evening"),
                ),
            ),
        ),
        Slot(
            name="phone",
            kind=SlotKind.PHONE,
            label=N_("Phone"),
            prompt=N_("Which phone number should they call? It is used only for this call."),
            personal=True,
        ),
    ),
)

_DONE = N_("Done: the council will call you {time}. Your request's reference: {reference}.")


class CallbackAction:
    """Stores a callback ticket; no identity needed (it is a contact request, like a web form)."""

    name = "handoff.callback"
    form = CALLBACK_FORM
    requires_identity = False

    def __init__(self, tickets: TicketRepository) -> None:
        self._tickets = tickets

    def execute(self, request: ActionRequest) -> ActionResult:
        ticket = self._tickets.create(
            council_id=request.council_id,
            conversation_id=request.conversation_id,
            kind="callback",
            topic=redact(request.values["topic"]),
            preferred_time=request.values["preferred_time"],
            contact=request.values["phone"],
        )
        option = CALLBACK_FORM.slot("preferred_time").option(request.values["preferred_time"])
        time = option.label[request.language].lower() if option else ""
        message = _DONE[request.language].format(time=time, reference=ticket.reference)
        return ActionResult(message=message, reference=ticket.reference)
