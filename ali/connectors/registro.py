"""The general registry: an application or a complaint with its attachments
(`registro.file_application`), answered with a registry entry number and a sealed receipt; and
the status of one's own entries (`registro.application_status`). A filing whose answer was lost
is found again by its idempotency key, with its number and receipt. The citizen's NIF travels
in the body or the `X-Citizen-Nif` header, never in a URL."""

from __future__ import annotations

from typing import Any

import httpx

from ali.actions.action import ActionFailed, ActionRequest, ActionResult, Document
from ali.actions.forms import FormSpec, Option, Slot, SlotKind, same_in_all_languages
from ali.catalogue.schema import Language
from ali.connectors.http import (
    BackOfficeClient,
    citizen_header,
    expect_json,
    found_by_key,
    reads_back_office,
)
from ali.identity.citizen import Citizen

COMPLAINTS_PROCEDURE = "registro.quejas-sugerencias"

APPLICATION_FORM = FormSpec(
    action="registro.file_application",
    title={
        "es": "Solicitud en el registro general",
        "va": "Sol·licitud en el registre general",
        "en": "Application to the general registry",
    },
    slots=(
        Slot(
            name="subject",
            kind=SlotKind.TEXT,
            label={"es": "Asunto", "va": "Assumpte", "en": "Subject"},
            prompt={
                "es": "¿Cuál es el asunto? Escríbelo en una línea (por ejemplo: «Solicitud de "
                "vado en la calle Mayor»).",
                "va": "Quin és l'assumpte? Escriu-lo en una línia (per exemple: «Sol·licitud de "
                "gual al carrer Major»).",
                "en": "What is the subject? Write it in one line (for example: “Request for a "
                "dropped kerb on Calle Mayor”).",
            },
            min_length=3,
            max_length=200,
        ),
        Slot(
            name="text",
            kind=SlotKind.TEXT,
            label={"es": "Exposición", "va": "Exposició", "en": "Statement"},
            prompt={
                "es": "Explica lo que expones y lo que solicitas, con los datos que el "
                "Ayuntamiento necesite para tramitarlo.",
                "va": "Explica el que exposes i el que sol·licites, amb les dades que "
                "l'Ajuntament necessite per a tramitar-ho.",
                "en": "Explain your case and what you are asking for, with the details the "
                "council needs to deal with it.",
            },
            min_length=10,
            max_length=2000,
        ),
        Slot(
            name="attachments",
            kind=SlotKind.ATTACHMENTS,
            required=False,
            label={"es": "Documentos adjuntos", "va": "Documents adjunts", "en": "Attachments"},
            prompt={
                "es": "¿Quieres adjuntar documentos (hasta 5, de 10 MB como máximo cada uno)?",
                "va": "Vols adjuntar documents (fins a 5, de 10 MB com a màxim cadascun)?",
                "en": "Do you want to attach documents (up to 5, at most 10 MB each)?",
            },
            max_files=5,
        ),
    ),
)

STATUS_FORM = FormSpec(
    action="registro.application_status",
    title={
        "es": "Estado de una solicitud",
        "va": "Estat d'una sol·licitud",
        "en": "Status of an application",
    },
    slots=(
        Slot(
            name="entry",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label={"es": "Registro", "va": "Registre", "en": "Registry entry"},
            prompt={
                "es": "¿Qué solicitud quieres consultar?",
                "va": "Quina sol·licitud vols consultar?",
                "en": "Which application do you want to check?",
            },
        ),
    ),
    needs_confirmation=False,
)

_FILED = {
    "es": "Tu solicitud ha quedado registrada con el número {number} ({when}) y se ha enviado a "
    "{department}. Guarda el justificante: su código seguro de verificación es {csv}.",
    "va": "La teua sol·licitud ha quedat registrada amb el número {number} ({when}) i s'ha "
    "enviat a {department}. Guarda el justificant: el seu codi segur de verificació és {csv}.",
    "en": "Your application has been registered with number {number} ({when}) and sent to "
    "{department}. Keep the receipt: its secure verification code is {csv}.",
}
_RECEIPT = {
    "es": "Justificante de registro {number} (PDF)",
    "va": "Justificant de registre {number} (PDF)",
    "en": "Registry receipt {number} (PDF)",
}
_STATUS = {
    "es": "La solicitud {number} («{subject}») está {status}, desde el {when}.",
    "va": "La sol·licitud {number} («{subject}») està {status}, des del {when}.",
    "en": "Application {number} (“{subject}”) is {status}, since {when}.",
}
_STATES: dict[str, dict[Language, str]] = {
    "registered": {"es": "registrada", "va": "registrada", "en": "registered"},
    "in-progress": {"es": "en tramitación", "va": "en tramitació", "en": "being processed"},
    "resolved": {"es": "resuelta", "va": "resolta", "en": "resolved"},
    "rejected": {"es": "denegada", "va": "denegada", "en": "rejected"},
}
_NONE_FILED = {
    "es": "No tienes solicitudes en el registro general con esta identidad.",
    "va": "No tens sol·licituds en el registre general amb aquesta identitat.",
    "en": "You have no applications in the general registry under this identity.",
}


def _day(iso: str) -> str:
    """`2026-11-23T10:15:00Z` → `23/11/2026`."""
    date = iso[:10]
    return f"{date[8:10]}/{date[5:7]}/{date[0:4]}" if len(date) == 10 else iso


class GeneralApplicationAction:
    name = "registro.file_application"
    form = APPLICATION_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        kind = (
            "queja-sugerencia"
            if request.procedure_id == COMPLAINTS_PROCEDURE
            else "instancia-general"
        )
        response = self._client.request(
            "POST",
            "/registro/entries",
            data={
                "nif": request.citizen.nif,
                "kind": kind,
                "subject": request.values["subject"],
                "text": request.values["text"],
                "language": request.language,
                "idempotency_key": request.idempotency_key,
            },
            files=[
                ("attachments", (item.filename, item.content, item.media_type))
                for item in request.attachments
            ],
            idempotency_key=request.idempotency_key,
        )
        if response.status_code == 422:
            raise ActionFailed(_refused(response))
        return _filed(expect_json(response), request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/registro/entries/requests/{request.idempotency_key}"
        entry = found_by_key(self._client.request("GET", path))
        return None if entry is None else _filed(entry, request.language)


def _filed(entry: Any, language: Language) -> ActionResult:
    message = _FILED[language].format(
        number=entry["number"],
        when=_day(entry["registered_at"]),
        department=entry["department"],
        csv=entry["csv"],
    )
    return ActionResult(
        message=message,
        reference=entry["number"],
        documents=[
            Document(_RECEIPT[language].format(number=entry["number"]), entry["receipt_url"])
        ],
    )


def _refused(response: httpx.Response) -> str:
    """The back office's reason for refusing a file or field, when it gave one."""
    try:
        detail = response.json().get("detail")
    except ValueError:
        return ""
    return detail if isinstance(detail, str) else ""


class ApplicationStatusAction:
    """Looks up one of the citizen's own registry entries: no side effect, no confirmation."""

    name = "registro.application_status"
    form = STATUS_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot != "entry" or citizen is None:
            return []
        entries = expect_json(
            self._client.request("GET", "/registro/entries", headers=citizen_header(citizen))
        )
        if not entries:
            raise ActionFailed(_NONE_FILED[language])
        return [
            Option(
                entry["number"],
                same_in_all_languages(f"{entry['number']} — {str(entry['subject'])[:50]}"),
            )
            for entry in entries[:10]
        ]

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        number = request.values["entry"]
        entry = expect_json(
            self._client.request(
                "GET", f"/registro/entries/{number}", headers=citizen_header(request.citizen)
            )
        )
        language = request.language
        state = _STATES.get(entry["status"], _STATES["registered"])[language]
        message = _STATUS[language].format(
            number=entry["number"],
            subject=entry["subject"],
            status=state,
            when=_day(entry.get("updated_at") or entry["registered_at"]),
        )
        notes = [item.get("note") for item in entry.get("history", []) if item.get("note")]
        if notes:
            message += f" {notes[-1]}"
        return ActionResult(message=message, reference=entry["number"])
