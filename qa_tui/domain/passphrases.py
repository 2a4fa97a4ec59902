"""Passphrases and tokens, kept only in forms that cannot be turned back.

Passphrases are hashed with scrypt (memory-hard, in Python's standard library, so
there is no native package to install on a council laptop): a stolen database file
costs an attacker 32 MiB and tens of milliseconds per guess. The parameters travel
in the stored text, so stronger ones can be chosen later without breaking old hashes.

Tokens are 256 random bits: a fast SHA-256 is enough to keep them, since nobody can
guess one, and it lets a token be found by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 10
TOKEN_PREFIX = "qat_"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=32
    )


def hash_passphrase(passphrase: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def passphrase_matches(passphrase: str, stored: str | None) -> bool:
    """True when `passphrase` hashes to `stored`; compared in constant time."""
    if not stored:
        # Spend the same time as a real check, so a missing passphrase (or name) cannot
        # be told from a wrong one by the clock.
        _scrypt(passphrase, b"\0" * 16, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = _scrypt(passphrase, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase will not do, or None. Length matters most; nothing else is
    demanded, so people choose several words they can remember."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"a passphrase needs at least {MIN_PASSPHRASE} characters (several words are best)"
    if passphrase != passphrase.strip():
        return "a passphrase cannot start or end with a space"
    return None


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()
