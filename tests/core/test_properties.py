"""Properties (Hypothesis): allocation never loses, doubles or miscounts a cent, in the pure ledger and
through the real services on a real SQLite branch."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.allocation import OverPayment, allocate
from app.branch import Branch
from app.errors import InvalidInput, PermissionDenied, Refused
from app.ledger import AccountState, AllocationLine, account_state
from app.money import from_cents, to_cents
from app.payments import PaymentRecord, PaymentRequest
from app.schedule import ScheduledInstallment, build_schedule
from app.settings import COMPONENTS, AllocationPolicy, LateFeePolicy

COMPONENT_FIELD = {"late_fee": "late_fee_cents", "interest": "interest_cents", "principal": "principal_cents"}


# ================================================================================================
# (a) the pure allocation
# ================================================================================================
@st.composite
def schedules(draw: st.DrawFn) -> list[ScheduledInstallment]:
    principal = draw(st.integers(1, 5_000_000))
    rate_bp = draw(st.sampled_from([0, 0, 100, 250, 350, 499, 1000, 2000]))
    term = draw(st.integers(1, 18))
    frequency = draw(st.sampled_from(["monthly", "monthly", "biweekly", "weekly"]))
    first_due = draw(st.dates(date(2024, 1, 1), date(2026, 12, 31)))
    return build_schedule(principal, rate_bp, term, first_due, frequency)


@st.composite
def paid_lines(draw: st.DrawFn, schedule: list[ScheduledInstallment]) -> list[AllocationLine]:
    """Valid payments so far, in any pattern (voids can leave an older installment unpaid behind a newer
    one paid): for each installment, nothing, everything, or a part of each component."""
    lines = []
    for inst in schedule:
        kind = draw(st.sampled_from(["none", "none", "all", "part"]))
        if kind == "all":
            fee = draw(st.sampled_from([0, 0, 500]))
            lines.append(AllocationLine(inst.number, fee, inst.interest_cents, inst.principal_cents))
        elif kind == "part":
            lines.append(
                AllocationLine(
                    inst.number,
                    draw(st.integers(0, 800)),
                    draw(st.integers(0, inst.interest_cents)),
                    draw(st.integers(0, inst.principal_cents)),
                )
            )
    return lines


fee_policies = st.builds(
    LateFeePolicy,
    grace_days=st.integers(0, 5),
    fixed_fee=st.sampled_from([Decimal("0"), Decimal("5.00"), Decimal("12.34")]),
    monthly_rate_pct=st.sampled_from([Decimal("0"), Decimal("2.5"), Decimal("10")]),
)
allocation_policies = st.builds(
    AllocationPolicy,
    mode=st.sampled_from(["installment", "component"]),
    components=st.permutations(COMPONENTS).map(tuple),
    allow_credit_balance=st.booleans(),
)


def owed_parts(state: AccountState) -> dict[int, dict[str, int]]:
    return {
        i.number: {
            "late_fee": i.late_fee_owed_cents,
            "interest": i.owed_interest_cents,
            "principal": i.owed_principal_cents,
        }
        for i in state.installments
    }


def slot_order(state: AccountState, policy: AllocationPolicy) -> list[tuple[int, str]]:
    """(installment, component) in the order the policy pays them: oldest first."""
    numbers = [i.number for i in state.installments]
    if policy.mode == "component":
        return [(n, c) for c in policy.components for n in numbers]
    return [(n, c) for n in numbers for c in policy.components]


@settings(max_examples=200, deadline=None)
@given(data=st.data(), fee_policy=fee_policies, policy=allocation_policies)
def test_allocation_is_exact_bounded_and_oldest_first(
    data: st.DataObject, fee_policy: LateFeePolicy, policy: AllocationPolicy
) -> None:
    schedule = data.draw(schedules())
    prior = data.draw(paid_lines(schedule))
    as_of = schedule[0].due_on + timedelta(days=data.draw(st.integers(-40, 700)))
    state = account_state(schedule, prior, as_of, fee_policy)
    owed = owed_parts(state)
    payable = sum(max(v, 0) for parts in owed.values() for v in parts.values())
    assert payable == state.payoff_cents  # what the desk shows as payoff is what allocation can take
    amount = data.draw(
        st.one_of(st.integers(1, max(payable, 1)), st.just(payable), st.integers(payable + 1, payable + 5000))
        if payable
        else st.integers(1, 5000)
    )

    if amount > payable and not policy.allow_credit_balance:
        with pytest.raises(OverPayment) as over:
            allocate(state, amount, policy)
        assert over.value.payoff_cents == payable
        return

    lines = allocate(state, amount, policy)
    # Exact: never more than the amount, never less.
    assert sum(line.total_cents for line in lines) == amount
    assert all(
        line.late_fee_cents >= 0 and line.interest_cents >= 0 and line.principal_cents >= 0 for line in lines
    )
    by_installment = [line for line in lines if line.installment_no is not None]
    credit = [line for line in lines if line.installment_no is None]
    numbers = [line.installment_no for line in by_installment]
    assert numbers == sorted(set(numbers))  # one line per installment, oldest first
    # Credit only for what is beyond the payoff, as one line of principal.
    assert sum(line.total_cents for line in credit) == max(amount - payable, 0)
    assert len(credit) <= 1
    # Never more of a component than the installment owes of it.
    paid: dict[tuple[int, str], int] = {}
    for line in by_installment:
        assert line.installment_no is not None
        for component, attr in COMPONENT_FIELD.items():
            cents = getattr(line, attr)
            assert cents <= max(owed[line.installment_no][component], 0)
            paid[line.installment_no, component] = cents
    # Oldest first in the policy's order: a greedy fill, so once a slot is left owing, no later slot
    # receives anything.
    left_owing = False
    for slot in slot_order(state, policy):
        got = paid.get(slot, 0)
        if left_owing:
            assert got == 0, f"{slot} paid while an earlier slot still owes"
        if got < max(owed[slot[0]][slot[1]], 0):
            left_owing = True
    # The balance goes down by exactly the amount when fees are paid before what they accrue on (the
    # default order; see test_ledger for the other orders).
    if policy.components[0] == "late_fee":
        after = account_state(schedule, [*prior, *lines], as_of, fee_policy)
        assert after.balance_cents == state.balance_cents - amount


# ================================================================================================
# (b) through the real services, on a real SQLite file
# ================================================================================================
ACCOUNTS = ("A1", "A2")
START = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)  # 10:00 in Lima; first due date is 2025-04-01
LATE = datetime(2025, 6, 20, 15, 0, tzinfo=UTC)  # three installments of A1 and A2 past due and grace


@pytest.fixture(scope="module")
def templates(
    tmp_path_factory: pytest.TempPathFactory,
    new_branch: Callable[..., Branch],
    new_account: Callable[..., Any],
) -> dict[bool, Path]:
    """One closed, checkpointed branch file per credit policy: users (Argon2: slow) are created once."""
    out = {}
    for credit in (False, True):
        path = tmp_path_factory.mktemp("template") / f"credit-{credit}.db"
        branch = new_branch(path, allocation=AllocationPolicy(allow_credit_balance=credit))
        new_account(branch, "A1", Decimal("1200.00"), 12, Decimal("3.5"), date(2025, 3, 1), date(2025, 4, 1))
        new_account(branch, "A2", Decimal("300.00"), 3, Decimal("0"), date(2025, 3, 1), date(2025, 4, 1))
        branch.drawer.open(branch.drawer.parse_counts("100x1,10x5"), branch.users.get("caja01"))
        branch.close()
        con = sqlite3.connect(path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        out[credit] = path
    return out


METHODS: list[dict[str, Any]] = [
    {"method": "cash"},
    {"method": "cash", "tendered": "extra"},
    {"method": "card", "card_brand": "visa", "card_last4": "4242", "auth_code": "a1b2c3"},
    {"method": "yape", "operation_number": "123-456"},
    {"method": "plin", "operation_number": "PL9988"},
    {"method": "deposit", "operation_number": "0012345678"},
]

pay_op = st.tuples(
    st.just("pay"),
    st.sampled_from(ACCOUNTS),
    st.one_of(st.integers(1, 20_000), st.just(0)),  # 0 means: the whole payoff
    st.integers(0, len(METHODS) - 1),
)
over_op = st.tuples(st.just("over"), st.sampled_from(ACCOUNTS), st.integers(1, 10_000), st.just(0))
void_op = st.tuples(st.just("void"), st.integers(0, 10_000), st.booleans(), st.just(0))
bad_op = st.tuples(st.just("bad"), st.sampled_from(ACCOUNTS), st.just(0), st.just(0))
operations = st.lists(st.one_of(pay_op, pay_op, pay_op, void_op, over_op, bad_op), min_size=1, max_size=12)


def request(account: str, cents: int, method_index: int) -> PaymentRequest:
    details = dict(METHODS[method_index])
    if details.get("tendered") == "extra":
        details["tendered"] = from_cents(cents + 1_000)
    return PaymentRequest(account, from_cents(cents), **details)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ops=operations, credit=st.booleans(), late=st.booleans())
@example(
    ops=[("pay", "A2", 0, 0), ("pay", "A2", 1, 0), ("void", 0, False, 0), ("void", 0, False, 0)],
    credit=False,
    late=False,
)
def test_real_ledger_never_loses_doubles_or_miscounts(
    templates: dict[bool, Path], clock_type: Any, ops: list[tuple[Any, ...]], credit: bool, late: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "branch.db"
        shutil.copy(templates[credit], path)
        # Each reading of the clock is one second later, so every record has its own timestamp.
        clock = clock_type(LATE if late else START, tick=timedelta(seconds=1))
        branch = Branch.open(path, clock=clock)
        try:
            run_operations(branch, ops, credit, late)
        finally:
            branch.close()


def run_operations(branch: Branch, ops: list[tuple[Any, ...]], credit: bool, late: bool) -> None:
    cashier = branch.users.get("caja01")
    base_audit = branch.audit.verify().count
    base_outbox = branch.payments.pending_outbox()
    manager = branch.users.get("jefe01")
    taken: list[PaymentRecord] = []
    voided: set[str] = set()
    for kind, a, b, c in ops:
        if kind == "pay":
            payoff = to_cents(branch.accounts.get(a).payoff_amount)
            cents = max(payoff if b == 0 else b, 1)
            if cents > payoff and not credit:
                with pytest.raises(Refused) as refused:
                    branch.payments.take(request(a, cents, c), cashier)
                assert refused.value.code in ("account_settled", "amount_above_payoff")
                continue
            before = branch.accounts.get(a).balance
            record = branch.payments.take(request(a, cents, c), cashier)
            assert record.receipt_no == f"B012-01-{len(taken) + 1:06d}"
            assert record.amount == from_cents(cents)
            assert sum(x.amount for x in record.allocations) == record.amount
            assert record.balance_after == before - record.amount
            assert branch.accounts.get(a).balance == before - record.amount
            taken.append(record)
        elif kind == "over":
            view = branch.accounts.get(a)
            payoff = to_cents(view.payoff_amount)
            if credit:
                record = branch.payments.take(request(a, payoff + b, 0), cashier)
                # Only what is beyond everything the installments owe becomes credit (an existing credit
                # is netted in the payoff shown, not in the allocation).
                owed = view.balance + view.credit
                to_credit = sum((x.amount for x in record.allocations if x.installment is None), Decimal(0))
                assert to_credit == max(record.amount - owed, Decimal(0))
                assert record.balance_after == view.balance - record.amount
                assert record.receipt_no == f"B012-01-{len(taken) + 1:06d}"
                taken.append(record)
            else:
                with pytest.raises(Refused):
                    branch.payments.take(request(a, payoff + b, 0), cashier)
        elif kind == "bad":
            bad = PaymentRequest(
                a, Decimal("1.00"), "card", card_brand="Visa", card_last4="12a4", auth_code="X1Y2"
            )
            with pytest.raises(InvalidInput):
                branch.payments.take(bad, cashier)
        elif kind == "void" and taken:
            target = taken[a % len(taken)].receipt_no
            if b:  # a cashier alone cannot void
                with pytest.raises(PermissionDenied):
                    branch.payments.void(target, "cliente se arrepintió", cashier)
            if target in voided:
                with pytest.raises(Refused) as refused:
                    branch.payments.void(target, "otra vez", manager)
                assert refused.value.code == "already_voided"
                continue
            v = branch.payments.void(target, "monto equivocado", manager, requested_by=cashier)
            assert (v.receipt_no, v.manager, v.requested_by) == (target, "jefe01", "caja01")
            voided.add(target)
    check_books(branch, taken, voided, late)
    # One audit row and one outbox event per payment and per void, nothing for refused attempts.
    report = branch.audit.verify()
    assert report.ok, report
    assert report.count == base_audit + len(taken) + len(voided)
    assert branch.payments.pending_outbox() == base_outbox + len(taken) + len(voided)


def check_books(branch: Branch, taken: list[PaymentRecord], voided: set[str], late: bool) -> None:
    # Every account: balance == schedule total + late fees - what the valid payments paid of P+I.
    for account_no in ACCOUNTS:
        view = branch.accounts.get(account_no)
        scheduled = sum((i.amount for i in view.installments), Decimal(0))
        valid = [p for p in taken if p.account_no == account_no and p.receipt_no not in voided]
        paid = sum((p.amount for p in valid), Decimal(0))
        fees_paid = sum((x.late_fee for p in valid for x in p.allocations), Decimal(0))
        if not late:
            assert view.late_fees == 0 and fees_paid == 0
        assert view.balance == scheduled + view.late_fees + fees_paid - paid
        assert view.payoff_amount == max(view.balance, Decimal(0))
        assert view.credit >= 0 and view.credit >= -view.balance  # a negative balance is all credit
        listed = {s.receipt_no: s.voided for s in view.payments}
        assert listed == {p.receipt_no: p.receipt_no in voided for p in taken if p.account_no == account_no}
    # A receipt read back (a reprint) says what the original said; only its void status may change.
    for original in taken:
        again = branch.payments.get(original.receipt_no)
        assert again.voided == (original.receipt_no in voided)
        assert dataclasses.replace(again, voided=False, void=None) == original
    # Gap-free, repeat-free receipt numbers; one outbox event and one audit row per payment and void.
    con = sqlite3.connect(branch.path)
    try:
        numbers = [r[0] for r in con.execute("SELECT receipt_no FROM payments ORDER BY id")]
        assert numbers == [f"B012-01-{n:06d}" for n in range(1, len(taken) + 1)]
        last = con.execute("SELECT last_no FROM receipt_sequences WHERE series = 'B012-01'").fetchone()
        assert (last[0] if last else 0) == len(taken)
        kinds = dict(con.execute("SELECT kind, count(*) FROM outbox GROUP BY kind").fetchall())
        assert kinds.get("payment", 0) == len(taken) and kinds.get("void", 0) == len(voided)
        sums = con.execute(
            "SELECT p.receipt_no, p.amount_cents, (SELECT sum(late_fee_cents + interest_cents + principal_cents)"
            " FROM payment_allocations a WHERE a.payment_id = p.id) FROM payments p"
        ).fetchall()
        assert all(amount == allocated for _, amount, allocated in sums)
    finally:
        con.close()
