"""Sealing a vote so that the database alone cannot open it.

The key of a ballot is derived from SECRET_KEY (kept in a file apart from the database, see
settings) and the ballot's id, so a seal cannot be moved to another ballot. Every sealed vote
has the same length whatever it says, and a fresh nonce, so two identical votes look unrelated.
"""

from __future__ import annotations

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE = 12
# Room for a few hundred items' answers; a vote that needs more takes whole extra blocks.
BLOCK = 4096


def _key(ballot_id: int, secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"gonghui-ballot-{ballot_id}".encode()).derive(
        secret.encode()
    )


def seal(ballot_id: int, answers: dict) -> bytes:
    plain = json.dumps({str(k): v for k, v in answers.items()}, ensure_ascii=False, separators=(",", ":")).encode()
    padded = plain.ljust(-(-len(plain) // BLOCK) * BLOCK)
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_key(ballot_id, settings.SECRET_KEY)).encrypt(nonce, padded, str(ballot_id).encode())


def unseal(ballot_id: int, box: bytes) -> dict[int, object]:
    """The answers, with the current key or, after a key rotation, a fallback one."""
    box = bytes(box)
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])):
        try:
            plain = AESGCM(_key(ballot_id, secret)).decrypt(box[:NONCE], box[NONCE:], str(ballot_id).encode())
        except InvalidTag:
            continue
        return {int(k): v for k, v in json.loads(plain).items()}
    raise ValueError("sealed vote cannot be opened with this server's keys")
