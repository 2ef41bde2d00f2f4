"""Fixtures for the sync tests: a REAL head office (uvicorn on 127.0.0.1, a free port, in a thread) on
SQLite and, when ``ABONO_TEST_PG_URL`` is set, on PostgreSQL (a new database per test); branches are
real SQLite files that sync through ``app.sync.SyncClient``."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never touch a real keyring

from app.branch import Branch
from app.clock import local_date
from app.headoffice.api import ApiSettings
from app.headoffice.branches import add_branch
from app.headoffice.masterdata import import_accounts, import_customers
from app.headoffice.server import build_server
from app.headoffice.store import HeadOfficeStore, open_store
from app.payments import PaymentRequest
from app.sync import RetryPolicy, SyncClient
from app.users import UserInfo

PG_URL = os.environ.get("ABONO_TEST_PG_URL")
PASSWORD = "clave-segura-1"
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)
# The branches' business date (America/Lima), not the machine's: they differ for hours around midnight UTC.
TODAY = local_date(datetime.now(UTC), ZoneInfo("America/Lima"))
OPENED = TODAY - timedelta(days=200)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class HeadOffice:
    """A running head office: its store, its URL and a way to register branches."""

    store: HeadOfficeStore
    db_url: str
    url: str
    server: Any
    thread: threading.Thread
    tokens: dict[str, str] = field(default_factory=dict)

    def add_branch(self, code: str) -> str:
        _, token = add_branch(self.store, code, f"Sucursal {code}")
        self.tokens[code] = token
        return token

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_headoffice(db_url: str, settings: ApiSettings | None = None, port: int | None = None) -> HeadOffice:
    store = open_store(db_url)
    port = port or free_port()
    server = build_server(store, "127.0.0.1", port, settings=settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("head office did not start")
        time.sleep(0.02)
    return HeadOffice(store, db_url, f"http://127.0.0.1:{port}", server, thread)


@pytest.fixture(params=["sqlite", "postgresql"])
def ho_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty head office database: a SQLite file, or a PostgreSQL database made for the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'headoffice.db'}"
        return
    if not PG_URL:
        pytest.skip("ABONO_TEST_PG_URL is not set (CI sets it)")
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"abono_ho_{uuid.uuid4().hex[:12]}"
    admin = make_url(PG_URL).set(drivername="postgresql")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    for attempt in range(20):  # DROP waits for autovacuum itself; our own pools are closed by now
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            break
        except psycopg.errors.ObjectInUse:
            time.sleep(0.25 * (attempt + 1))


@pytest.fixture
def headoffice(ho_db_url: str) -> Iterator[HeadOffice]:
    ho = start_headoffice(ho_db_url)
    yield ho
    ho.stop()
    ho.store.close()


def load_master_data(store: HeadOfficeStore, tmp_path: Path, accounts: int = 3) -> list[str]:
    """Customers and accounts imported at head office from CSV (like an operator would); returns the
    account numbers: S/ 1,200.00 over 12 months at 3.5%, opened 200 days ago (some installments late)."""
    customers = tmp_path / "ho_customers.csv"
    customers.write_text(
        "doc_type,doc_number,first_names,last_names,phone\n"
        + "".join(
            f"DNI,{45000000 + i},María Elena,Quispe Muñoz {i},98765{4000 + i}\n" for i in range(accounts)
        ),
        encoding="utf-8",
    )
    rows = tmp_path / "ho_accounts.csv"
    numbers = [f"{1000000001 + i}" for i in range(accounts)]
    rows.write_text(
        "account_no,doc_type,doc_number,principal,term,monthly_rate_pct,opened_on\n"
        + "".join(
            f"{n},DNI,{45000000 + i},1200.00,12,3.5,{OPENED.isoformat()}\n" for i, n in enumerate(numbers)
        ),
        encoding="utf-8",
    )
    assert import_customers(store, customers) == accounts
    assert import_accounts(store, rows) == accounts
    return numbers


@dataclass
class Shop:
    """A branch with a cashier and a manager, wired to head office."""

    branch: Branch
    client: SyncClient
    cashier: UserInfo
    manager: UserInfo

    @property
    def code(self) -> str:
        return self.branch.settings.branch_code

    def pay(self, account_no: str, amount: str, op: str) -> Any:
        request = PaymentRequest(account_no, Decimal(amount), "yape", operation_number=op)
        return self.branch.payments.take(request, self.cashier)

    def sync(self) -> Any:
        return self.client.run_round()


def open_shop(
    path: Path, code: str, headoffice: HeadOffice, *, server_url: str | None = None, **client: Any
) -> Shop:
    branch = Branch.create(path, code, f"Sucursal {code}")
    cashier = branch.users.add("cajero", PASSWORD, "cashier", "Carla Cajera")
    manager = branch.users.add("gerente", PASSWORD, "manager", "Gino Gerente")
    token = headoffice.tokens.get(code) or headoffice.add_branch(code)
    sync = SyncClient(
        branch, retry=client.pop("retry", FAST_RETRY), timeout=client.pop("timeout", 10.0), **client
    )
    sync.configure(server_url or headoffice.url, token, verify=False)
    return Shop(branch, sync, cashier, manager)


@pytest.fixture
def shops(headoffice: HeadOffice, tmp_path: Path) -> Iterator[tuple[Shop, Shop, list[str]]]:
    """Head office with three accounts, and branches B012 and B013 bootstrapped from it."""
    numbers = load_master_data(headoffice.store, tmp_path)
    a = open_shop(tmp_path / "b012.db", "B012", headoffice)
    b = open_shop(tmp_path / "b013.db", "B013", headoffice)
    a.sync()
    b.sync()
    yield a, b, numbers
    a.branch.close()
    b.branch.close()
