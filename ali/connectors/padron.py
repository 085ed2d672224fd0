"""`padron.issue_certificate`: a padrón certificate issued by the council's padrón system,
sealed, with a Código Seguro de Verificación the citizen or anyone can check on the sede. A
certificate whose answer was lost is found again by its idempotency key."""

from __future__ import annotations

from ali.actions.action import ActionFailed, ActionRequest, ActionResult, Document
from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.catalogue.schema import Language
from ali.connectors.contracts.padron import CertificateRequest, IssuedCertificate
from ali.connectors.contracts.shared import body, read
from ali.connectors.http import BackOfficeClient, found_by_key, reads_back_office
from ali.i18n import N_

CERTIFICATE_FORM = FormSpec(
    action="padron.issue_certificate",
    title=N_("Census registration certificate"),
    slots=(
        Slot(
            name="kind",
            kind=SlotKind.CHOICE,
            label=N_("Type"),
            prompt=N_("Which type of certificate do you need?"),
            options=(
                Option(
                    "individual",
                    N_("Individual (only you)"),
                    ("solo yo", "yo", "mio", "només jo", "just me", "personal"),
                ),
                Option(
                    "colectivo",
                    N_("Household (everyone registered at your address)"),
                    ("familiar", "familia", "convivencia", "todos", "household", "family"),
                ),
                Option(
                    "historico",
                    N_("Historical (your previous addresses)"),
                    ("historico", "historic", "history", "antiguedad", "anteriores"),
                ),
            ),
        ),
        Slot(
            name="purpose",
            kind=SlotKind.TEXT,
            label=N_("Purpose"),
            prompt=N_("What do you need it for? (for example: rent aid, school enrolment)"),
            min_length=3,
            max_length=200,
        ),
    ),
)

_ISSUED = N_(
    "Here is your census registration certificate, electronically sealed. Its secure "
    "verification code is {csv}: anyone can check it at {verify}."
)
_NOT_REGISTERED = N_(
    "You are not on this municipality's census register, so I cannot issue the certificate."
)
_TITLE = N_("Census registration certificate (PDF)")


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
            json=body(
                CertificateRequest,
                nif=request.citizen.nif,
                kind=request.values["kind"],
                purpose=request.values["purpose"],
                language=request.language,
                idempotency_key=request.idempotency_key,
            ),
            idempotency_key=request.idempotency_key,
        )
        if response.status_code == 404:
            raise ActionFailed(_NOT_REGISTERED[request.language])
        if response.status_code not in (200, 201):
            raise ActionFailed()
        return _issued(read(IssuedCertificate, response.json()), request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/padron/certificates/requests/{request.idempotency_key}"
        found = found_by_key(self._client.request("GET", path))
        return None if found is None else _issued(read(IssuedCertificate, found), request.language)


def _issued(certificate: IssuedCertificate, language: Language) -> ActionResult:
    message = _ISSUED[language].format(
        csv=certificate.verification_code, verify=certificate.verify_url
    )
    return ActionResult(
        message=message,
        reference=certificate.verification_code,
        documents=[Document(title=_TITLE[language], url=certificate.download_url)],
    )
