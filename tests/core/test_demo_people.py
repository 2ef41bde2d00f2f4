"""Tests for app.demo.people: determinism, chunking, uniqueness, formats and realistic frequencies."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from app.demo.people import CHUNK, MAX_PEOPLE, PERSON_COLUMNS, generate_people, ruc_check_digit

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "resources" / "demo"


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, str, str, str, str, str | None, str]]:
    return list(generate_people(50_000, seed=2024))


def _digest(n: int, seed: int) -> str:
    h = hashlib.sha256()
    for person in generate_people(n, seed):
        h.update(repr(person).encode())
    return h.hexdigest()


def test_columns_and_tuple_shape() -> None:
    people = list(generate_people(10, seed=1))
    assert len(people) == 10
    assert all(len(p) == len(PERSON_COLUMNS) == 7 for p in people)
    assert PERSON_COLUMNS[0] == "doc_type" and PERSON_COLUMNS[-1] == "address"


def test_deterministic_for_a_seed() -> None:
    assert list(generate_people(5_000, seed=7)) == list(generate_people(5_000, seed=7))


def test_deterministic_across_processes_and_hash_seeds() -> None:
    code = (
        "import hashlib\n"
        "from app.demo.people import generate_people\n"
        "h = hashlib.sha256()\n"
        "for p in generate_people(3000, 11):\n"
        "    h.update(repr(p).encode())\n"
        "print(h.hexdigest())\n"
    )
    outs = set()
    for hash_seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        outs.add(result.stdout.strip())
    assert outs == {_digest(3000, 11)}


def test_different_seeds_differ() -> None:
    a = list(generate_people(1_000, seed=1))
    b = list(generate_people(1_000, seed=2))
    assert a != b
    assert sum(x == y for x, y in zip(a, b, strict=True)) == 0
    assert len({p[1] for p in a} & {p[1] for p in b}) < 50


def test_chunked_generation_equals_one_shot() -> None:
    total = 2 * CHUNK + 5_000
    whole = list(generate_people(total, seed=99))
    assert len(whole) == total
    cuts = [0, 7, CHUNK - 1, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 3, total]
    pieces: list[tuple[str, str, str, str, str, str | None, str]] = []
    for lo, hi in itertools.pairwise(cuts):
        pieces.extend(generate_people(hi - lo, seed=99, start=lo))
    assert pieces == whole
    assert list(generate_people(100, seed=99, start=CHUNK - 50)) == whole[CHUNK - 50 : CHUNK + 50]
    assert list(generate_people(0, seed=99, start=123)) == []


def test_document_numbers_unique_over_200k() -> None:
    people = list(generate_people(200_000, seed=5))
    numbers = [p[1] for p in people]
    assert len(set(numbers)) == len(numbers)
    # ...and far away in the index space too (the permutation is a bijection).
    tail = [p[1] for p in generate_people(20_000, seed=5, start=2_980_000)]
    assert len(set(numbers) | set(tail)) == len(numbers) + len(tail)
    # the same person number in the underlying DNI space is never reused by a CE/RUC holder
    dni_space = [
        n[2:10] if t == "RUC" else str(10_000_000 + int(n)) if t == "CE" else n for t, n, *_ in people
    ]
    assert len(set(dni_space)) == len(dni_space)


def test_doc_types_formats_and_shares(sample: list[tuple[str, str, str, str, str, str | None, str]]) -> None:
    counts = Counter(p[0] for p in sample)
    assert set(counts) == {"DNI", "CE", "RUC"}
    n = len(sample)
    assert 0.94 < counts["DNI"] / n < 0.975
    assert 0.02 < counts["CE"] / n < 0.04
    assert 0.005 < counts["RUC"] / n < 0.02
    for doc_type, number, *_ in sample:
        assert number.isdigit() and number.isascii()
        if doc_type == "DNI":
            assert len(number) == 8 and 10_000_000 <= int(number) <= 79_999_999
        elif doc_type == "CE":
            assert len(number) == 9
        else:
            assert len(number) == 11 and number.startswith("10")


def _sunat_check(first10: str) -> int:
    weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    total = sum(int(d) * w for d, w in zip(first10, weights, strict=True))
    return {10: 0, 11: 1}.get(11 - total % 11, 11 - total % 11)


def test_ruc_check_digit_valid(sample: list[tuple[str, str, str, str, str, str | None, str]]) -> None:
    rucs = [p[1] for p in sample if p[0] == "RUC"]
    assert len(rucs) > 100
    for ruc in rucs:
        assert int(ruc[10]) == _sunat_check(ruc[:10])
    assert ruc_check_digit("2013131295") == 5  # SUNAT's own RUC: 20131312955
    for k in range(0, 10_000_000_000, 7_777_777):
        assert ruc_check_digit(f"{k:010d}") == _sunat_check(f"{k:010d}")


def test_phones(sample: list[tuple[str, str, str, str, str, str | None, str]]) -> None:
    mobile = re.compile(r"9\d{8}")
    with_second = 0
    for p in sample:
        assert mobile.fullmatch(p[4])
        if p[5] is not None:
            with_second += 1
            assert mobile.fullmatch(p[5])
    assert 0.12 < with_second / len(sample) < 0.18


def test_fields_non_empty_and_shaped(sample: list[tuple[str, str, str, str, str, str | None, str]]) -> None:
    address = re.compile(
        r"(Av\.|Jr\.|Calle|Cl\.|Pje\.|Psje\.|Prol\.) .+ (\d+|Mz\. \w+ Lt\. \d+)( (Int|Dpto)\. \w+)?, [^,]+, [^,]+"
    )
    for _doc_type, number, first, last, phone, _phone2, addr in sample:
        assert number and first and last and phone and addr
        assert first == first.strip() and "  " not in first
        assert 1 <= len(first.split()) <= 2
        assert len(last.split()) == 2
        assert address.fullmatch(addr), addr


def test_surname_frequencies_and_spanish_letters(
    sample: list[tuple[str, str, str, str, str, str | None, str]],
) -> None:
    paternal = Counter(p[3].split()[0] for p in sample)
    (top, top_count), (_, second_count) = paternal.most_common(2)
    assert top == "Quispe"
    assert 0.03 < top_count / len(sample) < 0.05
    assert top_count > 1.5 * second_count
    text = " ".join(f"{p[2]} {p[3]} {p[6]}" for p in sample)
    for needle in ("ñ", "Ñ", "á", "é", "í", "ó", "ú", "Muñoz", "Núñez", "Ñahui", "José", "María"):
        assert needle in text, needle
    first_given = Counter(p[2].split()[0] for p in sample)
    assert {"María", "José"} <= {name for name, _ in first_given.most_common(4)}
    assert sum(" " in p[2] for p in sample) / len(sample) > 0.3


def test_data_lists_are_utf8_and_large_enough() -> None:
    def rows(name: str) -> list[str]:
        text = (DATA / name).read_text(encoding="utf-8")
        return [s for s in text.splitlines() if s.strip() and not s.startswith("#")]

    assert len(rows("surnames.tsv")) >= 150
    assert len(rows("first_names_female.tsv")) >= 80
    assert len(rows("first_names_male.tsv")) >= 80
    assert len(rows("streets.txt")) >= 60
    assert len(set(rows("districts.txt"))) >= 40
    for name in ("surnames.tsv", "first_names_female.tsv", "first_names_male.tsv"):
        for row in rows(name):
            value, weight = row.split("\t")
            assert value and float(weight) > 0


def test_bad_ranges_rejected() -> None:
    with pytest.raises(ValueError):
        list(generate_people(-1, seed=1))
    with pytest.raises(ValueError):
        list(generate_people(1, seed=1, start=-5))
    with pytest.raises(ValueError):
        list(generate_people(2, seed=1, start=MAX_PEOPLE - 1))
    assert len(list(generate_people(1, seed=1, start=MAX_PEOPLE - 1))) == 1
