"""The counter's search: accent- and case-insensitive names, word prefixes in any order, documents,
phones and account numbers, with each customer's accounts and their balances."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.core.conftest import Desk


@pytest.fixture
def people(desk: Desk) -> Desk:
    add = desk.branch.customers.add
    add("DNI", "10000001", "José Luis", "Núñez Peña", "912345678")
    add("DNI", "10000002", "María", "Flores Quispe", "923456789")
    add("CE", "001234567", "Ana Sofía", "García López")
    add("RUC", "10456789124", "Jorge", "Mamani Huamán", "934567890")
    return desk


def names(desk: Desk, text: str) -> list[str]:
    return [m.name for m in desk.branch.customers.search(text)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("munoz", "María Elena Quispe Muñoz"),
        ("MUÑOZ", "María Elena Quispe Muñoz"),
        ("quispe mar", "María Elena Quispe Muñoz"),
        ("nunez pena", "José Luis Núñez Peña"),
        ("jose", "José Luis Núñez Peña"),
        ("huaman jorge", "Jorge Mamani Huamán"),
    ],
)
def test_names_ignore_accents_case_and_word_order(people: Desk, query: str, expected: str) -> None:
    assert expected in names(people, query)


def test_all_words_must_match(people: Desk) -> None:
    assert set(names(people, "quispe mar")) == {"María Elena Quispe Muñoz", "María Flores Quispe"}
    assert names(people, "quispe jorge") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("45678912", "María Elena Quispe Muñoz"),  # DNI, exact
        ("4567", "María Elena Quispe Muñoz"),  # DNI prefix
        ("987 654 321", "María Elena Quispe Muñoz"),  # phone with spaces
        ("+51987654321", "María Elena Quispe Muñoz"),
        ("1000000001", "María Elena Quispe Muñoz"),  # account number
        ("001234567", "Ana Sofía García López"),  # CE
        ("10456789124", "Jorge Mamani Huamán"),  # RUC
    ],
)
def test_identifiers(people: Desk, query: str, expected: str) -> None:
    assert names(people, query)[0] == expected


def test_exact_matches_come_before_prefix_matches(people: Desk) -> None:
    people.branch.customers.add("DNI", "10000010", "Exacta", "Primera")
    people.branch.customers.add("DNI", "10000001".replace("1", "2", 1)[:8], "Otra", "Persona")
    assert names(people, "10000001")[0] == "José Luis Núñez Peña"


def test_results_carry_account_figures(people: Desk) -> None:
    (m,) = people.branch.customers.search("45678912")
    (acc,) = m.accounts
    assert acc.account_no == "1000000001"
    assert acc.balance == Decimal("1515.18")
    assert acc.overdue_amount == Decimal("770.08")
    assert acc.days_past_due == 156


def test_limit_and_empty_queries(people: Desk) -> None:
    assert len(people.branch.customers.search("a", limit=2)) <= 2
    assert people.branch.customers.search("   ") == []
    assert people.branch.customers.search("*** ()") == []
    assert people.branch.customers.search('"quispe') != []  # FTS syntax characters are never passed through
