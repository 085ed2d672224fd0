"""Incident reports through Open311 GeoReport v2 (`incidencias.report`), and their status
(`incidencias.status`): the standard API many councils' maintenance systems speak. A report
whose answer was lost is found again through GeoReport's token lookup, with the idempotency key
as its token; the citizen's NIF (`account_id`) travels in bodies and the `X-Account-Id` header,
never in a URL."""

from __future__ import annotations

from typing import Any

from ali.actions.action import ActionRequest, ActionResult
from ali.actions.forms import FormSpec, Option, Slot, SlotKind, coordinates, same_in_all_languages
from ali.catalogue.schema import Language
from ali.connectors.http import (
    BackOfficeClient,
    BackOfficeUnavailable,
    expect_json,
    reads_back_office,
)
from ali.identity.citizen import Citizen

PREFIX = "/open311/v2"

REPORT_FORM = FormSpec(
    action="incidencias.report",
    title={"es": "Aviso de incidencia", "va": "Avís d'incidència", "en": "Street problem report"},
    slots=(
        Slot(
            name="service",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label={"es": "Tipo", "va": "Tipus", "en": "Type"},
            prompt={
                "es": "¿Qué tipo de problema es?",
                "va": "Quin tipus de problema és?",
                "en": "What kind of problem is it?",
            },
        ),
        # Filled from the service's definition (Open311 attributes) when it has a list to
        # choose from (the kind of bulky item to collect...); skipped for other services.
        Slot(
            name="detail",
            kind=SlotKind.CHOICE,
            dynamic=True,
            required=False,
            label={"es": "Detalle", "va": "Detall", "en": "Detail"},
            prompt={
                "es": "Concreta un poco más:",
                "va": "Concreta una mica més:",
                "en": "Tell me a little more:",
            },
        ),
        Slot(
            name="address",
            kind=SlotKind.LOCATION,
            label={"es": "Lugar", "va": "Lloc", "en": "Place"},
            prompt={
                "es": "¿Dónde está? Escribe la calle y el número o un punto de referencia, o "
                "comparte tu ubicación.",
                "va": "On és? Escriu el carrer i el número o un punt de referència, o comparteix "
                "la teua ubicació.",
                "en": "Where is it? Give the street and number or a landmark, or share your "
                "location.",
            },
            min_length=5,
            max_length=200,
        ),
        Slot(
            name="description",
            kind=SlotKind.TEXT,
            label={"es": "Descripción", "va": "Descripció", "en": "Description"},
            prompt={
                "es": "Descríbelo brevemente.",
                "va": "Descriu-ho breument.",
                "en": "Describe it briefly.",
            },
            min_length=5,
            max_length=1000,
        ),
        Slot(
            name="photo",
            kind=SlotKind.ATTACHMENTS,
            required=False,
            max_files=1,
            media_types=("image/jpeg", "image/png"),
            label={"es": "Foto", "va": "Foto", "en": "Photo"},
            prompt={
                "es": "¿Quieres añadir una foto del problema (una, de 10 MB como máximo)?",
                "va": "Vols afegir una foto del problema (una, de 10 MB com a màxim)?",
                "en": "Would you like to add a photo of the problem (one, at most 10 MB)?",
            },
        ),
    ),
)

STATUS_FORM = FormSpec(
    action="incidencias.status",
    title={"es": "Estado de un aviso", "va": "Estat d'un avís", "en": "Status of a report"},
    needs_confirmation=False,
    slots=(
        Slot(
            name="report",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label={"es": "Aviso", "va": "Avís", "en": "Report"},
            prompt={
                "es": "¿De qué aviso quieres saber el estado?",
                "va": "De quin avís vols saber l'estat?",
                "en": "Which report do you want to check?",
            },
        ),
    ),
)

_FILED = {
    "es": "Aviso registrado con el número {id}. {notice}Puedes preguntarme por su estado "
    "cuando quieras.",
    "va": "Avís registrat amb el número {id}. {notice}Em pots preguntar pel seu estat quan "
    "vulgues.",
    "en": "Report filed with number {id}. {notice}You can ask me about its status any time.",
}
_STATUS = {
    "es": "Tu aviso {id} ({service}) está {status}.",
    "va": "El teu avís {id} ({service}) està {status}.",
    "en": "Your report {id} ({service}) is {status}.",
}
_STATES = {
    "open": {"es": "abierto, pendiente de resolver", "va": "obert, pendent de resoldre",
             "en": "open, not yet resolved"},
    "closed": {"es": "cerrado", "va": "tancat", "en": "closed"},
}  # fmt: skip


def _is_list(attribute: dict[str, Any]) -> bool:
    return attribute.get("datatype") in ("singlevaluelist", "multivaluelist")


def _location(place: str) -> dict[str, str]:
    """Open311's location: `lat` and `long` for coordinates the citizen shared, else the
    address as they wrote it."""
    point = coordinates(place)
    if point is None:
        return {"address_string": place}
    return {"lat": f"{point[0]:.6f}", "long": f"{point[1]:.6f}"}


def _account(citizen: Citizen) -> dict[str, str]:
    """The citizen as Open311's `account_id`, in a header: never in a URL."""
    return {"X-Account-Id": citizen.nif}


def _attribute(detail: str) -> dict[str, str]:
    """`tipo=colchon` (the chosen detail) → `{"tipo": "colchon"}`."""
    code, _, key = detail.partition("=")
    return {code: key} if code and key else {}


class IncidentReportAction:
    name = "incidencias.report"
    form = REPORT_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot == "detail":
            return self._detail_options(values["service"])
        if slot != "service":
            return []
        services = expect_json(self._client.request("GET", f"{PREFIX}/services.json"))
        return [
            Option(item["service_code"], same_in_all_languages(item["service_name"]))
            for item in services
            if not item.get("metadata") or self._askable(item["service_code"])
        ]

    def _attributes(self, service: str) -> list[dict[str, Any]]:
        definition = expect_json(self._client.request("GET", f"{PREFIX}/services/{service}.json"))
        return [item for item in definition.get("attributes", []) if item.get("variable", True)]

    def _askable(self, service: str) -> bool:
        """Whether the chat can ask every required attribute of the service: at most one, and
        a list to choose from (free-text or numeric attributes are left to the sede)."""
        required = [item for item in self._attributes(service) if item.get("required")]
        return len(required) <= 1 and all(_is_list(item) for item in required)

    def _detail_options(self, service: str) -> list[Option]:
        lists = sorted(
            (item for item in self._attributes(service) if _is_list(item)),
            key=lambda item: (not item.get("required"), item.get("order", 0)),
        )
        if not lists:
            return []
        attribute = lists[0]
        return [
            Option(f"{attribute['code']}={value['key']}", same_in_all_languages(value["name"]))
            for value in attribute.get("values") or []
        ]

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        fields = {
            "service_code": request.values["service"],
            **_location(request.values["address"]),
            "description": request.values["description"],
            "account_id": request.citizen.nif,
            "idempotency_key": request.idempotency_key,
        }
        attribute = _attribute(request.values.get("detail", ""))
        if request.attachments:
            # The photo travels as `media` in a multipart form (the GeoReport v2 extension
            # most servers accept); attributes as `attribute[code]` fields.
            photo = request.attachments[0]
            form = {**fields, **{f"attribute[{code}]": key for code, key in attribute.items()}}
            response = self._client.request(
                "POST",
                f"{PREFIX}/requests.json",
                data=form,
                files=[("media", (photo.filename, photo.content, photo.media_type))],
                idempotency_key=request.idempotency_key,
            )
        else:
            response = self._client.request(
                "POST",
                f"{PREFIX}/requests.json",
                json={**fields, "attribute": attribute},
                idempotency_key=request.idempotency_key,
            )
        return _filed(expect_json(response)[0], request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        response = self._client.request("GET", f"{PREFIX}/tokens/{request.idempotency_key}.json")
        if response.status_code == 404:
            errors = response.json()
            if isinstance(errors, list) and str(errors[0]["description"]).startswith(
                "NeverReceived"
            ):
                return None
        if response.status_code != 200:
            raise BackOfficeUnavailable()
        return _filed(response.json()[0], request.language)


def _filed(created: Any, language: Language) -> ActionResult:
    notice = created.get("service_notice") or ""
    message = _FILED[language].format(
        id=created["service_request_id"], notice=f"{notice} " if notice else ""
    )
    return ActionResult(message=message, reference=created["service_request_id"])


class IncidentStatusAction:
    """Looks up one of the citizen's own reports: no side effect, no confirmation."""

    name = "incidencias.status"
    form = STATUS_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot != "report" or citizen is None:
            return []
        reports = expect_json(
            self._client.request("GET", f"{PREFIX}/requests.json", headers=_account(citizen))
        )
        return [
            Option(
                item["service_request_id"],
                same_in_all_languages(
                    f"{item['service_request_id']} — {str(item.get('description', ''))[:40]}"
                ),
            )
            for item in reports
        ]

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        response = self._client.request(
            "GET",
            f"{PREFIX}/requests/{request.values['report']}.json",
            headers=_account(request.citizen),
        )
        report = expect_json(response)[0]
        language = request.language
        state = _STATES.get(report["status"], _STATES["open"])[language]
        message = _STATUS[language].format(
            id=report["service_request_id"], service=report.get("service_name", ""), status=state
        )
        if report.get("status_notes"):
            message += f" {report['status_notes']}"
        return ActionResult(message=message, reference=report["service_request_id"])
