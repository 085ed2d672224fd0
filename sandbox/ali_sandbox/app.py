"""The sandbox back office: a separate FastAPI app standing in for the council's own systems
(its padrón register, its appointment book, its incident desk behind an Open311 endpoint, its tax
office with a Redsys-like card-payment gateway, and its Cl@ve identity broker) so ALI runs end
to end out of the box.

Everything in it is FAKE: demo citizens, a demo seal, a demo identity provider. It refuses to
start in production. Start it on its own port, e.g.:

    uvicorn --factory ali_sandbox.app:create_sandbox_app --port 8001

(with no argument the factory derives its settings from ALI's `Settings`: data in
`<ALI_DATA_DIR>/sandbox`, same `ALI_ENVIRONMENT`).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from ali import __version__
from ali.api.errors import install_error_handlers
from ali.settings import Settings
from ali_sandbox.appointments import AppointmentBook
from ali_sandbox.appointments_routes import appointments_router
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.demo_councils import demo_data
from ali_sandbox.documents import SealCertificate
from ali_sandbox.errors import SandboxRefused
from ali_sandbox.gateway import PaymentGateway, load_or_create_merchant_key
from ali_sandbox.identity import DemoIdentityProvider
from ali_sandbox.kiosk_agent import SimulatedKioskAgent, kiosk_agent_router
from ali_sandbox.lookup_routes import lookup_router
from ali_sandbox.open311 import IncidentDesk
from ali_sandbox.open311_routes import install_open311_error_handlers, open311_router
from ali_sandbox.padron import PadronRegister
from ali_sandbox.padron_certificates import CertificateIssuer
from ali_sandbox.padron_routes import padron_router
from ali_sandbox.registro import GeneralRegistry
from ali_sandbox.registro_routes import registro_router
from ali_sandbox.routes import health_router, identity_router, verification_router
from ali_sandbox.seed import seed
from ali_sandbox.settings import SandboxSettings
from ali_sandbox.tributos import TaxOffice
from ali_sandbox.tributos_documents import PaymentDocumentIssuer
from ali_sandbox.tributos_routes import payment_gateway_router, tributos_router
from ali_sandbox.verification import CertificateArchive
from ali_sandbox.working_days import sandbox_calendar


def create_sandbox_app(settings: SandboxSettings | None = None) -> FastAPI:
    """The sandbox app of one council (`settings.council`'s demo data); creates its database,
    demo data, seal and IdP key on first start."""
    settings = settings or SandboxSettings.from_settings(Settings())
    if settings.is_production:
        raise SandboxRefused()
    data = demo_data(settings.council)
    database = SandboxDatabase(settings.database_path)
    database.create_schema()
    calendar = sandbox_calendar(settings.council)
    seed(database, data=data, calendar=calendar)
    register = PadronRegister(database)
    seal = SealCertificate.load_or_create_demo(settings.seal_dir, data.seal_holder)
    provider = DemoIdentityProvider.load_or_create(settings.idp_dir, settings.issuer)
    verification_url = f"{settings.public_url}/verify"
    issuer = CertificateIssuer(
        register, seal, verification_url=verification_url, council_name=data.council_name
    )
    book = AppointmentBook(database, register, calendar=calendar)
    desk = IncidentDesk(database)
    office = TaxOffice(database, register)
    gateway = PaymentGateway(office, load_or_create_merchant_key(settings.gateway_dir))
    registry = GeneralRegistry(
        database, register, seal, verification_url, council_name=data.council_name
    )
    payment_documents = PaymentDocumentIssuer(
        database, office, register, seal, verification_url, council_name=data.council_name
    )

    app = FastAPI(
        title="ALI SANDBOX back office (FAKE data, not for production)",
        version=__version__,
        description=(
            "SANDBOX: a stand-in for a council's padrón register, appointment book, incident "
            "desk (Open311 GeoReport v2), tax office with a FAKE card-payment gateway, and "
            "identity broker, with fake citizens and a demo seal. Documents issued here have "
            "no legal validity and nothing is ever charged."
        ),
    )
    install_error_handlers(app)
    install_open311_error_handlers(app)
    # The try-out pages served by ALI (another origin) sign in against the demo IdP and the
    # simulated kiosk reader from the browser. A sandbox only: real back offices are not
    # called from browsers.
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"]
    )
    app.include_router(health_router())
    # Before the resources' own routes: `/…/requests/{key}` is the lookup, not an id.
    app.include_router(lookup_router(settings, register, registry, book, office))
    app.include_router(identity_router(provider, register))
    app.include_router(kiosk_agent_router(SimulatedKioskAgent(register, council=settings.council)))
    app.include_router(padron_router(settings, issuer))
    app.include_router(appointments_router(settings, book))
    app.include_router(open311_router(settings, desk))
    app.include_router(tributos_router(settings, office, payment_documents))
    app.include_router(payment_gateway_router(settings, office, gateway))
    app.include_router(registro_router(settings, registry))
    app.include_router(
        verification_router(settings, (CertificateArchive(register), registry, payment_documents))
    )
    return app
