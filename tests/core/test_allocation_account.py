"""Allocation lines carry their payment's account (migration 0006): an older branch file is rebuilt
with every line and figure unchanged, and a line whose account is not its payment's is refused."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import Branch
from app.demo.loader import load_demo
from app.reports.portfolio import portfolio_aging
from app.storage.engine import head_revision

DAY = date(2026, 12, 4)

# The allocation table as schema 0005 had it: lines keyed by payment only.
OLD_TABLE = """CREATE TABLE payment_allocations_old (
        payment_id INTEGER NOT NULL REFERENCES payments (id),
        line_no INTEGER NOT NULL,
        installment_no INTEGER,
        late_fee_cents INTEGER NOT NULL DEFAULT 0,
        interest_cents INTEGER NOT NULL DEFAULT 0,
        principal_cents INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (payment_id, line_no)) WITHOUT ROWID"""


def lines(con: sqlite3.Connection) -> list[tuple[int, ...]]:
    return con.execute(
        "SELECT payment_id, line_no, installment_no, late_fee_cents, interest_cents, principal_cents "
        "FROM payment_allocations ORDER BY payment_id, line_no"
    ).fetchall()


def make_schema_0005(path: Path) -> None:
    """Turn a current branch file back into what schema 0005 stored (what an installed branch has)."""
    con = sqlite3.connect(path)
    with con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE name LIKE '%_changed_%'").fetchall():
            con.execute(f"DROP TRIGGER {name}")  # migration 0007's
        for table in ("portfolio_checkpoint", "portfolio_checkpoint_accounts", "account_changes"):
            con.execute(f"DROP TABLE {table}")
        con.execute("DROP INDEX ix_installments_due_on")  # migration 0008's
        con.execute("DROP TABLE set_aside")
        con.execute("DROP TRIGGER payment_allocations_same_account")
        con.execute("DROP TRIGGER payment_allocations_no_update")
        con.execute("DROP TRIGGER payment_allocations_no_delete")
        con.execute("DROP INDEX ix_payment_allocations_installment")
        con.execute(OLD_TABLE)
        con.execute(
            "INSERT INTO payment_allocations_old SELECT payment_id, line_no, installment_no, late_fee_cents, "
            "interest_cents, principal_cents FROM payment_allocations"
        )
        con.execute("DROP TABLE payment_allocations")
        con.execute("ALTER TABLE payment_allocations_old RENAME TO payment_allocations")
        for verb in ("UPDATE", "DELETE"):
            con.execute(
                f"CREATE TRIGGER payment_allocations_no_{verb.lower()} BEFORE {verb} ON payment_allocations "
                f"BEGIN SELECT RAISE(ABORT, 'payment_allocations rows are immutable: {verb} refused'); END"
            )
        con.execute("UPDATE alembic_version SET version_num = '0005'")
    con.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("alloc") / "branch.db"
    Branch.create(path, "B012", "Sucursal Centro").close()
    load_demo(path, customers=300, today=DAY, parallel=False)
    return path


def aging_of(path: Path) -> object:
    with Branch.open(path) as b, Session(b.engine) as s, s.begin():
        return portfolio_aging(s, DAY, "PEN")


def test_an_older_branch_file_gains_the_account_of_every_line(demo: Path, tmp_path: Path) -> None:
    before = aging_of(demo)
    old = tmp_path / "old.db"
    con = sqlite3.connect(demo)
    con.execute("VACUUM INTO ?", (str(old),))
    con.close()
    make_schema_0005(old)
    con = sqlite3.connect(old)
    old_lines = lines(con)
    con.close()
    assert len(old_lines) > 1_000

    after = aging_of(old)  # opening the file runs migration 0006

    con = sqlite3.connect(old)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert lines(con) == old_lines
    assert con.execute(
        "SELECT count(*) FROM payment_allocations al JOIN payments p ON p.id = al.payment_id "
        "WHERE al.account_id = p.account_id"
    ).fetchone()[0] == len(old_lines)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        con.execute("UPDATE payment_allocations SET principal_cents = principal_cents + 1")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        con.execute("DELETE FROM payment_allocations")
    con.close()
    assert after == before


def test_a_line_for_another_account_is_refused_and_nothing_changes(demo: Path) -> None:
    con = sqlite3.connect(demo)
    pid, account_id = con.execute("SELECT id, account_id FROM payments ORDER BY id LIMIT 1").fetchone()
    other = con.execute("SELECT id FROM accounts WHERE id <> ? LIMIT 1", (account_id,)).fetchone()[0]
    before = lines(con)
    with pytest.raises(sqlite3.IntegrityError, match="account of its payment"), con:
        con.execute(
            "INSERT INTO payment_allocations (payment_id, line_no, account_id, installment_no, principal_cents) "
            "VALUES (?, 99, ?, 1, 100)",
            (pid, other),
        )
    with pytest.raises(sqlite3.IntegrityError, match="account of its payment"), con:
        con.execute(
            "INSERT INTO payment_allocations (payment_id, line_no, account_id, installment_no, principal_cents) "
            "VALUES (?, 99, ?, 1, 100)",
            (10**9, account_id),  # no such payment
        )
    assert lines(con) == before
    con.close()
