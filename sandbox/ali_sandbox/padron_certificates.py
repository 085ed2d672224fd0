"""Issuing padrón certificates from the sandbox register: render with `ali_sandbox.documents`,
seal with the demo seal, store under a fresh CSV. A request repeated with the same idempotency
key gets the certificate issued the first time instead of a new one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ali.catalogue.schema import Language
from ali_sandbox.documents import (
    AddressPeriod,
    CertificateKind,
    CertificateRenderer,
    PadronCertificate,
    Resident,
    SealCertificate,
    new_csv,
    sign_pdf,
)
from ali_sandbox.errors import IdempotencyConflict, UnknownCitizen
from ali_sandbox.padron import (
    Household,
    PadronRegister,
    RegisteredCitizen,
    StoredCertificate,
)

COUNCIL_NAME = "Ayuntamiento de Alicante (SANDBOX)"  # as printed on the certificates
# The demo seal's subject: its common name appends "— SELLO DE DEMOSTRACIÓN (sandbox)", and an
# X.509 common name holds at most 64 characters, so "(SANDBOX)" is not repeated there.
SEAL_HOLDER = "Ayuntamiento de Alicante"
MUNICIPALITY = "Alicante"
LOCAL_TIME = ZoneInfo("Europe/Madrid")
SEAL_REASON = "Sello electrónico de órgano (SANDBOX, sin validez legal)"


@dataclass(frozen=True)
class CertificateRequest:
    nif: str
    kind: CertificateKind
    purpose: str
    language: Language
    idempotency_key: str


@dataclass(frozen=True)
class Issued:
    certificate: StoredCertificate
    created: bool  # False: an earlier certificate returned for a repeated idempotency key


class CertificateIssuer:
    def __init__(
        self,
        register: PadronRegister,
        seal: SealCertificate,
        verification_url: str,
        *,
        council_name: str = COUNCIL_NAME,
        renderer: CertificateRenderer | None = None,
    ) -> None:
        self._register = register
        self._seal = seal
        self._verification_url = verification_url
        self._council_name = council_name
        self._renderer = renderer or CertificateRenderer()

    def issue(self, request: CertificateRequest, *, now: dt.datetime | None = None) -> Issued:
        earlier = self._register.certificate_for_key(request.idempotency_key)
        if earlier is not None:
            return Issued(_same_request(earlier, request), created=False)
        citizen = self._register.citizen(request.nif)
        household = self._register.household_of(request.nif)
        if citizen is None or household is None:
            raise UnknownCitizen()
        issued_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        csv = new_csv()
        document = self._document(request, citizen, household, csv, issued_at)
        pdf = sign_pdf(
            self._renderer.render(document), self._seal, SEAL_REASON, location=MUNICIPALITY
        )
        stored = self._register.add_certificate(
            StoredCertificate(
                csv=csv,
                idempotency_key=request.idempotency_key,
                nif=request.nif,
                kind=request.kind,
                purpose=request.purpose,
                language=request.language,
                issued_at=issued_at,
                pdf=pdf,
            )
        )
        if stored.csv != csv:  # a concurrent request with the same key was stored first
            return Issued(_same_request(stored, request), created=False)
        return Issued(stored, created=True)

    def _document(
        self,
        request: CertificateRequest,
        citizen: RegisteredCitizen,
        household: Household,
        csv: str,
        issued_at: dt.datetime,
    ) -> PadronCertificate:
        address = full_address(household.address, household.postal_code)
        residents = household.residents if request.kind == "colectivo" else (citizen,)
        history: tuple[AddressPeriod, ...] = ()
        if request.kind == "historico":
            past = self._register.past_addresses(request.nif)
            history = (
                *(AddressPeriod(period.address, period.start, period.end) for period in past),
                AddressPeriod(address, citizen.registered_on),
            )
        return PadronCertificate(
            council_name=self._council_name,
            kind=request.kind,
            language=request.language,
            issued_at=issued_at.astimezone(LOCAL_TIME),
            address=address,
            residents=tuple(
                Resident(person.full_name, mask_nif(person.nif), person.registered_on)
                for person in residents
            ),
            purpose=request.purpose,
            csv=csv,
            verification_url=self._verification_url,
            history=history,
        )


def full_address(street: str, postal_code: str) -> str:
    return f"{street}, {postal_code} {MUNICIPALITY}"


def mask_nif(nif: str) -> str:
    """`***0001C`: the last four digits and the letter; a full NIF is never printed."""
    return "***" + nif[-5:]


def _same_request(earlier: StoredCertificate, request: CertificateRequest) -> StoredCertificate:
    asked = (request.nif, request.kind, request.purpose, request.language)
    if (earlier.nif, earlier.kind, earlier.purpose, earlier.language) != asked:
        raise IdempotencyConflict()
    return earlier
