"""OIDC ID tokens as Google issues them for a service account, and the certs to verify them.

Cloud Tasks adds ``Authorization: Bearer <ID token>`` to an HTTP task with an ``oidcToken``:
issued by ``https://accounts.google.com`` for the audience asked, with the service account's
``email`` and ``email_verified``. The emulator signs with a key of its own (not the service
account's) and publishes the certificate at ``/oauth2/v1/certs`` in Google's format
(``{key id: PEM certificate}``), so google-auth's ``id_token.verify_token(certs_url=...)``
checks it exactly as it checks Google's.
"""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

ISSUER = "https://accounts.google.com"
CERTS_PATH = "/oauth2/v1/certs"
LIFETIME = 3600


class IdTokenIssuer:
    """Signs ID tokens with a key kept in the state directory, made on first use (an
    emulator that never dispatches a task never pays for an RSA key)."""

    def __init__(self, state_dir: Path) -> None:
        self._key_path = state_dir / "oidc-signing-private.pem"
        self._lock = threading.Lock()
        self._signer: crypt.RSASigner | None = None
        self._certificate = b""
        self.key_id = ""

    def _ready(self) -> crypt.RSASigner:
        with self._lock:
            if self._signer is None:
                pem = self._load_or_make()
                private = serialization.load_pem_private_key(pem, password=None)
                assert isinstance(private, rsa.RSAPrivateKey)
                self.key_id = hashlib.sha1(pem).hexdigest()  # noqa: S324 - an identifier
                self._certificate = _self_signed(private).public_bytes(serialization.Encoding.PEM)
                self._signer = crypt.RSASigner.from_string(pem, key_id=self.key_id)
            return self._signer

    def _load_or_make(self) -> bytes:
        if self._key_path.is_file():
            return self._key_path.read_bytes()
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._key_path.write_bytes(pem)
        self._key_path.chmod(0o600)
        return pem

    def certs(self) -> dict[str, str]:
        """The body of ``/oauth2/v1/certs``: key id -> PEM certificate."""
        self._ready()
        return {self.key_id: self._certificate.decode()}

    def issue(self, audience: str, email: str, now: float | None = None) -> str:
        """An ID token for ``email`` (a service account) and ``audience``, valid an hour.

        Real time by default, not the emulator's simulated clock: the receiver checks the
        token's times against its own clock."""
        issued = int(time.time() if now is None else now)
        subject = str(int(hashlib.sha256(email.encode()).hexdigest(), 16))[:21]
        claims = {
            "iss": ISSUER,
            "aud": audience,
            "azp": subject,
            "sub": subject,
            "email": email,
            "email_verified": True,
            "iat": issued,
            "exp": issued + LIFETIME,
        }
        token: bytes = jwt.encode(self._ready(), claims)
        return token.decode()


def _self_signed(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "oneonone-emulator-oidc")])
    start = datetime(2020, 1, 1, tzinfo=UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * 30))
        .sign(key, hashes.SHA256())
    )
