"""The portfolio aging computed in SQL agrees with the per-account ledger (``app.ledger.account_state``)
on a sample of accounts with varied histories: on time, late, partly paid, voided payments, a payment
synced from another branch that overpays an installment (a credit), paid off, written off, opened
after the day."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import Branch
from app.accounts import load_states
from app.errors import Refused
from app.ledger import AccountState, aging_bucket
from app.payments import PaymentRequest
from app.reports.portfolio import overdue_by_account, portfolio_aging
from tests.core.conftest import PASSWORD, MovableClock

ACCOUNTS = 60
AS_OF = (date(2026, 3, 15), date(2026, 9, 1), date(2026, 12, 4))


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Branch, Path]]:
    clock = MovableClock(datetime(2025, 6, 1, 15, 0, tzinfo=UTC))
    path = tmp_path_factory.mktemp("aging") / "branch.db"
    branch = Branch.create(path, "B012", "Sucursal Centro", clock=clock)
    cashier = branch.users.add("cajero", PASSWORD, "cashier", "Carla Cajera")
    manager = branch.users.add("gerente", PASSWORD, "manager", "Gino Gerente")
    rnd = random.Random(7)
    numbers = []
    for n in range(ACCOUNTS):
        customer = branch.customers.add("DNI", f"{42_000_000 + n}", "Luis", f"Ccori Apaza {n}", f"98{n:07d}")
        opened = date(2025, 6, 1) + timedelta(days=rnd.randint(0, 420))
        principal = Decimal(rnd.choice([300, 800, 1500, 2400]))
        branch.accounts.open(
            f"30000{n:05d}",
            customer.customer_id,
            principal,
            rnd.choice([3, 6, 12]),
            Decimal(rnd.choice(["0", "2.5", "4"])),
            opened,
        )
        numbers.append(
            (f"30000{n:05d}", opened, rnd.choice(["punctual", "late", "stops", "never", "payoff"]))
        )
    day = date(2025, 6, 1)
    taken = []
    while day <= date(2026, 12, 4):
        clock.now = datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)
        for account_no, opened, habit in numbers:
            chance = {
                "punctual": 0.04,
                "late": 0.02,
                "stops": 0.04 if day < date(2026, 2, 1) else 0,
                "never": 0,
                "payoff": 0.03,
            }[habit]
            if day <= opened or rnd.random() >= chance:
                continue
            payoff = branch.accounts.get(account_no).payoff_amount
            amount = (
                payoff
                if habit == "payoff" and rnd.random() < 0.2
                else min(payoff, Decimal(rnd.randint(2000, 30000)) / 100)
            )
            if amount <= 0:
                continue
            try:
                taken.append(
                    branch.payments.take(
                        PaymentRequest(
                            account_no, amount, "yape", operation_number=f"{rnd.randint(10**7, 10**8)}"
                        ),
                        cashier,
                    )
                )
            except Refused:
                continue
            if rnd.random() < 0.08:
                clock.advance(days=rnd.randint(0, 20))
                branch.payments.void(taken[-1].receipt_no, "error de digitación", manager)
                clock.now = datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)
        day += timedelta(days=3)
    branch.close()
    con = sqlite3.connect(path)
    with con:
        # One account written off, and an installment overpaid by a payment another branch took offline
        # (as the sync inbox stores it): what is paid beyond the installment is a credit, not a payment.
        con.execute("UPDATE accounts SET status = 'written_off' WHERE account_no = ?", (numbers[0][0],))
        acc_id, number, principal = con.execute(
            "SELECT a.id, i.number, i.principal_cents FROM accounts a JOIN installments i ON i.account_id = a.id "
            "WHERE a.account_no = ? ORDER BY i.number LIMIT 1",
            (numbers[1][0],),
        ).fetchone()
        pid = con.execute(
            "INSERT INTO payments (uuid, receipt_no, account_id, amount_cents, method, method_kind, cashier_name, "
            "branch_code, register, created_at, business_date, operation_number) VALUES (?, 'B099-01-000001', ?, ?, 'yape', "
            "'wallet', 'otra', 'B099', '01', '2026-01-10T15:00:00.000000Z', '2026-01-10', '55554444')",
            (str(uuid.uuid4()), acc_id, principal + 5000),
        ).lastrowid
        con.execute(
            "INSERT INTO payment_allocations (payment_id, line_no, account_id, installment_no, late_fee_cents,"
            " interest_cents, principal_cents) VALUES (?, 1, ?, ?, 0, 0, ?)",
            (pid, acc_id, number, principal + 5000),
        )
    con.close()
    b = Branch.open(path)
    yield b, path
    b.close()


def pi_overdue(state: AccountState) -> int:
    """The ledger's overdue amount without late fees (the portfolio view leaves fees out)."""
    return sum(
        i.owed_principal_cents + i.owed_interest_cents for i in state.installments if i.status == "overdue"
    )


def pi_outstanding(state: AccountState) -> int:
    return sum(i.owed_principal_cents + i.owed_interest_cents for i in state.installments)


@pytest.mark.parametrize("as_of", AS_OF)
def test_sql_overdue_and_days_past_due_match_the_ledger(portfolio: tuple[Branch, Path], as_of: date) -> None:
    branch, path = portfolio
    con = sqlite3.connect(path)
    rows = con.execute("SELECT id, status, opened_on FROM accounts ORDER BY id").fetchall()
    con.close()
    with Session(branch.engine) as s:
        states = load_states(s, [r[0] for r in rows], as_of, branch.settings)
        sql = overdue_by_account(s, as_of, [r[0] for r in rows])
        aging = portfolio_aging(s, as_of, "PEN", chase=5)
    expected = {}
    for acc_id, status, opened_on in rows:
        state = states[acc_id]
        if status == "active" and opened_on <= as_of.isoformat() and pi_outstanding(state) > 0:
            expected[acc_id] = (pi_overdue(state), pi_outstanding(state), state.days_past_due)
    assert sql == expected
    assert sum(1 for v in expected.values() if v[0] > 0) >= 5, "the sample should have overdue accounts"
    buckets = Counter(aging_bucket(dpd) for _, _, dpd in expected.values())
    assert {b.bucket: b.accounts for b in aging.buckets} == {
        name: buckets.get(name, 0) for name in ("current", "1-30", "31-60", "61-90", "91-120", "120+")
    }
    assert aging.overdue == Decimal(sum(v[0] for v in expected.values())) / 100
    oldest = sorted(((-dpd, -overdue) for overdue, _, dpd in expected.values() if overdue > 0))[:5]
    assert [(-c.days_past_due, -int(c.overdue * 100)) for c in aging.chase] == oldest


def test_the_overpaid_installment_is_a_credit_not_a_payment_of_the_next(
    portfolio: tuple[Branch, Path],
) -> None:
    branch, path = portfolio
    con = sqlite3.connect(path)
    (acc_id,) = con.execute("SELECT id FROM accounts WHERE account_no = '3000000001'").fetchone()
    con.close()
    with Session(branch.engine) as s:
        state = load_states(s, [acc_id], AS_OF[-1], branch.settings)[acc_id]
        assert state.credit_cents >= 5000
        assert overdue_by_account(s, AS_OF[-1], [acc_id]).get(acc_id, (0, 0, 0))[0] == pi_overdue(state)
