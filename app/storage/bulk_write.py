"""Indexes and triggers a bulk write sets aside, builds once at the end, and puts back after a crash.

A new branch's first pull from head office writes a million customers with their accounts and 12.9
million installments. Kept up row by row, ``ix_installments_due_on`` made that pull take 221 s instead
of 161 s (plus 6.5 s to build it once at the end), and the account change-log triggers of the portfolio
checkpoint (migration 0007) cost another 8 s. :func:`set_aside` drops them for the duration of the
bulk write and puts them back at the end, also on error; the SQL of each is saved in ``set_aside`` in
the same transaction as the drop, so that if the process dies in between, :func:`restore` (run by
``open_engine`` on every open) puts back whatever is missing. While anything is set aside:

- the portfolio checkpoint is forgotten (it is a cache; the accounts written meanwhile are not logged)
  and not kept again (``app.reports.portfolio_state``) until everything is back;
- queries must not name these indexes (no ``INDEXED BY``): they are slower, never refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.storage.engine import write_engine

# Index or trigger names; their SQL is read from sqlite_master when they are set aside.
SET_ASIDE = ("ix_installments_due_on", "accounts_changed_insert", "installments_changed_insert")
CHECKPOINT_TABLES = ("portfolio_checkpoint_accounts", "portfolio_checkpoint", "account_changes")


def forget_portfolio_checkpoint(s: Session) -> None:
    """Delete the portfolio checkpoint, its rows and its change log (a cache: the next end-of-day
    report reads the whole ledger, then keeps a new one)."""
    for table in CHECKPOINT_TABLES:
        s.execute(text(f"DELETE FROM {table}"))


def anything_set_aside(s: Session) -> bool:
    return bool(s.execute(text("SELECT EXISTS (SELECT 1 FROM set_aside)")).scalar_one())


@contextmanager
def set_aside(engine: Engine) -> Iterator[None]:
    """Drop :data:`SET_ASIDE` (saving their SQL) and forget the portfolio checkpoint, in one
    transaction; put everything back after the block, also on error."""
    with Session(write_engine(engine)) as s, s.begin():
        for name in SET_ASIDE:
            row = s.execute(
                text("SELECT type, sql FROM sqlite_master WHERE name = :n AND sql IS NOT NULL"), {"n": name}
            ).first()
            if row is None:
                continue  # already set aside (saved) by another writer
            s.execute(
                text("INSERT INTO set_aside (name, sql) VALUES (:n, :sql) ON CONFLICT (name) DO NOTHING"),
                {"n": name, "sql": row[1]},
            )
            s.execute(text(f'DROP {"INDEX" if row[0] == "index" else "TRIGGER"} "{name}"'))
        forget_portfolio_checkpoint(s)
    try:
        yield
    finally:
        restore(engine)


def restore(engine: Engine) -> list[str]:
    """Put back everything set aside; return the names (usually none: one read)."""
    with Session(engine) as s, s.begin():
        saved = [
            (str(n), str(q)) for n, q in s.execute(text("SELECT name, sql FROM set_aside ORDER BY name"))
        ]
    if saved:
        _rebuild(engine, saved)
    return [name for name, _ in saved]


def _rebuild(engine: Engine, saved: list[tuple[str, str]]) -> None:
    """Re-create ``saved`` and clear them from ``set_aside`` in one write transaction, with the index
    sorter spilling to files: 3x faster than in the memory every connection otherwise uses (6.5 s
    against 18.5 s for 12.9 million installments). ``temp_store`` can only change outside a
    transaction, hence the raw connection."""
    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        assert isinstance(con, sqlite3.Connection)
        con.execute("PRAGMA temp_store = FILE")
        try:
            con.execute("BEGIN IMMEDIATE")
            for name, sql in saved:
                if con.execute("SELECT 1 FROM set_aside WHERE name = ?", (name,)).fetchone():
                    con.execute(sql)  # not if another process put it back meanwhile
                    con.execute("DELETE FROM set_aside WHERE name = ?", (name,))
            con.execute("COMMIT")
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.execute("PRAGMA temp_store = MEMORY")
    finally:
        raw.close()
