"""Many deterministic UUID strings at once, from a seeded ``random.Random``.

:func:`uuid4_strings` returns exactly what ``count`` calls of
``str(uuid.UUID(int=rng.getrandbits(128), version=4))`` would return, and leaves ``rng`` in the same
state, but builds the strings with a handful of C-level byte operations instead of one ``UUID`` object
per value (about 0.1 µs per UUID instead of 1.5 µs). The equality is tested.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

_UUID_BYTES = 16
_TEXT = 36
# Big-endian byte 6 holds the version nibble, byte 8 the variant bits (RFC 4122: 0b10xx).
_VERSION = bytes((b & 0x0F) | 0x40 for b in range(256))
_VERSION7 = bytes((b & 0x0F) | 0x70 for b in range(256))
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))
# Where hex digit j (0..31) goes in the 36-character text "8-4-4-4-12".
_POSITIONS = tuple(j + sum(j >= cut for cut in (8, 12, 16, 20)) for j in range(32))


def uuid4_strings(rng: random.Random, count: int) -> list[str]:
    """``count`` UUID strings, as ``str(uuid.UUID(int=rng.getrandbits(128), version=4))`` would give."""
    if count <= 0:
        return []
    # randbytes(n) is getrandbits(8n) in little-endian order, i.e. ``count`` successive 128-bit draws,
    # each little-endian. Reversing the whole block makes each draw big-endian, in reverse order.
    raw = bytearray(rng.randbytes(_UUID_BYTES * count)[::-1])
    raw[6::_UUID_BYTES] = raw[6::_UUID_BYTES].translate(_VERSION)
    raw[8::_UUID_BYTES] = raw[8::_UUID_BYTES].translate(_VARIANT)
    out = _texts(raw, count)
    out.reverse()
    return out


def _texts(raw: bytearray, count: int) -> list[str]:
    """The "8-4-4-4-12" hex texts of ``count`` big-endian 16-byte values."""
    digits = raw.hex().encode("ascii")
    text = bytearray(b"-" * (_TEXT * count))
    for j, pos in enumerate(_POSITIONS):
        text[pos::_TEXT] = digits[j::32]
    joined = text.decode("ascii")
    return [joined[i : i + _TEXT] for i in range(0, _TEXT * count, _TEXT)]


def uuid7_strings(rng: random.Random, millis: Sequence[int]) -> list[str]:
    """Version-7 UUID strings (RFC 9562: 48-bit Unix time in milliseconds, then random bits), one per
    timestamp of ``millis``, the random bits from ``rng``.

    Their text order is the order of the timestamps (ties: random), so a unique index on them grows at
    its end like the timestamps do, instead of at random places like version-4 UUIDs."""
    count = len(millis)
    if count <= 0:
        return []
    raw = bytearray(rng.randbytes(_UUID_BYTES * count))
    stamps = b"".join(m.to_bytes(6, "big") for m in millis)
    for j in range(6):
        raw[j::_UUID_BYTES] = stamps[j::6]
    raw[6::_UUID_BYTES] = raw[6::_UUID_BYTES].translate(_VERSION7)
    raw[8::_UUID_BYTES] = raw[8::_UUID_BYTES].translate(_VARIANT)
    return _texts(raw, count)
