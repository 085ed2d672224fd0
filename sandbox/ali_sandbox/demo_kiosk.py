"""The SANDBOX's demo kiosk, `kiosk-demo`: its API key and its signing key are derived from
constants published here, on purpose, so the try-out screen at ALI's `/kiosk/` works out of
the box. Anyone can act as it: ALI's default `identity.refused_kiosk_keys` holds both
fingerprints (`fingerprints()`), so a production deployment does not load a council listing it.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

DEMO_KIOSK_ID = "kiosk-demo"
DEMO_KIOSK_API_KEY = "sandbox-demo-kiosk"
DEMO_KIOSK_SEED = b"ali-sandbox-demo-kiosk"
# The order of the P-256 group: the derived scalar must be below it.
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def demo_kiosk_key() -> ec.EllipticCurvePrivateKey:
    """The demo kiosk's signing key: the same on every machine, hence never trusted in
    production."""
    seed = int.from_bytes(hashlib.sha256(DEMO_KIOSK_SEED).digest(), "big")
    return ec.derive_private_key(seed % (_P256_ORDER - 1) + 1, ec.SECP256R1())


def demo_kiosk_public_pem() -> str:
    public = demo_kiosk_key().public_key()
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprints() -> tuple[str, str]:
    """The sha256 (hex) of the demo kiosk's API key and of its public key (DER SPKI), as ALI's
    `identity.refused_kiosk_keys` lists published keys."""
    public = demo_kiosk_key().public_key()
    spki = public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return (
        hashlib.sha256(DEMO_KIOSK_API_KEY.encode()).hexdigest(),
        hashlib.sha256(spki).hexdigest(),
    )
