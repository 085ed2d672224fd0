"""`padron.issue_certificate`: a padrón certificate issued by the council's padrón system,
sealed, with a Código Seguro de Verificación the citizen or anyone can check on the sede. A
certificate whose answer was lost is found again by its idempotency key."""

from __future__ import annotations

from typing import Any

from ali.actions.action import ActionFailed, ActionRequest, ActionResult, Document
from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.catalogue.schema import Language
from ali.connectors.http import BackOfficeClient, found_by_key, reads_back_office

CERTIFICATE_FORM = FormSpec(
    action="padron.issue_certificate",
    title={
        "es": "Certificado de empadronamiento",
        "va": "Certificat d'empadronament",
        "en": "Census registration certificate",
    },
    slots=(
        Slot(
            name="kind",
            kind=SlotKind.CHOICE,
            label={"es": "Tipo", "va": "Tipus", "en": "Type"},
            prompt={
                "es": "¿Qué tipo de certificado necesitas?",
                "va": "Quin tipus de certificat necessites?",
                "en": "Which type of certificate do you need?",
            },
            options=(
                Option(
                    "individual",
                    {
                        "es": "Individual (solo tú)",
                        "va": "Individual (només tu)",
                        "en": "Individual (only you)",
                    },
                    ("solo yo", "yo", "mio", "només jo", "just me", "personal"),
                ),
                Option(
                    "colectivo",
                    {
                        "es": "Colectivo (todas las personas de tu domicilio)",
                        "va": "Col·lectiu (totes les persones del teu domicili)",
                        "en": "Household (everyone registered at your address)",
                    },
                    ("familiar", "familia", "convivencia", "todos", "household", "family"),
                ),
                Option(
                    "historico",
                    {
                        "es": "Histórico (tus domicilios anteriores)",
                        "va": "Històric (els teus domicilis anteriors)",
                        "en": "Historical (your previous addresses)",
                    },
                    ("historico", "historic", "history", "antiguedad", "anteriores"),
                ),
            ),
        ),
        Slot(
            name="purpose",
            kind=SlotKind.TEXT,
            label={"es": "Para qué", "va": "Per a què", "en": "Purpose"},
            prompt={
                "es": "¿Para qué lo necesitas? (por ejemplo: ayuda al alquiler, matrícula)",
                "va": "Per a què el necessites? (per exemple: ajuda al lloguer, matrícula)",
                "en": "What do you need it for? (for example: rent aid, school enrolment)",
            },
            min_length=3,
            max_length=200,
        ),
    ),
)

_ISSUED = {
    "es": "Aquí tienes tu certificado de empadronamiento, sellado electrónicamente. Su código "
    "seguro de verificación es {csv}: cualquiera puede comprobarlo en {verify}.",
    "va": "Ací tens el teu certificat d'empadronament, segellat electrònicament. El seu codi "
    "segur de verificació és {csv}: qualsevol el pot comprovar a {verify}.",
    "en": "Here is your census registration certificate, electronically sealed. Its secure "
    "verification code is {csv}: anyone can check it at {verify}.",
}
_NOT_REGISTERED = {
    "es": "No constas en el padrón de este municipio, así que no puedo emitir el certificado.",
    "va": "No constes en el padró d'aquest municipi, així que no puc emetre el certificat.",
    "en": "You are not on this municipality's census register, so I cannot issue the certificate.",
}
_TITLE = {
    "es": "Certificado de empadronamiento (PDF)",
    "va": "Certificat d'empadronament (PDF)",
    "en": "Census registration certificate (PDF)",
}


class PadronCertificateAction:
    name = "padron.issue_certificate"
    form = CERTIFICATE_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        response = self._client.request(
            "POST",
            "/padron/certificates",
            json={
                "nif": request.citizen.nif,
                "kind": request.values["kind"],
                "purpose": request.values["purpose"],
                "language": request.language,
                "idempotency_key": request.idempotency_key,
            },
            idempotency_key=request.idempotency_key,
        )
        if response.status_code == 404:
            raise ActionFailed(_NOT_REGISTERED[request.language])
        if response.status_code not in (200, 201):
            raise ActionFailed()
        return _issued(response.json(), request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/padron/certificates/requests/{request.idempotency_key}"
        body = found_by_key(self._client.request("GET", path))
        return None if body is None else _issued(body, request.language)


def _issued(body: Any, language: Language) -> ActionResult:
    message = _ISSUED[language].format(csv=body["csv"], verify=body["verify_url"])
    return ActionResult(
        message=message,
        reference=body["csv"],
        documents=[Document(title=_TITLE[language], url=body["download_url"])],
    )
