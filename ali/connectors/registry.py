"""Which connector implementations exist, and the actions a council's profile configures.

`CONNECTOR_TYPES` is the explicit registry: a profile's `connectors` entry names a type; the
factory receives an HTTP client for that council's back office (its address and API key from
the settings) and the council's profile, and returns the action. Clients of the same back office
share its circuit breaker and bulkhead through `BackOffices`, which the deployment creates once
for all its councils.
"""

from __future__ import annotations

from collections.abc import Callable

from ali.actions.action import Action
from ali.actions.registry import ActionRegistry
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.profile import CouncilProfile
from ali.catalogue.working_days import WorkingDays
from ali.connectors.addresses import connector_url
from ali.connectors.appointment_slip import SlipWriter
from ali.connectors.appointments import (
    AppointmentAction,
    AppointmentCancelAction,
    AppointmentListAction,
)
from ali.connectors.back_offices import BackOffices
from ali.connectors.callback import CallbackAction
from ali.connectors.http import BackOfficeClient
from ali.connectors.open311 import IncidentReportAction, IncidentStatusAction
from ali.connectors.padron import PadronCertificateAction
from ali.connectors.registro import ApplicationStatusAction, GeneralApplicationAction
from ali.connectors.tributos import (
    DirectDebitAction,
    PaymentDocumentAction,
    ReceiptPaymentAction,
)
from ali.errors import CatalogueError
from ali.settings import Settings
from ali.storage.tickets import TicketRepository

ConnectorFactory = Callable[[BackOfficeClient, CouncilProfile], Action]


def _client_only(action: Callable[[BackOfficeClient], Action]) -> ConnectorFactory:
    """A connector that needs nothing of the profile but its back office."""

    def factory(client: BackOfficeClient, profile: CouncilProfile) -> Action:
        return action(client)

    return factory


def _appointments(client: BackOfficeClient, profile: CouncilProfile) -> Action:
    cancellable = any(c.type == "appointments-cancel" for c in profile.connectors.values())
    return AppointmentAction(
        client,
        WorkingDays(profile.calendar),
        offices=profile.offices,
        slips=SlipWriter(profile.assistant_name, cancellable),
    )


def _general_application(client: BackOfficeClient, profile: CouncilProfile) -> Action:
    return GeneralApplicationAction(client, complaints=profile.procedures.complaints)


CONNECTOR_TYPES: dict[str, ConnectorFactory] = {
    "padron-certificate": _client_only(PadronCertificateAction),
    "appointments-book": _appointments,
    "appointments-cancel": _client_only(AppointmentCancelAction),
    "appointments-list": _client_only(AppointmentListAction),
    "open311-report": _client_only(IncidentReportAction),
    "open311-status": _client_only(IncidentStatusAction),
    "tributos-receipt-payment": _client_only(ReceiptPaymentAction),
    "tributos-direct-debit": _client_only(DirectDebitAction),
    "tributos-payment-document": _client_only(PaymentDocumentAction),
    "registro-application": _general_application,
    "registro-status": _client_only(ApplicationStatusAction),
}


def build_actions(
    catalogue: Catalogue,
    settings: Settings,
    tickets: TicketRepository,
    back_offices: BackOffices | None = None,
) -> ActionRegistry:
    """The callback action plus every connector the council's profile configures."""
    back_offices = back_offices or BackOffices(settings.connectors)
    profile = catalogue.profile
    registry = ActionRegistry([CallbackAction(tickets)])
    named = {procedure.action for procedure in catalogue if procedure.action}
    named |= {procedure.status_action for procedure in catalogue if procedure.status_action}
    named |= {procedure.cancel_action for procedure in catalogue if procedure.cancel_action}
    key = settings.connector_keys.get(profile.id)
    for action_name, config in profile.connectors.items():
        factory = CONNECTOR_TYPES.get(config.type)
        if factory is None:
            known = ", ".join(sorted(CONNECTOR_TYPES))
            raise CatalogueError(f"{profile.id}: unknown connector type {config.type!r} ({known})")
        client = back_offices.client(
            config,
            base_url=connector_url(profile, action_name, config, settings),
            api_key=key.get_secret_value() if key else None,
        )
        action = factory(client, profile)
        if action.name != action_name:
            raise CatalogueError(
                f"{profile.id}: connector {config.type!r} performs {action.name!r}, "
                f"not {action_name!r}"
            )
        if action_name not in named:
            raise CatalogueError(
                f"{profile.id}: no procedure in the catalogue uses {action_name!r}"
            )
        registry.register(action)
    return registry
