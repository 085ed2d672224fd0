"""Municipal tax receipts: paying one through the council's card payment gateway
(`tributos.pay_receipt`), setting up direct debit (`tributos.direct_debit`), and a receipt's
payment document or proof of payment (`tributos.payment_document`).

Payment happens on the gateway's page, not in the chat: the connector creates the payment order
and gives the citizen the link; the receipt is marked paid by the gateway's signed
server-to-server notification to the back office, never by ALI. A payment order or a direct
debit whose answer was lost is found again by its idempotency key.
"""

from __future__ import annotations

from typing import Any

from ali.actions.action import ActionFailed, ActionRequest, ActionResult, Document
from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.catalogue.schema import Language
from ali.connectors.http import (
    BackOfficeClient,
    citizen_header,
    expect_json,
    found_by_key,
    reads_back_office,
)
from ali.identity.citizen import Citizen

_RECEIPT_PROMPT = {
    "es": "¿Qué recibo?",
    "va": "Quin rebut?",
    "en": "Which bill?",
}
_RECEIPT_LABEL = {"es": "Recibo", "va": "Rebut", "en": "Bill"}

PAYMENT_FORM = FormSpec(
    action="tributos.pay_receipt",
    title={"es": "Pago de un recibo", "va": "Pagament d'un rebut", "en": "Paying a bill"},
    slots=(
        Slot("receipt", SlotKind.CHOICE, _RECEIPT_PROMPT, _RECEIPT_LABEL, dynamic=True),  # type: ignore[arg-type]
    ),
)

DIRECT_DEBIT_FORM = FormSpec(
    action="tributos.direct_debit",
    title={
        "es": "Domiciliación bancaria de un recibo",
        "va": "Domiciliació bancària d'un rebut",
        "en": "Direct debit for a bill",
    },
    slots=(
        Slot("receipt", SlotKind.CHOICE, _RECEIPT_PROMPT, _RECEIPT_LABEL, dynamic=True),  # type: ignore[arg-type]
        Slot(
            name="iban",
            kind=SlotKind.IBAN,
            label={"es": "Cuenta (IBAN)", "va": "Compte (IBAN)", "en": "Account (IBAN)"},
            prompt={
                "es": "¿En qué cuenta? Escribe el IBAN (ES y 22 cifras). Solo se usará para "
                "esta domiciliación y no se guarda en la conversación.",
                "va": "En quin compte? Escriu l'IBAN (ES i 22 xifres). Només s'usarà per a "
                "aquesta domiciliació i no es guarda en la conversa.",
                "en": "Which account? Type the IBAN (ES and 22 digits). It is used only for "
                "this direct debit and is not kept in the conversation.",
            },
            personal=True,
        ),
    ),
)

_PAY = {
    "es": "Para pagar {concept} ({amount}), entra en la pasarela de pago segura: {url} . "
    "El recibo constará como pagado cuando la pasarela confirme el cobro.",
    "va": "Per a pagar {concept} ({amount}), entra en la passarel·la de pagament segura: {url} . "
    "El rebut constarà com a pagat quan la passarel·la confirme el cobrament.",
    "en": "To pay {concept} ({amount}), open the secure payment gateway: {url} . The bill will "
    "show as paid once the gateway confirms the payment.",
}
_DEBIT = {
    "es": "Hecho: {concept} se cargará en la cuenta {account}.",
    "va": "Fet: {concept} es carregarà en el compte {account}.",
    "en": "Done: {concept} will be charged to account {account}.",
}
_NOT_PAYABLE = {
    "es": "Ese recibo ya no está pendiente de pago.",
    "va": "Eixe rebut ja no està pendent de pagament.",
    "en": "That bill is no longer pending.",
}
_PAY_TITLE = {"es": "Pasarela de pago", "va": "Passarel·la de pagament", "en": "Payment gateway"}


_STATUS_NAMES: dict[str, dict[Language, str]] = {
    "pending": {"es": "pendiente", "va": "pendent", "en": "pending"},
    "paid": {"es": "pagado", "va": "pagat", "en": "paid"},
}
_DOCUMENT_TITLE = {
    "payment-document": {
        "es": "Documento de pago de {concept} (PDF)",
        "va": "Document de pagament de {concept} (PDF)",
        "en": "Payment slip for {concept} (PDF)",
    },
    "proof-of-payment": {
        "es": "Justificante de pago de {concept} (PDF)",
        "va": "Justificant de pagament de {concept} (PDF)",
        "en": "Proof of payment for {concept} (PDF)",
    },
}
_DOCUMENT_READY = {
    "es": "Aquí tienes el documento. Su código seguro de verificación es {csv}.",
    "va": "Ací tens el document. El seu codi segur de verificació és {csv}.",
    "en": "Here is the document. Its secure verification code is {csv}.",
}

DOCUMENT_FORM = FormSpec(
    action="tributos.payment_document",
    title={
        "es": "Duplicado o justificante de un recibo",
        "va": "Duplicat o justificant d'un rebut",
        "en": "Copy or proof of payment of a bill",
    },
    slots=(
        Slot("receipt", SlotKind.CHOICE, _RECEIPT_PROMPT, _RECEIPT_LABEL, dynamic=True),  # type: ignore[arg-type]
    ),
    needs_confirmation=False,  # a copy of a document: nothing changes
)


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f} €".replace(".", ",")


def _answer(response: Any, language: Language = "es") -> Any:
    if response.status_code == 409:
        raise ActionFailed(_NOT_PAYABLE[language])
    return expect_json(response)


class _Receipts:
    """The citizen's receipts in the `offered` states, as choices."""

    offered: tuple[str, ...] = ("pending",)

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot != "receipt" or citizen is None:
            return []
        receipts = _answer(
            self._client.request("GET", "/tributos/receipts", headers=citizen_header(citizen))
        )
        return [
            Option(
                item["id"],
                {
                    lang: f"{item['concept']['name'][lang]} {item['year']} — "
                    f"{_euros(item['amount_cents'])}{self._state(item['status'], lang)}"
                    for lang in ("es", "va", "en")
                },
            )
            for item in receipts
            if item["status"] in self.offered
        ]

    def _state(self, status: str, language: Language) -> str:
        """The receipt's state, shown when more than one state is offered."""
        if len(self.offered) == 1:
            return ""
        return f" ({_STATUS_NAMES.get(status, {}).get(language, status)})"

    def _receipt(self, request: ActionRequest) -> dict[str, Any]:
        assert request.citizen is not None
        receipts = _answer(
            self._client.request(
                "GET", "/tributos/receipts", headers=citizen_header(request.citizen)
            )
        )
        found = next((r for r in receipts if r["id"] == request.values["receipt"]), None)
        if found is None:
            raise ActionFailed()
        return dict(found)


class ReceiptPaymentAction(_Receipts):
    name = "tributos.pay_receipt"
    form = PAYMENT_FORM
    requires_identity = True

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        receipt = self._receipt(request)
        response = self._client.request(
            "POST",
            "/tributos/payments",
            json={
                "nif": request.citizen.nif,
                "receipt_id": receipt["id"],
                "idempotency_key": request.idempotency_key,
                "return_url": None,
            },
            idempotency_key=request.idempotency_key,
        )
        return _payment(_answer(response, request.language), receipt, request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/tributos/payments/requests/{request.idempotency_key}"
        order = found_by_key(self._client.request("GET", path))
        return None if order is None else _payment(order, order["receipt"], request.language)


def _payment(order: Any, receipt: Any, language: Language) -> ActionResult:
    message = _PAY[language].format(
        concept=f"{receipt['concept']['name'][language]} {receipt['year']}",
        amount=_euros(order["amount_cents"]),
        url=order["payment_url"],
    )
    return ActionResult(
        message=message,
        reference=order["order"],
        documents=[Document(title=_PAY_TITLE[language], url=order["payment_url"])],
    )


class DirectDebitAction(_Receipts):
    name = "tributos.direct_debit"
    form = DIRECT_DEBIT_FORM
    requires_identity = True

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        receipt = self._receipt(request)
        response = self._client.request(
            "POST",
            "/tributos/direct-debits",
            json={
                "nif": request.citizen.nif,
                "receipt_id": receipt["id"],
                "iban": request.values["iban"],
                "idempotency_key": request.idempotency_key,
            },
            idempotency_key=request.idempotency_key,
        )
        _answer(response, request.language)
        return _debited(receipt, request.values["iban"], request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/tributos/direct-debits/requests/{request.idempotency_key}"
        debit = found_by_key(self._client.request("GET", path))
        return (
            None if debit is None else _debited(debit["receipt"], debit["iban"], request.language)
        )


def _debited(receipt: Any, iban: str, language: Language) -> ActionResult:
    """The message names the account by its last four digits only (the IBAN is personal)."""
    account = f"···{iban.replace(' ', '')[-4:]}"
    message = _DEBIT[language].format(
        concept=f"{receipt['concept']['name'][language]} {receipt['year']}", account=account
    )
    return ActionResult(message=message, reference=receipt["id"])


class PaymentDocumentAction(_Receipts):
    """A pending receipt's payment document (to pay it at a bank) or a paid one's proof of
    payment, sealed by the back office and downloadable by its CSV. A direct-debited receipt
    has neither (the bank charges it), so it is not offered."""

    name = "tributos.payment_document"
    form = DOCUMENT_FORM
    requires_identity = True
    offered = ("pending", "paid")

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        receipt = self._receipt(request)
        response = self._client.request(
            "POST",
            f"/tributos/receipts/{receipt['id']}/documents",
            json={"nif": request.citizen.nif, "idempotency_key": request.idempotency_key},
            idempotency_key=request.idempotency_key,
        )
        document = expect_json(response)
        language = request.language
        concept = f"{receipt['concept']['name'][language]} {receipt['year']}"
        titles = _DOCUMENT_TITLE.get(document["kind"], _DOCUMENT_TITLE["payment-document"])
        return ActionResult(
            message=_DOCUMENT_READY[language].format(csv=document["csv"]),
            reference=document["csv"],
            documents=[
                Document(titles[language].format(concept=concept), document["download_url"])
            ],
        )
