"""Incident reports through Open311 GeoReport v2 (`incidencias.report`), and their status
(`incidencias.status`): the standard API many councils' maintenance systems speak. A report
whose answer was lost is found again through GeoReport's token lookup, with the idempotency key
as its token; the citizen's NIF (`account_id`) travels in bodies and the `X-Account-Id` header,
never in a URL."""

from __future__ import annotations

import httpx

from ali.actions.action import ActionRequest, ActionResult
from ali.actions.forms import FormSpec, Option, Slot, SlotKind, coordinates, same_in_all_languages
from ali.catalogue.schema import Language
from ali.connectors.contracts.open311 import (
    IncidentRequest,
    Open311Attribute,
    Open311Created,
    Open311Definition,
    Open311Error,
    Open311Request,
    Open311Service,
)
from ali.connectors.contracts.shared import NEVER_RECEIVED, body, read, read_list
from ali.connectors.http import (
    BackOfficeClient,
    BackOfficeUnavailable,
    expect_json,
    reads_back_office,
)
from ali.i18n import N_
from ali.identity.citizen import Citizen

PREFIX = "/open311/v2"

REPORT_FORM = FormSpec(
    action="incidencias.report",
    title=N_("Street problem report"),
    slots=(
        Slot(
            name="service",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label=N_("Type"),
            prompt=N_("What kind of problem is it?"),
        ),
        # Filled from the service's definition (Open311 attributes) when it has a list to
        # choose from (the kind of bulky item to collect...); skipped for other services.
        Slot(
            name="detail",
            kind=SlotKind.CHOICE,
            dynamic=True,
            required=False,
            label=N_("Detail"),
            prompt=N_("Tell me a little more:"),
        ),
        Slot(
            name="address",
            kind=SlotKind.LOCATION,
            label=N_("Place"),
            prompt=N_(
                "Where is it? Give the street and number or a landmark, or share your location."
            ),
            min_length=5,
            max_length=200,
        ),
        Slot(
            name="description",
            kind=SlotKind.TEXT,
            label=N_("Description"),
            prompt=N_("Describe it briefly."),
            min_length=5,
            max_length=1000,
        ),
        Slot(
            name="photo",
            kind=SlotKind.ATTACHMENTS,
            required=False,
            max_files=1,
            media_types=("image/jpeg", "image/png"),
            label=N_("Photo"),
            prompt=N_("Would you like to add a photo of the problem (one, at most 10 MB)?"),
        ),
    ),
)

STATUS_FORM = FormSpec(
    action="incidencias.status",
    title=N_("Status of a report"),
    needs_confirmation=False,
    slots=(
        Slot(
            name="report",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label=N_("Report"),
            prompt=N_("Which report do you want to check?"),
        ),
    ),
)

_FILED = N_("Report filed with number {id}. {notice}You can ask me about its status any time.")
_STATUS = N_("Your report {id} ({service}) is {status}.")
_STATES = {
    "open": N_("open, not yet resolved"),
    "closed": N_("closed"),
}  # fmt: skip


def _location(place: str) -> dict[str, str | float]:
    """Open311's location: `lat` and `long` for coordinates the citizen shared, else the
    address as they wrote it."""
    point = coordinates(place)
    if point is None:
        return {"address_string": place}
    return {"lat": round(point[0], 6), "long": round(point[1], 6)}


def _form_value(value: object) -> str:
    """A field as a form sends it (coordinates with six decimals, about 10 cm)."""
    return f"{value:.6f}" if isinstance(value, float) else str(value)


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
        services = read_list(
            Open311Service, expect_json(self._client.request("GET", f"{PREFIX}/services.json"))
        )
        return [
            Option(item.service_code, same_in_all_languages(item.service_name))
            for item in services
            if not item.metadata or self._askable(item.service_code)
        ]

    def _attributes(self, service: str) -> list[Open311Attribute]:
        definition = read(
            Open311Definition,
            expect_json(self._client.request("GET", f"{PREFIX}/services/{service}.json")),
        )
        return [item for item in definition.attributes if item.variable]

    def _askable(self, service: str) -> bool:
        """Whether the chat can ask every required attribute of the service: at most one, and
        a list to choose from (free-text or numeric attributes are left to the sede)."""
        required = [item for item in self._attributes(service) if item.required]
        return len(required) <= 1 and all(item.is_list for item in required)

    def _detail_options(self, service: str) -> list[Option]:
        lists = sorted(
            (item for item in self._attributes(service) if item.is_list),
            key=lambda item: (not item.required, item.order),
        )
        if not lists:
            return []
        attribute = lists[0]
        return [
            Option(f"{attribute.code}={value.key}", same_in_all_languages(value.name))
            for value in attribute.values or []
        ]

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        attribute = _attribute(request.values.get("detail", ""))
        fields = body(
            IncidentRequest,
            exclude_none=True,
            service_code=request.values["service"],
            **_location(request.values["address"]),
            description=request.values["description"],
            account_id=request.citizen.nif,
            idempotency_key=request.idempotency_key,
            attribute=attribute,
        )
        del fields["attribute"]
        if request.attachments:
            # The photo travels as `media` in a multipart form (the GeoReport v2 extension
            # most servers accept); attributes as `attribute[code]` fields.
            photo = request.attachments[0]
            form = {name: _form_value(value) for name, value in fields.items()}
            form |= {f"attribute[{code}]": key for code, key in attribute.items()}
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
        [created] = read_list(Open311Created, expect_json(response), at_least=1)[:1]
        return _filed(created, request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        response = self._client.request("GET", f"{PREFIX}/tokens/{request.idempotency_key}.json")
        if response.status_code == 404 and _never_received(response):
            return None
        if response.status_code != 200:
            raise BackOfficeUnavailable()
        return _filed(read_list(Open311Created, response.json(), at_least=1)[0], request.language)


def _never_received(response: httpx.Response) -> bool:
    """A 404 whose GeoReport errors say no request came with that token (any other 404, from a
    server without token lookups, cannot tell)."""
    try:
        errors = read_list(Open311Error, response.json())
    except ValueError:
        return False
    return bool(errors) and errors[0].description.startswith(NEVER_RECEIVED)


def _filed(created: Open311Created, language: Language) -> ActionResult:
    notice = created.service_notice or ""
    message = _FILED[language].format(
        id=created.service_request_id, notice=f"{notice} " if notice else ""
    )
    return ActionResult(message=message, reference=created.service_request_id)


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
        reports = read_list(
            Open311Request,
            expect_json(
                self._client.request("GET", f"{PREFIX}/requests.json", headers=_account(citizen))
            ),
        )
        return [
            Option(
                item.service_request_id,
                same_in_all_languages(
                    f"{item.service_request_id} — {str(item.description or '')[:40]}"
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
        report = read_list(Open311Request, expect_json(response), at_least=1)[0]
        language = request.language
        state = _STATES.get(report.status, _STATES["open"])[language]
        message = _STATUS[language].format(
            id=report.service_request_id, service=report.service_name, status=state
        )
        if report.status_notes:
            message += f" {report.status_notes}"
        return ActionResult(message=message, reference=report.service_request_id)
