"""A FAKE card-payment gateway shaped like Redsys: a payment page where one "pays" with a test
card (or simulates a refusal), and the signed server-to-server notification Redsys sends the
merchant afterwards.

A notification is three fields, as in Redsys:

- `Ds_SignatureVersion`: `HMAC_SHA256_V1`;
- `Ds_MerchantParameters`: Base64 of a JSON object with `Ds_Order`, `Ds_Amount` (cents, as a
  string), `Ds_Currency` (`978`, euros), `Ds_Response` (`0000`-`0099` authorised, e.g. `0190`
  refused), `Ds_Date` (`dd/mm/yyyy`) and `Ds_Hour` (`HH:MM`), Madrid time;
- `Ds_Signature`: Base64url of HMAC-SHA256 over `Ds_MerchantParameters` (the Base64 text).

SIMPLIFICATION: real Redsys first derives a per-order key (3DES of the order id with the
merchant's secret) and signs with that; here the HMAC key is the merchant key itself, 32 random
bytes generated on first start in `<data_dir>/gateway/merchant.key`. Whatever is applied, from
the page or from the notification endpoint, goes through `PaymentGateway.receive`, which checks
the signature (constant-time) before it reads anything else.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from html import escape
from pathlib import Path

from ali_sandbox.appointments import LOCAL_TIME, Clock, utc_now
from ali_sandbox.errors import InvalidNotification, MerchantKeyError
from ali_sandbox.tributos import CREATED, ORDER_PAID, PaymentOrder, TaxOffice, euros

KEY_FILE = "merchant.key"
KEY_BYTES = 32
SIGNATURE_VERSION = "HMAC_SHA256_V1"
CURRENCY_EUR = "978"
AUTHORISED = "0000"
REFUSED = "0190"  # "Denegada sin especificar motivo"
MAX_FIELD_CHARS = 4096

GATEWAY_NOTICE = "PASARELA DE PAGO DE PRUEBA (SANDBOX)"
PAY_BUTTON = "Pagar con tarjeta de prueba"
REFUSE_BUTTON = "Simular pago denegado"

# Inline styles only; no script, no external resource. (No `form-action`: browsers apply it to
# the redirect to the merchant's return address too.)
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_PAGE = """<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{notice}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }}
.sandbox {{ background: #b00020; color: #fff; padding: .75rem 1rem; font-weight: bold; }}
dt {{ font-weight: bold; margin-top: .5rem; }}
button {{ font-size: 1rem; padding: .5rem 1rem; margin: 1rem .5rem 0 0; }}
</style>
</head>
<body>
<p class="sandbox">{notice} — no se cobra nada: datos y tarjeta de demostración.</p>
{body}
</body>
</html>
"""


def load_or_create_merchant_key(folder: Path) -> bytes:
    """The gateway's secret (shared with the merchant), generated the first time."""
    path = folder / KEY_FILE
    if path.exists():
        try:
            key = base64.b64decode(path.read_bytes().strip(), validate=True)
        except (OSError, binascii.Error) as exc:
            raise MerchantKeyError() from exc
        if len(key) < KEY_BYTES:
            raise MerchantKeyError("The sandbox merchant key is too short.")
        return key
    key = secrets.token_bytes(KEY_BYTES)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_EXCL: written once; readable by its owner only.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        with os.fdopen(os.open(path, flags, 0o600), "wb") as key_file:
            key_file.write(base64.b64encode(key) + b"\n")
    except FileExistsError:  # another process created it first: use theirs
        return load_or_create_merchant_key(folder)
    except OSError as exc:
        raise MerchantKeyError("The sandbox merchant key could not be written.") from exc
    return key


def sign(key: bytes, merchant_parameters: str) -> str:
    """`Ds_Signature`: Base64url (padded) of HMAC-SHA256 over the Base64 parameters."""
    digest = hmac.new(key, merchant_parameters.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


class PaymentGateway:
    def __init__(self, office: TaxOffice, key: bytes, *, clock: Clock = utc_now) -> None:
        self._office = office
        self._key = key
        self._clock = clock

    def notification(self, order: PaymentOrder, *, ok: bool) -> dict[str, str]:
        """The signed notification the gateway sends once the card holder has paid (or not)."""
        now = self._clock().astimezone(LOCAL_TIME)
        parameters = {
            "Ds_Order": order.order,
            "Ds_Amount": str(order.amount_cents),
            "Ds_Currency": CURRENCY_EUR,
            "Ds_Response": AUTHORISED if ok else REFUSED,
            "Ds_Date": now.strftime("%d/%m/%Y"),
            "Ds_Hour": now.strftime("%H:%M"),
        }
        encoded = base64.b64encode(
            json.dumps(parameters, separators=(",", ":")).encode("utf-8")
        ).decode("ascii")
        return {
            "Ds_SignatureVersion": SIGNATURE_VERSION,
            "Ds_MerchantParameters": encoded,
            "Ds_Signature": sign(self._key, encoded),
        }

    def receive(self, fields: Mapping[str, object]) -> PaymentOrder:
        """Verify a notification and apply it (400 `InvalidNotification`, nothing changed, if
        its signature or parameters do not check out). Applying one twice changes nothing."""
        version = _field(fields, "Ds_SignatureVersion")
        encoded = _field(fields, "Ds_MerchantParameters")
        signature = _field(fields, "Ds_Signature")
        if version != SIGNATURE_VERSION:
            raise InvalidNotification("Unsupported Ds_SignatureVersion.")
        expected = sign(self._key, encoded).rstrip("=").encode("ascii")
        given = signature.replace("+", "-").replace("/", "_").rstrip("=").encode("ascii", "replace")
        if not hmac.compare_digest(given, expected):
            raise InvalidNotification("The notification's signature is not valid.")
        parameters = _parameters(encoded)
        order_id = parameters["Ds_Order"]
        amount = parameters["Ds_Amount"]
        response = parameters["Ds_Response"]
        if not (order_id.isdigit() and amount.isdigit() and response.isdigit()):
            raise InvalidNotification("Ds_Order, Ds_Amount and Ds_Response must be digits.")
        if parameters["Ds_Currency"] != CURRENCY_EUR or len(response) > 4:
            raise InvalidNotification("Unexpected Ds_Currency or Ds_Response.")
        return self._office.settle(order_id, int(amount), response.zfill(4))


def payment_page(order: PaymentOrder, action: str) -> str:
    """The page the citizen is sent to: the amount, the concept, and the two test buttons (only
    while the order is still open)."""
    receipt = order.receipt
    details = (
        "<h1>Pago con tarjeta</h1>\n<dl>\n"
        f"<dt>Pedido</dt><dd>{escape(order.order)}</dd>\n"
        f"<dt>Concepto</dt><dd>{escape(receipt.concept.name_es)} {receipt.year}</dd>\n"
        f"<dt>Recibo</dt><dd>{escape(receipt.id)}</dd>\n"
        f"<dt>Importe</dt><dd>{escape(euros(order.amount_cents))}</dd>\n</dl>\n"
    )
    if order.status == CREATED:
        details += (
            f'<form method="post" action="{escape(action)}">\n'
            f'<button type="submit" name="outcome" value="ok">{PAY_BUTTON}</button>\n'
            f'<button type="submit" name="outcome" value="ko">{REFUSE_BUTTON}</button>\n'
            "</form>\n"
        )
    else:
        details += f"<p>{escape(_outcome_text(order))}</p>\n"
    return _PAGE.format(notice=GATEWAY_NOTICE, body=details)


def result_page(order: PaymentOrder) -> str:
    """What the citizen sees after paying when the merchant gave no return address."""
    body = (
        f"<h1>{escape(_outcome_text(order))}</h1>\n"
        f"<p>Pedido {escape(order.order)} · {escape(order.receipt.concept.name_es)} "
        f"{order.receipt.year} · {escape(euros(order.amount_cents))}</p>\n"
    )
    return _PAGE.format(notice=GATEWAY_NOTICE, body=body)


def _outcome_text(order: PaymentOrder) -> str:
    if order.status == ORDER_PAID:
        return "Pago realizado (SANDBOX)."
    if order.status == CREATED:
        return "Pago pendiente."
    return "Pago denegado (SANDBOX). El recibo sigue pendiente."


def _field(fields: Mapping[str, object], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value or len(value) > MAX_FIELD_CHARS:
        raise InvalidNotification(f"{name} is missing or not valid.")
    if not value.isascii():
        raise InvalidNotification(f"{name} is not valid.")
    return value


def _parameters(encoded: str) -> dict[str, str]:
    """The decoded `Ds_MerchantParameters` (Base64 or Base64url) with its required fields."""
    try:
        padded = encoded.replace("-", "+").replace("_", "/")
        padded += "=" * (-len(padded) % 4)
        data = json.loads(base64.b64decode(padded, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise InvalidNotification("Ds_MerchantParameters could not be decoded.") from exc
    if not isinstance(data, dict):
        raise InvalidNotification("Ds_MerchantParameters must be a JSON object.")
    required = ("Ds_Order", "Ds_Amount", "Ds_Currency", "Ds_Response")
    values = {name: data.get(name) for name in required}
    if not all(isinstance(value, str) and value for value in values.values()):
        raise InvalidNotification("Ds_MerchantParameters lacks a required field.")
    return {name: str(value) for name, value in values.items()}
