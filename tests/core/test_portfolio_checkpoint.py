"""The portfolio checkpoint gives the same aging as the ledger, whatever happened after it.

A demo branch's history ends on 2026-12-03 and the loader leaves a checkpoint as of that day. Then
things happen that must each send an account back to the ledger: payments at the counter, a void of an
old payment, a payment another branch took offline weeks ago arriving by sync, a schedule replaced by
head office, an account written off, a new account, and days passing until installments fall due. After
each, the end-of-day aging read through the checkpoint equals the one computed from the ledger alone,
for several days; so do the checkpoint's rows after it is moved forward.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import Branch
from app.accounts import AccountView
from app.demo.loader import DEMO_USERS, load_demo
from app.payments import PaymentRecord, PaymentRequest
from app.reports import Reports
from app.reports.portfolio import PortfolioAging, portfolio_aging
from app.reports.portfolio_state import account_figures, advance_checkpoint, read_checkpoint
from app.users import UserInfo
from tests.core.conftest import MovableClock, run_cli

DAY = date(2026, 12, 4)
PASSWORDS = {name: password for name, password, _, _ in DEMO_USERS}


@pytest.fixture()
def branch(tmp_path: Path) -> Iterator[Branch]:
    path = tmp_path / "branch.db"
    clock = MovableClock(datetime(2026, 12, 4, 15, 0, tzinfo=UTC))
    Branch.create(path, "B012", "Sucursal Centro", clock=clock).close()
    load_demo(path, customers=400, today=DAY, parallel=False)
    b = Branch.open(path, clock=clock)
    yield b
    b.close()


def aging(b: Branch, day: date, *, use_checkpoint: bool) -> PortfolioAging:
    with Session(b.engine) as s, s.begin():
        return portfolio_aging(s, day, "PEN", chase=400, use_checkpoint=use_checkpoint)


def assert_agrees(b: Branch, *days: date) -> None:
    for day in days:
        via_checkpoint = aging(b, day, use_checkpoint=True)
        assert via_checkpoint == aging(b, day, use_checkpoint=False), day
        assert via_checkpoint.accounts > 0


def checkpoint_rows(b: Branch) -> list[tuple[object, ...]]:
    con = sqlite3.connect(b.path)
    try:
        return con.execute("SELECT * FROM portfolio_checkpoint_accounts ORDER BY account_id").fetchall()
    finally:
        con.close()


def exact_rows(b: Branch, day: date) -> list[tuple[object, ...]]:
    with Session(b.engine) as s, s.begin(), account_figures(s, day, use_checkpoint=False) as state:
        return [tuple(r) for r in s.execute(text(f"SELECT * FROM ({state}) ORDER BY account_id"))]


def accounts_with_history(b: Branch, count: int, seed: int) -> list[tuple[int, str]]:
    con = sqlite3.connect(b.path)
    rows = con.execute(
        "SELECT a.id, a.account_no FROM accounts a WHERE a.status = 'active' AND EXISTS "
        "(SELECT 1 FROM payments p WHERE p.account_id = a.id) ORDER BY a.id"
    ).fetchall()
    con.close()
    return random.Random(seed).sample(rows, count)


def void_a_payment_from_the_history(b: Branch, manager: UserInfo) -> None:
    """A manager voids a payment taken weeks before the checkpoint."""
    con = sqlite3.connect(b.path)
    old_receipt = con.execute(
        "SELECT receipt_no FROM payments WHERE business_date < '2026-11-01' AND id NOT IN "
        "(SELECT payment_id FROM payment_voids) ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    con.close()
    b.payments.void(old_receipt, "pago duplicado", manager)


def pay_what_they_owe(
    b: Branch, accounts: list[tuple[int, str]], amount: Callable[[AccountView], Decimal]
) -> list[PaymentRecord]:
    """A wallet payment of ``amount(account)`` on each of ``accounts`` that still owes something."""
    cashier = b.users.get("cajero")
    taken = []
    for _, account_no in accounts:
        state = b.accounts.get(account_no)
        if state.payoff_amount > 0:
            request = PaymentRequest(account_no, amount(state), "yape", operation_number="12345678")
            taken.append(b.payments.take(request, cashier))
    return taken


def test_the_loader_leaves_a_checkpoint_that_is_the_ledger(branch: Branch) -> None:
    with Session(branch.engine) as s:
        checkpoint = read_checkpoint(s)
    assert checkpoint is not None and checkpoint.as_of == DAY - timedelta(days=1)
    assert checkpoint_rows(branch) == exact_rows(branch, DAY - timedelta(days=1))
    assert len(checkpoint_rows(branch)) > 100
    assert_agrees(branch, DAY - timedelta(days=1), DAY, DAY + timedelta(days=1), DAY + timedelta(days=45))


def test_counter_payments_and_voids_after_the_checkpoint(branch: Branch) -> None:
    manager = branch.users.login("gerente", PASSWORDS["gerente"])
    taken = pay_what_they_owe(
        branch,
        accounts_with_history(branch, 25, seed=1),
        lambda state: min(
            state.payoff_amount, max(Decimal("1.00"), state.overdue_amount or state.payoff_amount / 3)
        ).quantize(Decimal("0.01")),
    )
    assert len(taken) > 10
    branch.payments.void(taken[0].receipt_no, "monto equivocado", manager)
    void_a_payment_from_the_history(branch, manager)
    assert_agrees(branch, DAY, DAY + timedelta(days=1), DAY + timedelta(days=20))


def test_a_late_synced_payment_a_new_schedule_a_write_off_and_a_new_account(branch: Branch) -> None:
    (late_id, _), (sched_id, _), (off_id, _), (void_id, _) = accounts_with_history(branch, 4, seed=2)
    con = sqlite3.connect(branch.path)
    with con:
        # Another branch took a payment offline on 2026-11-10; it arrives now (as the sync inbox writes it).
        number, principal, interest = con.execute(
            "SELECT number, principal_cents, interest_cents FROM installments WHERE account_id = ? "
            "ORDER BY number DESC LIMIT 1",
            (late_id,),
        ).fetchone()
        pid = con.execute(
            "INSERT INTO payments (uuid, receipt_no, account_id, amount_cents, method, method_kind, cashier_name, "
            "branch_code, register, created_at, business_date, operation_number) VALUES (?, 'B099-01-000001', ?, ?, "
            "'yape', 'wallet', 'otra', 'B099', '01', '2026-11-10T15:00:00.000000Z', '2026-11-10', '55554444')",
            (str(uuid.uuid4()), late_id, principal + interest),
        ).lastrowid
        con.execute(
            "INSERT INTO payment_allocations (payment_id, line_no, account_id, installment_no, interest_cents, "
            "principal_cents) VALUES (?, 1, ?, ?, ?, ?)",
            (pid, late_id, number, interest, principal),
        )
        # ... and a void another branch made offline on 2026-11-20 of one of its payments.
        voided = con.execute(
            "SELECT max(id) FROM payments WHERE account_id = ? AND business_date < '2026-11-20'", (void_id,)
        ).fetchone()[0]
        con.execute(
            "INSERT INTO payment_voids (uuid, payment_id, manager_name, requested_by, reason, branch_code, register,"
            " created_at, business_date) VALUES (?, ?, 'otro', 'otra', 'duplicado', 'B099', '01',"
            " '2026-11-20T15:00:00.000000Z', '2026-11-20')",
            (str(uuid.uuid4()), voided),
        )
        # Head office restructures an account: its schedule is replaced (as the sync inbox does).
        con.execute("DELETE FROM installments WHERE account_id = ?", (sched_id,))
        con.executemany(
            "INSERT INTO installments (account_id, number, due_on, principal_cents, interest_cents) VALUES (?,?,?,?,?)",
            [(sched_id, n, f"2026-{n + 6:02d}-15", 20_000, 1_000) for n in range(1, 7)],
        )
        con.execute("UPDATE accounts SET status = 'written_off' WHERE id = ?", (off_id,))
    con.close()
    customer = branch.customers.add("DNI", "47000001", "Rosa", "Quispe Mamani", "987000001")
    branch.accounts.open(
        "9000000001", customer.customer_id, Decimal("1200"), 6, Decimal("3"), date(2026, 10, 1)
    )
    branch.accounts.open(
        "9000000002", customer.customer_id, Decimal("900"), 3, Decimal("0"), date(2026, 12, 20)
    )
    assert_agrees(branch, DAY, DAY + timedelta(days=10), DAY + timedelta(days=30))


def test_a_checkpoint_of_yesterday_taken_after_todays_payments(branch: Branch) -> None:
    """Payments and voids dated after the checkpoint's day but already in its ledger position (the
    checkpoint of the 3rd written on the 4th, after the counter opened) still count on the 4th."""
    manager = branch.users.login("gerente", PASSWORDS["gerente"])
    taken = pay_what_they_owe(
        branch, accounts_with_history(branch, 12, seed=4), lambda state: state.payoff_amount
    )
    branch.payments.void(taken[0].receipt_no, "monto equivocado", manager)
    void_a_payment_from_the_history(branch, manager)
    assert advance_checkpoint(branch.engine, DAY - timedelta(days=1), "2026-12-04T20:00:00.000000Z")
    assert checkpoint_rows(branch) == exact_rows(branch, DAY - timedelta(days=1))
    assert_agrees(branch, DAY, DAY + timedelta(days=2))


def test_moving_the_checkpoint_forward_keeps_it_equal_to_the_ledger(branch: Branch) -> None:
    pay_what_they_owe(
        branch,
        accounts_with_history(branch, 15, seed=3),
        lambda state: min(state.payoff_amount, Decimal("50.00")),
    )
    for day in (DAY, DAY + timedelta(days=3), DAY + timedelta(days=40)):
        assert advance_checkpoint(branch.engine, day, "2026-12-04T20:00:00.000000Z")
        assert checkpoint_rows(branch) == exact_rows(branch, day)
        assert_agrees(branch, day, day + timedelta(days=1), day + timedelta(days=31))
    # The checkpoint never moves back; an earlier day is computed from the ledger alone.
    assert not advance_checkpoint(branch.engine, DAY, "2026-12-04T20:00:00.000000Z")
    assert_agrees(branch, DAY)
    con = sqlite3.connect(branch.path)
    assert con.execute("SELECT count(*) FROM account_changes").fetchone()[0] == 0  # pruned as it moved
    con.close()


def test_a_report_reads_nothing_it_should_not_and_writes_nothing(branch: Branch) -> None:
    before = checkpoint_rows(branch)
    aging(branch, DAY, use_checkpoint=True)
    assert checkpoint_rows(branch) == before
    con = sqlite3.connect(branch.path)
    assert con.execute("SELECT count(*) FROM account_changes").fetchone()[0] == 0
    con.close()


def test_the_service_never_moves_the_checkpoint_past_today(branch: Branch) -> None:
    reports = Reports(branch)  # the branch's clock says 2026-12-04
    assert not reports.keep_portfolio_checkpoint(DAY + timedelta(days=1))
    with Session(branch.engine) as s:
        assert read_checkpoint(s).as_of == DAY - timedelta(days=1)  # type: ignore[union-attr]
    assert reports.keep_portfolio_checkpoint()
    with Session(branch.engine) as s:
        assert read_checkpoint(s).as_of == DAY  # type: ignore[union-attr]


def test_the_checkpoint_command_shows_verifies_and_rebuilds(branch: Branch) -> None:
    branch.close()
    shown = run_cli("report", "checkpoint", "--date", "2026-12-04", "--verify", "--json", db=branch.path)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["as_of"] == "2026-12-03" and data["accounts"] > 100 and data["differing_accounts"] == []
    # A damaged row (this never happens through the app) is found and the rebuild repairs it.
    con = sqlite3.connect(branch.path)
    with con:
        damaged = con.execute("SELECT min(account_id) FROM portfolio_checkpoint_accounts").fetchone()[0]
        con.execute(
            "UPDATE portfolio_checkpoint_accounts SET overdue_cents = overdue_cents + 1 WHERE account_id = ?",
            (damaged,),
        )
    con.close()
    found = run_cli("report", "checkpoint", "--date", "2026-12-04", "--verify", db=branch.path)
    assert found.returncode == 1 and "1 cuentas difieren del libro al 2026-12-04" in found.stdout
    rebuilt = run_cli("report", "checkpoint", "--date", "2026-12-04", "--rebuild", "--verify", db=branch.path)
    assert rebuilt.returncode == 0 and "Coincide con el libro al 2026-12-04" in rebuilt.stdout
    assert "al 2026-12-04" in run_cli("report", "checkpoint", db=branch.path).stdout


def test_random_days_of_payments_voids_and_moves_agree_with_the_ledger(branch: Branch) -> None:
    """Twelve rounds of: the clock moves 0-9 days, payments (some voided at once), and sometimes the
    checkpoint moves to today; after each round both ways agree today and a month ahead."""
    rnd = random.Random(11)
    cashier = branch.users.login("cajero", PASSWORDS["cajero"])
    manager = branch.users.login("gerente", PASSWORDS["gerente"])
    clock = branch.clock
    assert isinstance(clock, MovableClock)
    pool = accounts_with_history(branch, 60, seed=5)
    for _ in range(12):
        clock.advance(days=rnd.randint(0, 9))
        today = branch.today()
        for _, account_no in rnd.sample(pool, 6):
            state = branch.accounts.get(account_no)
            if state.payoff_amount <= 0:
                continue
            amount = min(state.payoff_amount, Decimal(rnd.choice(["5.00", "40.00", "150.00", "900.00"])))
            paid = branch.payments.take(
                PaymentRequest(account_no, amount, "yape", operation_number="99990000"), cashier
            )
            if rnd.random() < 0.2:
                branch.payments.void(paid.receipt_no, "monto equivocado", manager)
        if rnd.random() < 0.5:
            assert Reports(branch).keep_portfolio_checkpoint()
            assert checkpoint_rows(branch) == exact_rows(branch, today)
        assert_agrees(branch, today, today + timedelta(days=30))


def test_moving_the_checkpoint_while_the_counter_takes_payments(branch: Branch) -> None:
    """Payments committed while the checkpoint is being computed or written are never lost: they are
    past its ledger position, so the next report computes their accounts from the ledger."""
    cashier = branch.users.login("cajero", PASSWORDS["cajero"])
    pool = accounts_with_history(branch, 60, seed=6)
    errors: list[BaseException] = []
    taken: list[str] = []

    def counter() -> None:
        try:
            for _, account_no in pool:
                state = branch.accounts.get(account_no)
                if state.payoff_amount > 0:
                    amount = min(state.payoff_amount, Decimal("25.00"))
                    request = PaymentRequest(account_no, amount, "yape", operation_number="55556666")
                    taken.append(branch.payments.take(request, cashier).receipt_no)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    worker = threading.Thread(target=counter)
    worker.start()
    moved = 0
    while worker.is_alive():
        moved += advance_checkpoint(branch.engine, DAY, "2026-12-04T20:00:00.000000Z")
    worker.join()
    assert errors == [] and moved >= 1 and len(taken) >= 15
    assert_agrees(branch, DAY, DAY + timedelta(days=5))
    assert advance_checkpoint(branch.engine, DAY, "2026-12-04T20:00:00.000000Z")
    assert checkpoint_rows(branch) == exact_rows(branch, DAY)
