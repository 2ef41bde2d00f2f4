"""Indexes and triggers a bulk write sets aside come back: after the write, after an error, and after a
crash in between (at the next open); meanwhile the portfolio checkpoint is neither used nor kept."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import Branch
from app.reports.portfolio_state import advance_checkpoint, read_checkpoint
from app.storage.bulk_write import SET_ASIDE, set_aside

NOW = "2026-12-04T20:00:00.000000Z"


def objects(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall())
    finally:
        con.close()


def saved(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [n for (n,) in con.execute("SELECT name FROM set_aside")]
    finally:
        con.close()


@pytest.fixture()
def branch(tmp_path: Path) -> Branch:
    b = Branch.create(tmp_path / "b.db", "B012", "Centro")
    customer = b.customers.add("DNI", "47000001", "Rosa", "Quispe Mamani", "987000001")
    b.accounts.open("9000000001", customer.customer_id, Decimal("1200"), 6, Decimal("3"), date(2026, 10, 1))
    assert advance_checkpoint(b.engine, date(2026, 12, 4), NOW)
    return b


def test_a_bulk_write_gets_everything_back_and_forgets_the_checkpoint(branch: Branch) -> None:
    before = objects(branch.path)
    assert set(SET_ASIDE) <= set(before)
    with set_aside(branch.engine):
        during = objects(branch.path)
        assert not set(SET_ASIDE) & set(during)
        assert sorted(saved(branch.path)) == sorted(SET_ASIDE)
        with Session(branch.engine) as s:
            assert read_checkpoint(s) is None  # forgotten, and not used while the triggers are away
        assert not advance_checkpoint(branch.engine, date(2026, 12, 4), NOW)  # nor kept again
    assert objects(branch.path) == before and saved(branch.path) == []
    assert advance_checkpoint(branch.engine, date(2026, 12, 4), NOW)


def test_an_error_inside_still_puts_everything_back(branch: Branch) -> None:
    before = objects(branch.path)
    with pytest.raises(RuntimeError), set_aside(branch.engine):
        raise RuntimeError("the network went away")
    assert objects(branch.path) == before and saved(branch.path) == []


def test_a_crash_in_between_is_repaired_at_the_next_open(branch: Branch) -> None:
    before = objects(branch.path)
    block = set_aside(branch.engine)
    block.__enter__()  # ... and the process dies here
    branch.close()
    assert not set(SET_ASIDE) & set(objects(branch.path))
    Branch.open(branch.path).close()
    assert objects(branch.path) == before and saved(branch.path) == []
