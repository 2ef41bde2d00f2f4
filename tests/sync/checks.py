"""What "converged" means, measured straight from the databases: every payment (and void) once at head
office and at every branch, the same balances everywhere, and empty outboxes."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import text

from app.headoffice.ledger_view import account_state_at
from app.headoffice.store import HeadOfficeStore


def branch_payments(path: Path) -> dict[str, tuple[int, str, bool]]:
    """payment uuid -> (amount cents, branch code, voided) at a branch."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT p.uuid, p.amount_cents, p.branch_code, v.id IS NOT NULL FROM payments p "
            "LEFT JOIN payment_voids v ON v.payment_id = p.id"
        ).fetchall()
    finally:
        con.close()
    return {u: (a, b, bool(v)) for u, a, b, v in rows}


def headoffice_payments(store: HeadOfficeStore) -> dict[str, tuple[int, str, bool]]:
    with store.read() as conn:
        rows = conn.execute(
            text(
                "SELECT p.uuid, p.amount_cents, p.branch_code, v.id IS NOT NULL FROM payments p "
                "LEFT JOIN payment_voids v ON v.payment_id = p.id"
            )
        ).all()
    return {u: (int(a), b, bool(v)) for u, a, b, v in rows}


def pending(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0])
    finally:
        con.close()


def headoffice_balance(store: HeadOfficeStore, account_no: str, as_of: date) -> int:
    state = account_state_at(store, account_no, as_of)
    assert state is not None
    return state.balance_cents


def assert_converged(store: HeadOfficeStore, branches: list[object], account_nos: list[str]) -> None:
    """Head office equals every branch to the cent, and every outbox is empty."""
    ho = headoffice_payments(store)
    for shop in branches:
        path = shop.branch.path  # type: ignore[attr-defined]
        assert pending(path) == 0
        assert branch_payments(path) == ho
    today = date.today()
    for number in account_nos:
        expected = headoffice_balance(store, number, today)
        for shop in branches:
            view = shop.branch.accounts.get(number, today)  # type: ignore[attr-defined]
            assert int(view.balance * 100) == expected
