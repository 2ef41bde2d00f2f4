"""Fixtures for the core tests: a real branch database in a temporary folder, with a fixed clock."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app import Branch
from app.users import UserInfo

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "clave-segura-1"


class MovableClock:
    """A clock the test can move: ``clock.now`` is returned as the current UTC time."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Desk:
    branch: Branch
    clock: MovableClock
    cashier: UserInfo
    manager: UserInfo
    customer_id: str
    account_no: str

    @property
    def path(self) -> Path:
        return self.branch.path


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """Branch B012 on 2026-12-04 10:00 Lima, users ``cajero``/``gerente`` (password ``PASSWORD``), and
    customer María Elena Quispe Muñoz with account 1000000001: S/ 1,200.00 over 12 months at 3.5%,
    opened 2026-06-01, so installments 1-5 are overdue (5 past the grace days) and 6 is in grace; the
    register's drawer is open with a S/ 100.00 float."""
    clock = MovableClock(datetime(2026, 12, 4, 15, 0, tzinfo=UTC))
    branch = Branch.create(tmp_path / "branch.db", "B012", "Sucursal Centro", clock=clock)
    cashier = branch.users.add("cajero", PASSWORD, "cashier", "Carla Cajera")
    manager = branch.users.add("gerente", PASSWORD, "manager", "Gino Gerente")
    cust = branch.customers.add("DNI", "45678912", "María Elena", "Quispe Muñoz", "987654321")
    branch.accounts.open(
        "1000000001", cust.customer_id, Decimal("1200.00"), 12, Decimal("3.5"), date(2026, 6, 1)
    )
    branch.drawer.open({Decimal("20"): 5}, cashier)  # S/ 100.00 float: cash needs an open drawer
    yield Desk(branch, clock, cashier, manager, cust.customer_id, "1000000001")
    branch.close()


def run_cli(
    *args: str, db: Path | None = None, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py ARGS`` in a child process, as a user would."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("ABONO_PASSWORD", "ABONO_DB")}
    full_env.update(env or {})
    cmd = [sys.executable, str(ROOT / "main.py")]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(
        cmd + list(args), input=stdin, capture_output=True, text=True, env=full_env, timeout=120
    )
