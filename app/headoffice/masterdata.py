"""Head office is the master of customers, accounts and schedules: CSV import and demo data.

Contracts:
- :func:`import_customers` and :func:`import_accounts` read the same CSV files as the branch importer
  (``app.importer``: same columns, same row checks, same messages). A file is imported whole or not at
  all: any bad row raises ``ImportFailed`` listing every error by line and nothing is written.
- Each new customer and each new account (with its whole schedule, built by ``app.schedule``) is added
  to the change feed in the same transaction, so branches receive it on their next pull.
- :func:`load_demo` fills an EMPTY head office with ``n`` deterministic demo customers
  (``app.demo.people``), one credit account each with its schedule, and their feed entries, in one
  transaction with ``executemany`` batches.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from app.errors import ImportFailed, InvalidInput
from app.headoffice import feed
from app.headoffice.branches import now_utc
from app.headoffice.errors import HeadOfficeError
from app.headoffice.models import MasterAccount, MasterCustomer
from app.headoffice.payloads import account_entry, customer_entry
from app.headoffice.schedules import schedule_rows
from app.headoffice.store import HeadOfficeStore
from app.importer import (
    ACCOUNT_COLUMNS,
    ACCOUNT_OPTIONAL,
    CUSTOMER_COLUMNS,
    CUSTOMER_OPTIONAL,
    AccountRow,
    read_rows,
    valid_account_rows,
    valid_customer_rows,
)
from app.schedule import add_months

MAX_DEMO_CUSTOMERS = 3_000_000
BATCH = 5_000
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class NewCustomer:
    doc_type: str
    doc_number: str
    first_names: str
    last_names: str
    phone: str | None
    phone2: str | None
    address: str


# ---- bulk writing ----------------------------------------------------------------------------------
class MasterWriter:
    """Inserts master rows and their feed entries in the caller's write transaction, in batches."""

    def __init__(self, conn: Connection, placeholder: str, currency: str = "PEN") -> None:
        self.conn = conn
        self.ph = placeholder
        self.currency = currency
        self.now = now_utc()

    def _many(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            self.conn.exec_driver_sql(sql.replace("?", self.ph), list(rows))

    def _ids(self, column: Any, key_column: Any, keys: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for start in range(0, len(keys), 900):
            chunk = keys[start : start + 900]
            out.update(
                {k: i for k, i in self.conn.execute(select(key_column, column).where(key_column.in_(chunk)))}
            )
        return out

    def add_customers(self, customers: Sequence[NewCustomer]) -> dict[tuple[str, str], tuple[int, str]]:
        """Insert ``customers``; returns (doc_type, doc_number) -> (id, uuid)."""
        uuids = [str(uuid.uuid4()) for _ in customers]
        self._many(
            "INSERT INTO customers (uuid, doc_type, doc_number, first_names, last_names, phone, phone2, "
            "address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    u,
                    c.doc_type,
                    c.doc_number,
                    c.first_names,
                    c.last_names,
                    c.phone,
                    c.phone2,
                    c.address,
                    self.now,
                )
                for u, c in zip(uuids, customers, strict=True)
            ],
        )
        ids = self._ids(MasterCustomer.id, MasterCustomer.uuid, uuids)
        feed.append(
            self.conn,
            [
                feed.NewEntry(
                    "customer",
                    u,
                    customer_entry(
                        u,
                        c.doc_type,
                        c.doc_number,
                        c.first_names,
                        c.last_names,
                        c.phone,
                        c.phone2,
                        c.address,
                        self.now,
                    ),
                )
                for u, c in zip(uuids, customers, strict=True)
            ],
            self.now,
        )
        return {(c.doc_type, c.doc_number): (ids[u], u) for u, c in zip(uuids, customers, strict=True)}

    def add_accounts(
        self, accounts: Sequence[AccountRow], owners: dict[tuple[str, str], tuple[int, str]]
    ) -> None:
        """Insert ``accounts`` with their schedules; ``owners`` maps each customer's document to (id, uuid)."""
        uuids = [str(uuid.uuid4()) for _ in accounts]
        self._many(
            "INSERT INTO accounts (uuid, account_no, customer_id, description, principal_cents, rate_bp, term, "
            "frequency, opened_on, credit_limit_cents, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)",
            [
                (
                    u,
                    a.account_no,
                    owners[a.doc][0],
                    a.description,
                    a.principal_cents,
                    a.rate_bp,
                    a.term,
                    a.frequency,
                    a.opened_on.isoformat(),
                    a.credit_limit_cents,
                    self.now,
                )
                for u, a in zip(uuids, accounts, strict=True)
            ],
        )
        ids = self._ids(MasterAccount.id, MasterAccount.uuid, uuids)
        installments: list[tuple[int, int, str, int, int]] = []
        entries: list[feed.NewEntry] = []
        for u, a in zip(uuids, accounts, strict=True):
            rows = schedule_rows(a.principal_cents, a.rate_bp, a.term, a.first_due, a.frequency)
            installments.extend((ids[u], *r) for r in rows)
            entries.append(
                feed.NewEntry(
                    "account",
                    u,
                    account_entry(
                        u,
                        a.account_no,
                        owners[a.doc][1],
                        a.description,
                        a.principal_cents,
                        a.rate_bp,
                        a.term,
                        a.frequency,
                        a.opened_on.isoformat(),
                        a.credit_limit_cents,
                        "active",
                        self.now,
                        rows,
                        self.currency,
                        first_due=a.first_due.isoformat(),
                    ),
                )
            )
        self._many(
            "INSERT INTO installments (account_id, number, due_on, principal_cents, interest_cents) "
            "VALUES (?, ?, ?, ?, ?)",
            installments,
        )
        feed.append(self.conn, entries, self.now)


# ---- CSV import ------------------------------------------------------------------------------------
def _existing_docs(conn: Connection, docs: Iterable[str]) -> set[tuple[str, str]]:
    numbers = list(dict.fromkeys(docs))
    found: set[tuple[str, str]] = set()
    for start in range(0, len(numbers), 900):
        found.update(
            (t, n)
            for t, n in conn.execute(
                select(MasterCustomer.doc_type, MasterCustomer.doc_number).where(
                    MasterCustomer.doc_number.in_(numbers[start : start + 900])
                )
            )
        )
    return found


def import_customers(store: HeadOfficeStore, path: Path) -> int:
    """Import a customers CSV into head office; see the module contract. Returns the count."""
    _, rows, errors = read_rows(path, CUSTOMER_COLUMNS, CUSTOMER_OPTIONAL)
    good = [(line_no, NewCustomer(**values)) for line_no, values in valid_customer_rows(rows, errors)]
    with store.write() as conn:
        taken = _existing_docs(conn, [c.doc_number for _, c in good])
        for line_no, c in good:
            if (c.doc_type, c.doc_number) in taken:
                errors.append(
                    (line_no, InvalidInput("duplicate_in_db", field=c.doc_type, value=c.doc_number))
                )
        if errors:
            errors.sort(key=lambda e: e[0])
            raise ImportFailed(errors)
        writer = MasterWriter(conn, store.placeholder())
        for start in range(0, len(good), BATCH):
            writer.add_customers([c for _, c in good[start : start + BATCH]])
    return len(good)


def import_accounts(store: HeadOfficeStore, path: Path, currency: str = "PEN") -> int:
    """Import an accounts CSV into head office with each schedule; see the module contract."""
    delimiter, rows, errors = read_rows(path, ACCOUNT_COLUMNS, ACCOUNT_OPTIONAL)
    good = valid_account_rows(rows, delimiter, currency, errors)
    with store.write() as conn:
        owners: dict[tuple[str, str], tuple[int, str]] = {}
        numbers = list(dict.fromkeys(a.doc[1] for _, a in good))
        for start in range(0, len(numbers), 900):
            for cid, cuuid, t, n in conn.execute(
                select(
                    MasterCustomer.id, MasterCustomer.uuid, MasterCustomer.doc_type, MasterCustomer.doc_number
                ).where(MasterCustomer.doc_number.in_(numbers[start : start + 900]))
            ):
                owners[(t, n)] = (cid, cuuid)
        taken: set[str] = set()
        account_nos = [a.account_no for _, a in good]
        for start in range(0, len(account_nos), 900):
            taken.update(
                conn.scalars(
                    select(MasterAccount.account_no).where(
                        MasterAccount.account_no.in_(account_nos[start : start + 900])
                    )
                )
            )
        for line_no, a in good:
            if a.doc not in owners:
                errors.append(
                    (line_no, InvalidInput("customer_doc_unknown", doc_type=a.doc[0], doc_number=a.doc[1]))
                )
            if a.account_no in taken:
                errors.append(
                    (line_no, InvalidInput("duplicate_in_db", field="account_no", value=a.account_no))
                )
        if errors:
            errors.sort(key=lambda e: e[0])
            raise ImportFailed(errors)
        writer = MasterWriter(conn, store.placeholder(), currency)
        for start in range(0, len(good), BATCH):
            writer.add_accounts([a for _, a in good[start : start + BATCH]], owners)
    return len(good)


# ---- demo data -------------------------------------------------------------------------------------
_TERMS = (6, 9, 12, 12, 12, 18, 24)
_RATES = (0, 250, 350, 350, 450)
_PRODUCTS = (
    "Refrigeradora",
    'Televisor 55"',
    "Lavadora",
    "Celular",
    "Laptop",
    "Cocina 4 hornillas",
    "Colchón",
)


def load_demo(
    store: HeadOfficeStore,
    customers: int,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Fill an empty head office with ``customers`` demo customers and one account each; see above."""
    from app.demo.people import generate_people

    if (
        isinstance(customers, bool)
        or not isinstance(customers, int)
        or not 1 <= customers <= MAX_DEMO_CUSTOMERS
    ):
        raise HeadOfficeError("ho_demo_count", max=f"{MAX_DEMO_CUSTOMERS:,}")
    say = progress or (lambda _text: None)
    started = time.perf_counter()
    day = today or date.today()
    rng = random.Random(f"abono-headoffice-demo-{seed}")
    with store.write() as conn:
        count = int(conn.execute(select(func.count()).select_from(MasterCustomer)).scalar_one())
        if count:
            raise HeadOfficeError("ho_demo_not_empty", count=count)
        writer = MasterWriter(conn, store.placeholder())
        done = 0
        people = generate_people(customers, seed)
        while done < customers:
            chunk = [next(people) for _ in range(min(BATCH, customers - done))]
            new = [NewCustomer(p[0], p[1], p[2], p[3], p[4] or None, p[5], p[6]) for p in chunk]
            owners = writer.add_customers(new)
            accounts = []
            for k, c in enumerate(new):
                opened = day - timedelta(days=rng.randrange(10, 540))
                principal = rng.randrange(30, 600) * 1000
                accounts.append(
                    AccountRow(
                        f"{2_000_000_001 + done + k}",
                        (c.doc_type, c.doc_number),
                        principal,
                        rng.choice(_RATES),
                        rng.choice(_TERMS),
                        opened,
                        add_months(opened, 1),
                        "monthly",
                        principal,
                        rng.choice(_PRODUCTS),
                    )
                )
            writer.add_accounts(accounts, owners)
            done += len(chunk)
            if done % 100_000 == 0 or done == customers:
                say(f"{done:,} / {customers:,}")
    return {"customers": customers, "accounts": customers, "seconds": round(time.perf_counter() - started, 2)}
