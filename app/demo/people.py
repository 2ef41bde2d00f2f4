"""Fast, deterministic generator of realistic Peruvian people (demo customers).

`generate_people(n, seed, start)` yields person number ``start .. start+n-1`` of the population defined by
``seed`` as plain tuples in `PERSON_COLUMNS` order. Contracts:

* Deterministic: the output depends only on (seed, person index), never on the process, the platform,
  ``PYTHONHASHSEED`` or the way the range is split into calls. Person ``i`` is built from the random
  stream of chunk ``i // CHUNK`` (one `random.Random` per (seed, chunk), seeded with a string, which Python
  hashes with SHA-512), so generating 0..n-1 in one call or in any pieces gives the same people.
* Document numbers are unique within a population (for one seed) for every index below `MAX_PEOPLE`:
  person ``i`` gets ``p = perm(i)``, a bijection of ``[0, 70_000_000)`` (an affine map followed by two
  table-driven Feistel rounds, all keyed by the seed). DNI = ``10_000_000 + p`` (8 digits), the RUC of a
  person with business ("10" + that DNI + SUNAT check digit, 11 digits), a CE (carné de extranjería) is
  ``p`` on 9 digits. The three shapes have different lengths, so the strings never collide.
* Frequencies come from the lists in ``resources/demo/`` (surnames, given names by sex, streets,
  districts). Draws go through 4,096-slot lookup tables indexed by random 12-bit words, i.e.
  probabilities are quantized to 1/4,096 (every listed entry keeps at least one slot); given names come
  from a pool of 4,096 drawn first-names strings per sex, house numbers from a pool of 4,096.

Speed: the random words of a chunk come from one ``randbytes`` call and every column is built with
C-level ``map``/comprehensions; about 1 µs per person.
"""

from __future__ import annotations

import functools
import random
import re
import sys
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "CHUNK",
    "MAX_PEOPLE",
    "PERSON_COLUMNS",
    "generate_people",
    "ruc_check_digit",
]

PERSON_COLUMNS = ("doc_type", "doc_number", "first_names", "last_names", "phone", "phone2", "address")

Person = tuple[str, str, str, str, str, str | None, str]

CHUNK = 10_000
"""People per random stream; part of the determinism contract (changing it changes the data)."""

_DNI_BASE = 10_000_000
_LO_SPAN = 10_000  # the permutation works on p = hi * _LO_SPAN + lo
_HI_SPAN = 7_000
_SPAN = _HI_SPAN * _LO_SPAN  # 70,000,000 distinct document numbers: DNI 10000000..79999999
MAX_PEOPLE = _SPAN
"""Indices at or above this would repeat document numbers and are refused."""

# Bits of the random word of each per-person table lookup: small tables keep the lookups in the CPU caches, which
# matters more than anything else for speed here.
_FIELD_BITS = (13, 12, 12, 12, 12, 12)  # given names, paternal, maternal, street, house number, district
_HIGH_MASKS = tuple(bytes(x & ((1 << (bits - 8)) - 1) for x in range(256)) for bits in _FIELD_BITS)
_TABLE = 1 << 12
_GIVEN_PER_SEX = 1 << 12  # the given-names table holds women in its first half, men in the second
_TWO_GIVEN_NAMES = 0.45  # share of people with two given names ("María Elena")
_PHONE2_BELOW = 38  # a random byte below this gives a second phone: 38/256 = 14.8 %
# Random byte -> document type: 8/256 = 3.1 % CE, 3/256 = 1.2 % RUC, the rest (95.7 %) DNI.
_DOC_FLAGS = bytes(b"C"[0] if b < 8 else b"R"[0] if b < 11 else b"D"[0] for b in range(256))
_DOC_TYPE = tuple("CE" if b < 8 else "RUC" if b < 11 else "DNI" for b in range(256))
_PHONE2_FLAGS = bytes(b"1"[0] if b < _PHONE2_BELOW else b"0"[0] for b in range(256))
_NON_DNI = re.compile(b"[CR]")
_ONE = re.compile(b"1")
_RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Bytes per person in a chunk's random block: the small words (low bytes, then high bytes, field by
# field), two 32-bit words (phone, second phone), two bytes (document type, has a second phone).
_FIELDS = len(_FIELD_BITS)
_BLOCK = CHUNK * (2 * _FIELDS + 4 * 2 + 2)

_U32 = "I" if array("I").itemsize == 4 else "L"  # an unsigned 32-bit array typecode

_DATA_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo"


def ruc_check_digit(first10: str) -> int:
    """SUNAT check digit (module 11) of the first 10 digits of a RUC."""
    total = sum(int(d) * w for d, w in zip(first10, _RUC_WEIGHTS, strict=True))
    r = 11 - total % 11
    return 0 if r == 10 else 1 if r == 11 else r


def _read_lines(name: str) -> list[str]:
    """Non-empty, non-comment (#) lines of a UTF-8 list in resources/demo."""
    text = (_DATA_DIR / name).read_text(encoding="utf-8")
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def _read_weighted(name: str) -> list[tuple[str, float]]:
    """(value, relative frequency) pairs of a ``value<TAB>frequency`` list in resources/demo."""
    out: list[tuple[str, float]] = []
    for line in _read_lines(name):
        value, weight = line.split("\t")
        out.append((value.strip(), float(weight)))
    return out


def _quantize(pairs: Sequence[tuple[str, float]], size: int) -> list[str]:
    """A table of `size` slots where each value fills a share proportional to its weight (largest
    remainder rounding; every value keeps at least one slot)."""
    total = sum(w for _, w in pairs)
    exact = [w * size / total for _, w in pairs]
    counts = [max(1, int(x)) for x in exact]
    by_remainder = sorted(range(len(pairs)), key=lambda k: (counts[k] - exact[k], k))
    k = 0
    while sum(counts) < size:
        counts[by_remainder[k % len(pairs)]] += 1
        k += 1
    while sum(counts) > size:  # only when many tiny weights were raised to one slot
        big = max(range(len(pairs)), key=lambda j: (counts[j], -j))
        counts[big] -= 1
    return [value for (value, _), c in zip(pairs, counts, strict=True) for _ in range(c)]


def _given_names_pool(pairs: Sequence[tuple[str, float]], rng: random.Random, size: int) -> list[str]:
    """`size` first-names strings ("Rosa" or "Rosa María") drawn by frequency."""
    names = [n for n, _ in pairs]
    cum: list[float] = []
    acc = 0.0
    for _, w in pairs:
        acc += w
        cum.append(acc)
    pool: list[str] = []
    for _ in range(size):
        first = rng.choices(names, cum_weights=cum)[0]
        if rng.random() < _TWO_GIVEN_NAMES:
            second = first
            while second == first:
                second = rng.choices(names, cum_weights=cum)[0]
            first = f"{first} {second}"
        pool.append(first)
    return pool


def _house_numbers(rng: random.Random, size: int) -> list[str]:
    """`size` street-number parts: "1234", "456 Int. 3", "820 Dpto. 302", "Mz. B Lt. 12"."""
    blocks = "ABCDEFGHIJKLMNOPRSTUVWXYZ"
    out: list[str] = []
    for _ in range(size):
        if rng.random() < 0.12:  # urban expansion: manzana / lote instead of a number
            out.append(
                f"Mz. {rng.choice(blocks)}{rng.choice(('', '', '', '1', '2'))} Lt. {rng.randint(1, 40)}"
            )
            continue
        number = str(int(10 ** rng.uniform(0.3, 3.65)))
        roll = rng.random()
        if roll < 0.06:
            number += f" Int. {rng.choice((rng.randint(1, 12), rng.choice('ABCDEF')))}"
        elif roll < 0.10:
            number += f" Dpto. {rng.randint(1, 6)}0{rng.randint(1, 4)}"
        out.append(number)
    return out


class _Tables(NamedTuple):
    given: list[str]  # 8,192 first-names strings: female in the first half, male in the second
    surname: list[str]
    surname_sp: list[str]  # same, with a trailing space (paternal surname)
    street_sp: list[str]  # "Av. Arequipa "
    house: list[str]  # "1234 Int. 3"
    district: list[str]  # ", Comas, Lima"


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The lookup tables, built once per process from resources/demo (seed-independent, deterministic)."""
    rng = random.Random("abono.demo.people.tables")
    given = _given_names_pool(_read_weighted("first_names_female.tsv"), rng, _GIVEN_PER_SEX)
    given += _given_names_pool(_read_weighted("first_names_male.tsv"), rng, _GIVEN_PER_SEX)
    surname = _quantize(_read_weighted("surnames.tsv"), _TABLE)
    streets = _quantize([(s, 1.0) for s in _read_lines("streets.txt")], _TABLE)
    districts = _quantize([(d, 1.0) for d in _read_lines("districts.txt")], _TABLE)
    return _Tables(
        given=given,
        surname=surname,
        surname_sp=[s + " " for s in surname],
        street_sp=[s + " " for s in streets],
        house=_house_numbers(rng, _TABLE),
        district=[", " + d for d in districts],
    )


class _Perm(NamedTuple):
    a: int
    b: int
    t_lo: list[int]  # indexed by hi, values in [0, _LO_SPAN)
    t_hi: list[int]  # indexed by lo, values in [0, _HI_SPAN)


@functools.lru_cache(maxsize=8)
def _perm(seed: int) -> _Perm:
    """Keys of the seed's permutation of [0, _SPAN): p = F(a*i + b mod _SPAN), F two Feistel rounds."""
    rng = random.Random(f"abono.demo.people.perm/{seed}")
    while True:
        a = rng.randrange(_SPAN // 5, 4 * _SPAN // 5)
        if a % 2 and a % 5 and a % 7:  # coprime with 70,000,000 = 2^7 * 5^7 * 7
            break
    return _Perm(
        a=a,
        b=rng.randrange(_SPAN),
        t_lo=[rng.randrange(_LO_SPAN) for _ in range(_HI_SPAN)],
        t_hi=[rng.randrange(_HI_SPAN) for _ in range(_LO_SPAN)],
    )


def _doc_ids(seed: int, first: int, stop: int) -> list[int]:
    """perm(i) for first <= i < stop: distinct values in [0, _SPAN)."""
    a, b, t_lo, t_hi = _perm(seed)
    lo_span, hi_span, span = _LO_SPAN, _HI_SPAN, _SPAN
    out: list[int] = []
    append = out.append
    for x in range((a * first + b) % span, a * (stop - first) + (a * first + b) % span, a):
        hi, lo = divmod(x % span, lo_span)
        lo = (lo + t_lo[hi]) % lo_span
        append((hi + t_hi[lo]) % hi_span * lo_span + lo)
    return out


def _chunk(seed: int, chunk: int, lo: int, hi: int) -> Iterator[Person]:
    """People chunk*CHUNK + lo .. chunk*CHUNK + hi - 1 (0 <= lo < hi <= CHUNK)."""
    t = _tables()
    block = random.Random(f"abono.demo.people/{seed}/{chunk}").randbytes(_BLOCK)
    nf = CHUNK * _FIELDS
    n16 = 2 * nf
    little_endian = bytearray(n16)  # word k = low byte k | masked high byte k << 8
    little_endian[0::2] = block[:nf]
    little_endian[1::2] = b"".join(
        block[nf + f * CHUNK : nf + (f + 1) * CHUNK].translate(mask) for f, mask in enumerate(_HIGH_MASKS)
    )
    u16 = array("H", little_endian)
    u32 = array(_U32, block[n16 : n16 + CHUNK * 8])
    if sys.byteorder == "big":  # the contract is little-endian words on every platform
        u16.byteswap()
        u32.byteswap()
    doc_bytes = block[n16 + CHUNK * 8 : n16 + CHUNK * 9][lo:hi]
    p2_bytes = block[n16 + CHUNK * 9 :][lo:hi]

    def words(field: int) -> array[int]:
        return u16[field * CHUNK + lo : field * CHUNK + hi]

    first = list(map(t.given.__getitem__, words(0)))
    last = list(
        map(str.__add__, map(t.surname_sp.__getitem__, words(1)), map(t.surname.__getitem__, words(2)))
    )
    street, house, district = t.street_sp, t.house, t.district
    address = [
        f"{street[s]}{house[h]}{district[d]}" for s, h, d in zip(words(3), words(4), words(5), strict=True)
    ]
    phone = [str(900_000_000 + x % 100_000_000) for x in u32[lo:hi]]

    phone2: list[str | None] = [None] * (hi - lo)
    second = u32[CHUNK + lo : CHUNK + hi]
    for m in _ONE.finditer(p2_bytes.translate(_PHONE2_FLAGS)):
        k = m.start()
        phone2[k] = str(900_000_000 + second[k] % 100_000_000)

    base = chunk * CHUNK
    ids = _doc_ids(seed, base + lo, base + hi)
    doc_type = list(map(_DOC_TYPE.__getitem__, doc_bytes))
    doc_number = list(map(str, map(_DNI_BASE.__add__, ids)))
    for m in _NON_DNI.finditer(doc_bytes.translate(_DOC_FLAGS)):
        k = m.start()
        if m.group() == b"C":
            doc_number[k] = f"{ids[k]:09d}"
        else:
            head = "10" + doc_number[k]
            doc_number[k] = f"{head}{ruc_check_digit(head)}"
    return zip(doc_type, doc_number, first, last, phone, phone2, address, strict=True)


def generate_people(n: int, seed: int, start: int = 0) -> Iterator[Person]:
    """Yield people number ``start .. start+n-1`` of the population of `seed`, as tuples in
    `PERSON_COLUMNS` order: (doc_type "DNI"/"CE"/"RUC", doc_number digits, first_names, last_names,
    phone "9xxxxxxxx", phone2 or None, address).

    Deterministic for (seed, index): any split of a range into calls yields the same people. Document
    numbers are unique for one seed over all indices < `MAX_PEOPLE`. Raises ValueError on a negative
    `n`/`start` or a range beyond `MAX_PEOPLE`.
    """
    if n < 0 or start < 0:
        raise ValueError("n and start must be >= 0")
    stop = start + n
    if stop > MAX_PEOPLE:
        raise ValueError(f"at most {MAX_PEOPLE} people per seed (asked up to index {stop - 1})")
    index = start
    while index < stop:
        chunk, lo = divmod(index, CHUNK)
        hi = min(CHUNK, stop - chunk * CHUNK)
        yield from _chunk(seed, chunk, lo, hi)
        index = chunk * CHUNK + hi
