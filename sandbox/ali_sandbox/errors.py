"""Errors of the sandbox, rendered like ALI's (`{"error": Name, "detail": ...}`)."""

from __future__ import annotations

from ali.errors import AliError


class SandboxRefused(AliError):
    """The sandbox was asked to start in production: it holds fake people and a demo seal."""

    status_code = 500
    public_detail = "The sandbox back office never runs in production."


class UnknownTenant(AliError):
    """The sandbox was asked to serve a council it has no demo data for."""

    status_code = 500


class InvalidApiKey(AliError):
    status_code = 401
    public_detail = "A valid X-Api-Key header is required."


class UnknownCitizen(AliError):
    """No demo citizen has this NIF (the NIF itself is not echoed: it is personal data)."""

    status_code = 404
    public_detail = "No citizen with this NIF is registered in the sandbox padrón."


class UnknownCertificate(AliError):
    status_code = 404
    public_detail = "No document with this verification code exists."


class IdempotencyConflict(AliError):
    """An idempotency key was reused for a different request."""

    status_code = 409
    public_detail = "This idempotency key was already used for a different certificate request."


class NeverReceived(AliError):
    """The answer to "what became of the request with this idempotency key?" when none came:
    it is safe to send it again (with the same key)."""

    status_code = 404
    public_detail = "No request with this idempotency key was ever received."


class IdentityKeyError(AliError):
    status_code = 500
    public_detail = "The sandbox identity provider's key could not be loaded."


class UnknownService(AliError):
    status_code = 404
    public_detail = "No appointment service with this code exists."


class UnknownOffice(AliError):
    status_code = 404
    public_detail = "No office with this id offers this service."


class UnknownSlot(AliError):
    status_code = 404
    public_detail = "No appointment slot with this id exists."


class SlotTaken(AliError):
    """Someone else (or the citizen, with another idempotency key) already booked the slot."""

    status_code = 409
    public_detail = "This appointment slot has just been taken; please choose another one."


class SlotInThePast(AliError):
    status_code = 409
    public_detail = "This appointment slot has already started; please choose a later one."


class TooManyBookings(AliError):
    status_code = 409
    public_detail = "The citizen already holds the most upcoming appointments allowed."


class UnknownBooking(AliError):
    """No booking with this reference belongs to the citizen (whether it exists is not said)."""

    status_code = 404
    public_detail = "The citizen has no appointment with this reference."


class BookingInThePast(AliError):
    status_code = 409
    public_detail = "This appointment has already taken place and cannot be cancelled."


class Open311Error(AliError):
    """An error of the Open311 endpoint, rendered the GeoReport v2 way:
    `[{"code": status, "description": detail}]` with the same HTTP status."""

    status_code = 400
    public_detail = "The request is not valid."


class Open311InvalidRequest(Open311Error):
    status_code = 400


class Open311InvalidApiKey(Open311Error):
    status_code = 403
    public_detail = "A valid api_key (or X-Api-Key header) is required."


class Open311NotFound(Open311Error):
    status_code = 404
    public_detail = "Not found."


class Open311NeverReceived(Open311NotFound):
    public_detail = "NeverReceived: no service request was received with this token."


class Open311Conflict(Open311Error):
    status_code = 409
    public_detail = "This idempotency_key was already used for a different service request."


class Open311UnsupportedMediaType(Open311Error):
    status_code = 415
    public_detail = "Send application/x-www-form-urlencoded or application/json."


class Open311PayloadTooLarge(Open311Error):
    status_code = 413
    public_detail = "The request body is too large."


class UnknownReceipt(AliError):
    """No receipt with this id belongs to the citizen (whether it exists is not said)."""

    status_code = 404
    public_detail = "The citizen has no tax receipt with this id."


class ReceiptNotPayable(AliError):
    status_code = 409
    public_detail = "This tax receipt is not pending: it is already paid or direct-debited."


class UnknownPaymentOrder(AliError):
    status_code = 404
    public_detail = "No payment order with this id exists."


class InvalidIban(AliError):
    status_code = 422
    public_detail = "The IBAN is not a valid Spanish (ES) account number."


class InvalidNotification(AliError):
    """A payment notification whose signature or parameters do not check out; nothing changed."""

    status_code = 400
    public_detail = "The payment notification is not valid."


class MerchantKeyError(AliError):
    status_code = 500
    public_detail = "The sandbox payment gateway's merchant key could not be loaded."
