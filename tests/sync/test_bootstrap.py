"""A new branch bootstraps from a head office that already has many customers: everything arrives,
searchable, with the same schedules and balances, in pages that each commit with their cursor."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

from app.headoffice.masterdata import load_demo
from tests.sync.checks import headoffice_balance
from tests.sync.conftest import HeadOffice, open_shop

# 100k on SQLite (CI and locally); PostgreSQL's bulk load is slower, so its variant bootstraps 20k.
SIZES = {"sqlite": int(os.environ.get("ABONO_BOOTSTRAP_CUSTOMERS", "100000")), "postgresql": 20_000}


def test_a_new_branch_bootstraps_from_a_large_head_office(headoffice: HeadOffice, tmp_path: Path) -> None:
    backend = "sqlite" if headoffice.store.is_sqlite else "postgresql"
    n = SIZES[backend]
    load_demo(headoffice.store, n, seed=3)
    shop = open_shop(tmp_path / "new.db", "B099", headoffice)
    started = time.perf_counter()
    report = shop.sync()
    seconds = time.perf_counter() - started
    print(f"bootstrap of {n:,} customers from {backend}: {seconds:.1f} s, {report.pages} pages")
    assert (report.pulled_customers, report.pulled_accounts) == (n, n)
    assert shop.client.status().cursor == report.cursor == 2 * n
    con = sqlite3.connect(shop.branch.path)
    counts = con.execute(
        "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM accounts), (SELECT count(*) FROM installments), "
        "(SELECT sum(principal_cents) FROM installments)"
    ).fetchone()
    with headoffice.store.read() as conn:
        expected = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM accounts), "
                "(SELECT count(*) FROM installments), (SELECT sum(principal_cents) FROM installments)"
            )
        ).one()
        sample = [r[0] for r in conn.execute(text("SELECT account_no FROM accounts ORDER BY id"))]
        last = conn.execute(
            text("SELECT first_names, last_names, doc_number FROM customers ORDER BY id DESC")
        ).first()
    assert counts == tuple(int(v) for v in expected)
    con.close()
    assert last is not None
    found = shop.branch.customers.search(last[2])
    assert found and found[0].doc_number == last[2] and found[0].accounts
    assert shop.branch.customers.search(f"{last[0].split()[0]} {last[1].split()[0]}")
    today = date.today()
    for account_no in random.Random(1).sample(sample, 25):
        view = shop.branch.accounts.get(account_no, today)
        assert int(view.balance * 100) == headoffice_balance(headoffice.store, account_no, today)
    again = shop.sync()
    assert (again.pulled_customers, again.pulled_accounts, again.cursor) == (0, 0, 2 * n)
    shop.branch.close()
