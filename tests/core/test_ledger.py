"""The pure ledger: schedules, late fees, aging, days past due, next due, allocation and payoff (cents)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.allocation import OverPayment, allocate
from app.ledger import AllocationLine, account_state, aging_bucket, late_fee_assessed
from app.schedule import ScheduledInstallment, add_months, build_schedule, due_dates
from app.settings import AllocationPolicy, LateFeePolicy

NO_FEES = LateFeePolicy(grace_days=0, fixed_fee=Decimal("0"), monthly_rate_pct=Decimal("0"))
DEFAULT_FEES = LateFeePolicy()  # 3 days of grace, S/ 5.00 once, no rate
INSTALLMENT_MODE = AllocationPolicy()
COMPONENT_MODE = AllocationPolicy(mode="component")
WITH_CREDIT = AllocationPolicy(allow_credit_balance=True)


def inst(number: int, due: date, principal: int, interest: int) -> ScheduledInstallment:
    return ScheduledInstallment(number, due, principal, interest)


# Three monthly installments of S/ 100.00 (S/ 90 principal + S/ 10 interest), due Jan 10, Feb 10, Mar 10.
THREE = [
    inst(1, date(2025, 1, 10), 9000, 1000),
    inst(2, date(2025, 2, 10), 9000, 1000),
    inst(3, date(2025, 3, 10), 9000, 1000),
]


# ---- schedule -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("principal", "rate_bp", "term", "frequency"),
    [
        (120_000, 350, 12, "monthly"),
        (100_000, 0, 3, "monthly"),
        (1, 0, 7, "monthly"),
        (999_999, 499, 36, "monthly"),
        (250_000, 250, 24, "biweekly"),
        (50_000, 100, 52, "weekly"),
        (9_999_999_999, 2000, 120, "monthly"),
        (77_777, 123, 1, "monthly"),
    ],
)
def test_schedule_principals_sum_exactly_to_the_loan(
    principal: int, rate_bp: int, term: int, frequency: str
) -> None:
    rows = build_schedule(principal, rate_bp, term, date(2025, 4, 1), frequency)
    assert len(rows) == term
    assert [r.number for r in rows] == list(range(1, term + 1))
    assert sum(r.principal_cents for r in rows) == principal
    assert all(r.principal_cents >= 0 and r.interest_cents >= 0 for r in rows)
    assert [r.due_on for r in rows] == sorted(r.due_on for r in rows)


def test_schedule_is_a_level_payment_with_interest_on_the_outstanding_principal() -> None:
    # S/ 1,200.00 at 3.5% a month over 12 months: the textbook level payment is S/ 124.18.
    rows = build_schedule(120_000, 350, 12, date(2025, 4, 1))
    assert {r.amount_cents for r in rows[:-1]} == {12_418}
    assert rows[0].interest_cents == 4_200  # 3.5% of 1,200.00
    assert rows[0].principal_cents == 12_418 - 4_200
    outstanding = 120_000
    for r in rows:
        assert r.interest_cents == int((Decimal(outstanding) * Decimal("0.035")).to_integral_value())
        outstanding -= r.principal_cents
    assert outstanding == 0
    assert abs(rows[-1].amount_cents - 12_418) <= 12  # the last one absorbs only the rounding
    assert sum(r.amount_cents for r in rows) == 149_018


def test_schedule_at_zero_rate_splits_evenly_with_the_remainder_last() -> None:
    rows = build_schedule(100_000, 0, 3, date(2025, 4, 1))
    assert [(r.principal_cents, r.interest_cents) for r in rows] == [(33_333, 0), (33_333, 0), (33_334, 0)]


@pytest.mark.parametrize(
    ("principal", "rate_bp", "term"),
    [
        (120_000, 350, 12),
        # S/ 100.00 at 2.06% a month over 120 months: rounding the level payment half-up every month makes
        # the principal run out early, leaving installment 119 short and installment 120 at S/ 0.00.
        (10_000, 206, 120),
    ],
)
def test_schedule_every_installment_but_the_last_is_level_and_none_is_empty(
    principal: int, rate_bp: int, term: int
) -> None:
    rows = build_schedule(principal, rate_bp, term, date(2025, 1, 15))
    assert len({r.amount_cents for r in rows[:-1]}) == 1
    assert all(r.amount_cents > 0 for r in rows), [
        (r.number, r.amount_cents) for r in rows if not r.amount_cents
    ]


def test_due_dates_clamp_to_month_end_and_come_back() -> None:
    assert due_dates(date(2025, 1, 31), 5) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 5, 31),
    ]
    assert due_dates(date(2024, 1, 31), 3) == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
    assert due_dates(date(2025, 11, 30), 3) == [date(2025, 11, 30), date(2025, 12, 30), date(2026, 1, 30)]
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 2, 28), 1, anchor_day=31) == date(2025, 3, 31)


def test_due_dates_for_weekly_and_biweekly() -> None:
    assert due_dates(date(2025, 1, 1), 3, "weekly") == [date(2025, 1, 1), date(2025, 1, 8), date(2025, 1, 15)]
    assert due_dates(date(2025, 1, 1), 3, "biweekly") == [
        date(2025, 1, 1),
        date(2025, 1, 15),
        date(2025, 1, 29),
    ]


@pytest.mark.parametrize(
    "terms",
    [(0, 100, 12, "monthly"), (1000, -1, 12, "monthly"), (1000, 100, 0, "monthly"), (1000, 1, 1, "daily")],
)
def test_schedule_refuses_invalid_terms(terms: tuple[int, int, int, str]) -> None:
    principal, rate, term, frequency = terms
    with pytest.raises(ValueError):
        build_schedule(principal, rate, term, date(2025, 1, 1), frequency)


# ---- late fees ----------------------------------------------------------------------------------------
DUE = date(2025, 3, 1)


@pytest.mark.parametrize(
    ("days_late", "fee"), [(-5, 0), (0, 0), (1, 0), (3, 0), (4, 500), (30, 500), (365, 500)]
)
def test_fixed_late_fee_after_grace_once(days_late: int, fee: int) -> None:
    assert late_fee_assessed(DUE, 10_000, 0, DUE + timedelta(days=days_late), DEFAULT_FEES) == fee


def test_monthly_rate_accrues_by_day_from_the_due_date() -> None:
    policy = LateFeePolicy(grace_days=3, fixed_fee=Decimal("0"), monthly_rate_pct=Decimal("3"))
    assert late_fee_assessed(DUE, 10_000, 0, DUE + timedelta(days=3), policy) == 0  # in grace
    assert late_fee_assessed(DUE, 10_000, 0, DUE + timedelta(days=10), policy) == 100  # 3% * 10/30
    assert late_fee_assessed(DUE, 10_000, 0, DUE + timedelta(days=15), policy) == 150
    assert late_fee_assessed(DUE, 10_000, 0, DUE + timedelta(days=30), policy) == 300
    assert late_fee_assessed(DUE, 10_000, 0, DUE + timedelta(days=60), policy) == 600
    assert late_fee_assessed(DUE, 12_345, 0, DUE + timedelta(days=7), policy) == 86  # 86.415 half-up
    both = LateFeePolicy(grace_days=0, fixed_fee=Decimal("5.00"), monthly_rate_pct=Decimal("3"))
    assert late_fee_assessed(DUE, 10_000, 0, DUE + timedelta(days=30), both) == 800


def test_late_fee_already_paid_is_not_owed_again() -> None:
    as_of = DUE + timedelta(days=10)
    assert late_fee_assessed(DUE, 10_000, 200, as_of, DEFAULT_FEES) == 300
    assert late_fee_assessed(DUE, 10_000, 500, as_of, DEFAULT_FEES) == 0
    assert late_fee_assessed(DUE, 10_000, 900, as_of, DEFAULT_FEES) == 0  # never negative


def test_no_late_fee_once_principal_and_interest_are_paid() -> None:
    assert late_fee_assessed(DUE, 0, 0, DUE + timedelta(days=90), DEFAULT_FEES) == 0
    paid_first = [AllocationLine(1, 0, 1000, 9000, paid_on=date(2025, 1, 10))]  # paid on its due date
    state = account_state(THREE, paid_first, date(2025, 3, 31), DEFAULT_FEES)
    first = state.installments[0]
    assert (first.status, first.late_fee_owed_cents, first.owed_cents) == ("paid", 0, 0)
    assert [i.late_fee_owed_cents for i in state.installments] == [0, 500, 500]  # Feb 10 and Mar 10 late


def test_balance_is_schedule_plus_fees_minus_valid_payments() -> None:
    as_of = date(2025, 2, 20)  # installment 1 is 41 days late, 2 is 10 days late
    lines = [AllocationLine(1, 500, 1000, 2000)]
    state = account_state(THREE, lines, as_of, DEFAULT_FEES)
    assert state.late_fees_owed_cents == 500  # installment 1's fee is paid; installment 2 owes one
    assert state.balance_cents == 30_000 + 1_000 - 3_500
    assert state.payoff_cents == state.balance_cents
    assert state.overdue_cents == (10_000 - 3_000) + (10_000 + 500)
    assert [i.status for i in state.installments] == ["overdue", "overdue", "due"]


# ---- aging, days past due, next due ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-3, "current"),
        (0, "current"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "91-120"),
        (120, "91-120"),
        (121, "120+"),
        (4000, "120+"),
    ],
)
def test_aging_bucket_boundaries(days: int, bucket: str) -> None:
    assert aging_bucket(days) == bucket


def test_days_past_due_count_from_the_oldest_installment_still_owing() -> None:
    as_of = date(2025, 3, 20)
    nothing_paid = account_state(THREE, [], as_of, NO_FEES)
    assert nothing_paid.days_past_due == (as_of - date(2025, 1, 10)).days == 69
    assert nothing_paid.aging_bucket == "61-90"
    partly = account_state(THREE, [AllocationLine(1, 0, 1000, 8999)], as_of, NO_FEES)
    assert partly.days_past_due == 69  # one cent still owed keeps the oldest date
    first_paid = account_state(THREE, [AllocationLine(1, 0, 1000, 9000)], as_of, NO_FEES)
    assert first_paid.days_past_due == (as_of - date(2025, 2, 10)).days == 38
    assert first_paid.aging_bucket == "31-60"
    up_to_date = account_state(THREE, [AllocationLine(n, 0, 1000, 9000) for n in (1, 2, 3)], as_of, NO_FEES)
    assert (up_to_date.days_past_due, up_to_date.aging_bucket, up_to_date.overdue_cents) == (0, "current", 0)


def test_an_installment_due_today_is_not_past_due() -> None:
    state = account_state(THREE, [], date(2025, 1, 10), NO_FEES)
    assert state.days_past_due == 0
    assert state.overdue_cents == 0
    assert [i.status for i in state.installments] == ["due", "upcoming", "upcoming"]
    assert account_state(THREE, [], date(2025, 1, 11), NO_FEES).days_past_due == 1


def test_next_due_is_the_first_installment_due_today_or_later_still_owing() -> None:
    due_day = account_state(THREE, [], date(2025, 2, 10), NO_FEES)
    assert due_day.next_due is not None and due_day.next_due.number == 2
    after = account_state(THREE, [], date(2025, 2, 11), NO_FEES)
    assert after.next_due is not None and after.next_due.number == 3
    prepaid = account_state(THREE, [AllocationLine(2, 0, 1000, 9000)], date(2025, 2, 1), NO_FEES)
    assert prepaid.next_due is not None and prepaid.next_due.number == 3
    assert account_state(THREE, [], date(2025, 3, 11), NO_FEES).next_due is None


# ---- allocation ---------------------------------------------------------------------------------------
def test_installment_mode_pays_fee_interest_principal_oldest_first() -> None:
    state = account_state(THREE, [], date(2025, 2, 20), DEFAULT_FEES)  # 1 and 2 late: S/ 5.00 each
    lines = allocate(state, 10_500 + 500 + 1000 + 100, INSTALLMENT_MODE)
    assert lines == [AllocationLine(1, 500, 1000, 9000), AllocationLine(2, 500, 1000, 100)]


def test_installment_mode_small_payment_goes_to_the_oldest_fee_first() -> None:
    state = account_state(THREE, [], date(2025, 2, 20), DEFAULT_FEES)
    assert allocate(state, 300, INSTALLMENT_MODE) == [AllocationLine(1, 300, 0, 0)]
    assert allocate(state, 900, INSTALLMENT_MODE) == [AllocationLine(1, 500, 400, 0)]


def test_component_mode_pays_each_component_across_installments_first() -> None:
    state = account_state(THREE, [], date(2025, 2, 20), DEFAULT_FEES)
    # Both fees (10.00), then every installment's interest (30.00), then principal of the oldest.
    lines = allocate(state, 1000 + 3000 + 50, COMPONENT_MODE)
    assert lines == [
        AllocationLine(1, 500, 1000, 50),
        AllocationLine(2, 500, 1000, 0),
        AllocationLine(3, 0, 1000, 0),
    ]


def test_custom_component_order_is_followed() -> None:
    policy = AllocationPolicy(components=("principal", "interest", "late_fee"))
    state = account_state(THREE, [], date(2025, 2, 20), DEFAULT_FEES)
    assert allocate(state, 9500, policy) == [AllocationLine(1, 0, 500, 9000)]


def test_allocation_skips_what_is_already_paid() -> None:
    state = account_state(THREE, [AllocationLine(1, 0, 1000, 4000)], date(2025, 1, 5), NO_FEES)
    assert allocate(state, 7000, INSTALLMENT_MODE) == [
        AllocationLine(1, 0, 0, 5000),
        AllocationLine(2, 0, 1000, 1000),
    ]


def test_payoff_settles_the_account_and_nothing_more_is_taken() -> None:
    as_of = date(2025, 2, 20)
    state = account_state(THREE, [AllocationLine(1, 0, 1000, 2000)], as_of, DEFAULT_FEES)
    payoff = state.payoff_cents
    assert payoff == 30_000 - 3_000 + 1_000
    lines = allocate(state, payoff, INSTALLMENT_MODE)
    assert sum(line.total_cents for line in lines) == payoff
    settled = account_state(THREE, [AllocationLine(1, 0, 1000, 2000), *lines], as_of, DEFAULT_FEES)
    assert (settled.balance_cents, settled.payoff_cents, settled.overdue_cents) == (0, 0, 0)
    assert all(i.status == "paid" for i in settled.installments)
    with pytest.raises(OverPayment) as over:
        allocate(settled, 1, INSTALLMENT_MODE)
    assert over.value.payoff_cents == 0


def test_over_payment_is_refused_with_the_payoff() -> None:
    state = account_state(THREE, [], date(2025, 1, 1), NO_FEES)
    with pytest.raises(OverPayment) as over:
        allocate(state, 30_001, INSTALLMENT_MODE)
    assert over.value.payoff_cents == 30_000
    with pytest.raises(OverPayment):
        allocate(state, 30_001, COMPONENT_MODE)


def test_over_payment_becomes_one_credit_line_when_allowed() -> None:
    state = account_state(THREE, [], date(2025, 1, 1), NO_FEES)
    lines = allocate(state, 30_250, WITH_CREDIT)
    assert lines[-1] == AllocationLine(None, 0, 0, 250)
    assert [line.installment_no for line in lines[:-1]] == [1, 2, 3]
    assert sum(line.total_cents for line in lines) == 30_250
    after = account_state(THREE, lines, date(2025, 1, 1), NO_FEES)
    assert (after.credit_cents, after.balance_cents, after.payoff_cents) == (250, -250, 0)
    assert allocate(state, 500, WITH_CREDIT) == [AllocationLine(1, 0, 500, 0)]  # no credit when not needed


@pytest.mark.parametrize("amount", [0, -1])
def test_allocation_refuses_non_positive_amounts(amount: int) -> None:
    state = account_state(THREE, [], date(2025, 1, 1), NO_FEES)
    with pytest.raises(ValueError):
        allocate(state, amount, INSTALLMENT_MODE)


@pytest.mark.parametrize(
    ("policy", "amount"),
    [
        (AllocationPolicy(components=("interest", "principal", "late_fee")), 10_000),
        (AllocationPolicy(mode="component", components=("interest", "principal", "late_fee")), 12_000),
    ],
    ids=["installment-fee-last", "component-fee-last"],
)
def test_a_payment_lowers_the_balance_by_exactly_its_amount_in_any_configured_order(
    policy: AllocationPolicy, amount: int
) -> None:
    # Installments 1 and 2 are late and owe S/ 5.00 each. With the fee configured last, the payment
    # completes installment 1's principal and interest; its S/ 5.00 fee was owed a moment ago and must
    # still be owed: the balance falls by what the customer paid, not by that plus the fee.
    as_of = date(2025, 2, 20)
    before = account_state(THREE, [], as_of, DEFAULT_FEES)
    assert before.balance_cents == 31_000
    lines = allocate(before, amount, policy)
    assert sum(line.total_cents for line in lines) == amount
    after = account_state(THREE, lines, as_of, DEFAULT_FEES)
    assert after.balance_cents == before.balance_cents - amount


def test_money_paid_twice_for_one_installment_is_credit_not_a_late_account() -> None:
    # Two offline branches each took S/ 100.00 for installment 1 (DESIGN: both payments stand and the
    # excess is a credit balance). Then the customer paid the payoff shown (S/ 100.00) at a third counter.
    paid_on = date(2025, 1, 5)
    twice = [AllocationLine(1, 0, 1000, 9000, paid_on), AllocationLine(1, 0, 1000, 9000, paid_on)]
    state = account_state(THREE, twice, paid_on, DEFAULT_FEES)
    assert state.payoff_cents == 10_000
    last = [replace(line, paid_on=paid_on) for line in allocate(state, state.payoff_cents, INSTALLMENT_MODE)]
    settled = account_state(THREE, [*twice, *last], date(2025, 1, 5), DEFAULT_FEES)
    assert settled.balance_cents == 0
    # Everything is paid, so later the account is neither late nor charged a late fee.
    later = account_state(THREE, [*twice, *last], date(2025, 3, 20), DEFAULT_FEES)
    assert (later.balance_cents, later.late_fees_owed_cents) == (0, 0)
    assert (later.days_past_due, later.overdue_cents) == (0, 0)
