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

import httpx

from ali.actions.action import ActionFailed, ActionRequest, ActionResult, Document
from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.catalogue.schema import Language
from ali.connectors.contracts.shared import body, read, read_list
from ali.connectors.contracts.tributos import (
    DirectDebitFound,
    DirectDebitRequest,
    PaymentDocument,
    PaymentDocumentRequest,
    PaymentOrder,
    PaymentOrderFound,
    PaymentRequest,
    Receipt,
)
from ali.connectors.http import (
    BackOfficeClient,
    citizen_header,
    expect_json,
    found_by_key,
    reads_back_office,
)
from ali.i18n import N_, Message
from ali.identity.citizen import Citizen
from ali.language.registry import installed

_RECEIPT_PROMPT = N_("Which bill?")
_RECEIPT_LABEL = N_("Bill")

PAYMENT_FORM = FormSpec(
    action="tributos.pay_receipt",
    title=N_("Paying a bill"),
    slots=(Slot("receipt", SlotKind.CHOICE, _RECEIPT_PROMPT, _RECEIPT_LABEL, dynamic=True),),
)

DIRECT_DEBIT_FORM = FormSpec(
    action="tributos.direct_debit",
    title=N_("Direct debit for a bill"),
    slots=(
        Slot("receipt", SlotKind.CHOICE, _RECEIPT_PROMPT, _RECEIPT_LABEL, dynamic=True),
        Slot(
            name="iban",
            kind=SlotKind.IBAN,
            label=N_("Account (IBAN)"),
            prompt=N_(
                "Which account? Type the IBAN (ES and 22 digits). It is used only for "
                "this direct debit and is not kept in the conversation."
            ),
            personal=True,
        ),
    ),
)

_PAY = N_(
    "To pay {concept} ({amount}), open the secure payment gateway: {url} . The bill will "
    "show as paid once the gateway confirms the payment."
)
_DEBIT = N_("Done: {concept} will be charged to account {account}.")
_NOT_PAYABLE = N_("That bill is no longer pending.")
_PAY_TITLE = N_("Payment gateway")


_STATUS_NAMES: dict[str, Message] = {
    "pending": N_("pending"),
    "paid": N_("paid"),
}
_DOCUMENT_TITLE = {
    "payment-document": N_("Payment slip for {concept} (PDF)"),
    "proof-of-payment": N_("Proof of payment for {concept} (PDF)"),
}
_DOCUMENT_READY = N_("Here is the document. Its secure verification code is {csv}.")

DOCUMENT_FORM = FormSpec(
    action="tributos.payment_document",
    title=N_("Copy or proof of payment of a bill"),
    slots=(Slot("receipt", SlotKind.CHOICE, _RECEIPT_PROMPT, _RECEIPT_LABEL, dynamic=True),),
    needs_confirmation=False,  # a copy of a document: nothing changes
)


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f} €".replace(".", ",")


def _answer(response: httpx.Response, language: Language = "es") -> Any:
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
                item.id,
                {
                    lang: f"{_concept(item, lang)} — "
                    f"{_euros(item.amount_cents)}{self._state(item.status, lang)}"
                    for lang in installed().codes
                },
            )
            for item in read_list(Receipt, receipts)
            if item.status in self.offered
        ]

    def _state(self, status: str, language: Language) -> str:
        """The receipt's state, shown when more than one state is offered."""
        if len(self.offered) == 1:
            return ""
        return f" ({_STATUS_NAMES[status][language] if status in _STATUS_NAMES else status})"

    def _receipt(self, request: ActionRequest) -> Receipt:
        assert request.citizen is not None
        receipts = _answer(
            self._client.request(
                "GET", "/tributos/receipts", headers=citizen_header(request.citizen)
            )
        )
        wanted = request.values["receipt"]
        found = next((r for r in read_list(Receipt, receipts) if r.id == wanted), None)
        if found is None:
            raise ActionFailed()
        return found


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
            json=body(
                PaymentRequest,
                nif=request.citizen.nif,
                receipt_id=receipt.id,
                idempotency_key=request.idempotency_key,
                return_url=None,
            ),
            idempotency_key=request.idempotency_key,
        )
        order = read(PaymentOrder, _answer(response, request.language))
        return _payment(order, receipt, request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/tributos/payments/requests/{request.idempotency_key}"
        order = found_by_key(self._client.request("GET", path))
        if order is None:
            return None
        found = read(PaymentOrderFound, order)
        return _payment(found, found.receipt, request.language)


def _concept(receipt: Receipt, language: Language) -> str:
    """`IBI 2026`: the receipt's concept in `language` and its year."""
    return f"{receipt.concept.name.in_language(language)} {receipt.year}"


def _payment(order: PaymentOrder, receipt: Receipt, language: Language) -> ActionResult:
    message = _PAY[language].format(
        concept=_concept(receipt, language),
        amount=_euros(order.amount_cents),
        url=order.payment_url,
    )
    return ActionResult(
        message=message,
        reference=order.order,
        documents=[Document(title=_PAY_TITLE[language], url=order.payment_url)],
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
            json=body(
                DirectDebitRequest,
                nif=request.citizen.nif,
                receipt_id=receipt.id,
                iban=request.values["iban"],
                idempotency_key=request.idempotency_key,
            ),
            idempotency_key=request.idempotency_key,
        )
        _answer(response, request.language)
        return _debited(receipt, request.values["iban"], request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/tributos/direct-debits/requests/{request.idempotency_key}"
        debit = found_by_key(self._client.request("GET", path))
        if debit is None:
            return None
        found = read(DirectDebitFound, debit)
        return _debited(found.receipt, found.iban, request.language)


def _debited(receipt: Receipt, iban: str, language: Language) -> ActionResult:
    """The message names the account by its last four digits only (the IBAN is personal)."""
    account = f"···{iban.replace(' ', '')[-4:]}"
    message = _DEBIT[language].format(concept=_concept(receipt, language), account=account)
    return ActionResult(message=message, reference=receipt.id)


class PaymentDocumentAction(_Receipts):
    """A pending receipt's payment document (to pay it at a bank) or a paid one's proof of
    payment, sealed by the back office and downloadable by its verification code. A
    direct-debited receipt has neither (the bank charges it), so it is not offered."""

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
            f"/tributos/receipts/{receipt.id}/documents",
            json=body(
                PaymentDocumentRequest,
                nif=request.citizen.nif,
                idempotency_key=request.idempotency_key,
            ),
            idempotency_key=request.idempotency_key,
        )
        document = read(PaymentDocument, expect_json(response))
        language = request.language
        concept = _concept(receipt, language)
        titles = _DOCUMENT_TITLE.get(document.kind, _DOCUMENT_TITLE["payment-document"])
        return ActionResult(
            message=_DOCUMENT_READY[language].format(csv=document.verification_code),
            reference=document.verification_code,
            documents=[Document(titles[language].format(concept=concept), document.download_url)],
        )
