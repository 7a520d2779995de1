"""Sealing a vote so that the database alone cannot open it.

The key of a ballot is derived from SECRET_KEY (kept in a file apart from the database, see
settings) and the ballot's id, so a seal cannot be moved to another ballot. A vote is one byte
per item of the ballot, in the items' order: the index of the answer among the ballot's
values, or SKIPPED. So every seal of a ballot has the same length whatever it says, and a fresh
nonce makes two identical votes look unrelated.
"""

from __future__ import annotations

import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE = 12
SKIPPED = 255
# A value's index must fit the byte beside SKIPPED.
MAX_VALUES = SKIPPED


@lru_cache(maxsize=64)
def _key(ballot_id: int, secret: str) -> bytes:
    # Kept per process: a demo's or a count's thousands of seals derive the same key once.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"gonghui-ballot-{ballot_id}".encode()).derive(
        secret.encode()
    )


def seal(ballot_id: int, items: list[int], values: list[str], answers: dict[int, str]) -> bytes:
    """`answers` (item id → value) as one byte per item of `items`, sealed."""
    index = {value: n for n, value in enumerate(values)}
    plain = bytes(index[answers[item]] if item in answers else SKIPPED for item in items)
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_key(ballot_id, settings.SECRET_KEY)).encrypt(nonce, plain, str(ballot_id).encode())


def unseal(ballot_id: int, items: list[int], values: list[str], box: bytes) -> dict[int, str]:
    """The answers, with the current key or, after a key rotation, a fallback one."""
    box = bytes(box)
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])):
        try:
            plain = AESGCM(_key(ballot_id, secret)).decrypt(box[:NONCE], box[NONCE:], str(ballot_id).encode())
        except InvalidTag:
            continue
        return {item: values[n] for item, n in zip(items, plain, strict=True) if n != SKIPPED}
    raise ValueError("sealed vote cannot be opened with this server's keys")
