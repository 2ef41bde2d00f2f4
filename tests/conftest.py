"""Shared fixtures: a real SQLite branch with a cashier and a manager, a fixed clock, a customer helper."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import itertools
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # plain `pytest` (not `python -m pytest`) does not add the project root
    sys.path.insert(0, str(ROOT))

from app.accounts import AccountView  # noqa: E402
from app.branch import Branch  # noqa: E402
from app.users import UserInfo  # noqa: E402

BRANCH_CODE = "B012"
CASHIER = ("caja01", "cajera-segura-01")
MANAGER = ("jefe01", "gerente-seguro-01")
# 2025-03-10 10:00 in Lima (UTC-5): the branch's business date is 2025-03-10.
DEFAULT_NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)


class FixedClock:
    """A ``Clock`` that stays where it is put; ``tick`` makes every reading advance (unique timestamps)."""

    def __init__(self, now: datetime = DEFAULT_NOW, tick: timedelta = timedelta(0)) -> None:
        self.now = now
        self.tick = tick

    def __call__(self) -> datetime:
        current = self.now
        self.now = current + self.tick
        return current

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_branch(path: Path, clock: FixedClock | None = None, **policy: Any) -> Branch:
    """A new branch B012 at ``path`` with the cashier and the manager (two Argon2 hashes: call sparingly)."""
    branch = Branch.create(path, BRANCH_CODE, "Centro", clock=clock or FixedClock(), **policy)
    branch.users.add(*CASHIER, "cashier", "Carla Cajera")
    branch.users.add(*MANAGER, "manager", "Mario Gerente")
    return branch


_doc_numbers = itertools.count(40_000_001)


def add_account(
    branch: Branch,
    account_no: str = "A0001",
    principal: Decimal = Decimal("1200.00"),
    term: int = 12,
    monthly_rate_pct: Decimal = Decimal("3.5"),
    opened_on: date = date(2025, 3, 1),
    first_due: date | None = None,
) -> AccountView:
    """A new customer (unique DNI) with one credit account; returns the account as the branch sees it."""
    customer = branch.customers.add("DNI", str(next(_doc_numbers)), "Ana María", "Quispe Mamani")
    return branch.accounts.open(
        account_no, customer.customer_id, principal, term, monthly_rate_pct, opened_on, first_due=first_due
    )


@pytest.fixture(scope="session")
def new_branch() -> Any:
    """``make_branch`` as a fixture, for module-scoped templates: ``new_branch(path, clock, **policy)``."""
    return make_branch


@pytest.fixture(scope="session")
def new_account() -> Any:
    """``add_account`` as a fixture: ``new_account(branch, "A0001", Decimal("1200.00"), ...)``."""
    return add_account


@pytest.fixture(scope="session")
def clock_type() -> type[FixedClock]:
    """The ``FixedClock`` class, for tests that need more than one clock."""
    return FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def branch(tmp_path: Path, clock: FixedClock) -> Iterator[Branch]:
    b = make_branch(tmp_path / "branch.db", clock)
    yield b
    b.close()


@pytest.fixture
def cashier(branch: Branch) -> UserInfo:
    return branch.users.get(CASHIER[0])


@pytest.fixture
def manager(branch: Branch) -> UserInfo:
    return branch.users.get(MANAGER[0])
