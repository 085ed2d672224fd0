"""`handoff.callback`: a citizen who wants a person outside office hours leaves a callback
request. It is stored in ALI's own database for the council's staff: no external system."""

from __future__ import annotations

from ali.actions.action import ActionRequest, ActionResult
from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.safety.redaction import redact
from ali.storage.tickets import TicketRepository

CALLBACK_FORM = FormSpec(
    action="handoff.callback",
    title={
        "es": "Solicitud de llamada del Ayuntamiento",
        "va": "Sol·licitud de telefonada de l'Ajuntament",
        "en": "Callback request from the council",
    },
    slots=(
        Slot(
            name="topic",
            kind=SlotKind.TEXT,
            label={"es": "Motivo", "va": "Motiu", "en": "Topic"},
            prompt={
                "es": "¿Sobre qué quieres que te llamen? Explícalo en una frase.",
                "va": "Sobre què vols que et telefonen? Explica-ho en una frase.",
                "en": "What should they call you about? One sentence is enough.",
            },
            min_length=3,
            max_length=300,
        ),
        Slot(
            name="preferred_time",
            kind=SlotKind.CHOICE,
            label={"es": "Franja", "va": "Franja", "en": "Time of day"},
            prompt={
                "es": "¿Cuándo prefieres que te llamen? 1) Por la mañana 2) Por la tarde",
                "va": "Quan prefereixes que et telefonen? 1) Pel matí 2) Per la vesprada",
                "en": "When should they call? 1) In the morning 2) In the afternoon",
            },
            options=(
                Option(
                    "morning",
                    {"es": "Por la mañana", "va": "Pel matí", "en": "In the morning"},
                    ("mañana", "manana", "mati", "morning", "am"),
                ),
                Option(
                    "afternoon",
                    {"es": "Por la tarde", "va": "Per la vesprada", "en": "In the afternoon"},
                    ("tarde", "vesprada", "afternoon", "pm", "evening"),
                ),
            ),
        ),
        Slot(
            name="phone",
            kind=SlotKind.PHONE,
            label={"es": "Teléfono", "va": "Telèfon", "en": "Phone"},
            prompt={
                "es": "¿A qué teléfono te llamamos? Solo se usará para esta llamada.",
                "va": "A quin telèfon et telefonem? Només s'usarà per a aquesta telefonada.",
                "en": "Which phone number should they call? It is used only for this call.",
            },
            personal=True,
        ),
    ),
)

_DONE = {
    "es": "Hecho: el Ayuntamiento te llamará {time}. Referencia de tu solicitud: {reference}.",
    "va": "Fet: l'Ajuntament et telefonarà {time}. Referència de la sol·licitud: {reference}.",
    "en": "Done: the council will call you {time}. Your request's reference: {reference}.",
}


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
