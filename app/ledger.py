"""The state of a credit account as of a date, derived from its schedule and its valid payments.

Nothing here touches the database: :func:`account_state` takes the schedule and the allocation lines of
the payments that are not voided, and derives what is paid, what is owed (with late fees by policy),
the balance, the overdue amount, days past due and the aging bucket. Balances are therefore never a
stored number that can drift: they are recomputed from the immutable ledger every time.

All amounts are integer cents. Contracts:
- ``balance = sum(scheduled principal+interest) + late fees owed - sum(valid allocations to principal
  and interest) - credit``; with no late fees this is "schedule minus valid payments".
- ``payoff`` is what settles the account as of the date: the balance, never below zero.
- ``days_past_due`` counts from the due date of the oldest installment that still owes something and
  whose due date has passed; 0 when nothing is overdue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.schedule import ScheduledInstallment
from app.settings import LateFeePolicy

AGING_BUCKETS = ("current", "1-30", "31-60", "61-90", "91-120", "120+")


def aging_bucket(days_past_due: int) -> str:
    """The aging bucket for a number of days past due."""
    if days_past_due <= 0:
        return "current"
    for limit, name in ((30, "1-30"), (60, "31-60"), (90, "61-90"), (120, "91-120")):
        if days_past_due <= limit:
            return name
    return "120+"


@dataclass(frozen=True, slots=True)
class AllocationLine:
    """Part of a payment applied to one installment (``installment_no=None`` is a credit balance)."""

    installment_no: int | None
    late_fee_cents: int = 0
    interest_cents: int = 0
    principal_cents: int = 0
    paid_on: date | None = field(default=None, compare=False)  # the payment's business date, when known

    @property
    def total_cents(self) -> int:
        return self.late_fee_cents + self.interest_cents + self.principal_cents


@dataclass(frozen=True, slots=True)
class InstallmentState:
    number: int
    due_on: date
    principal_cents: int
    interest_cents: int
    paid_principal_cents: int
    paid_interest_cents: int
    paid_late_fee_cents: int
    late_fee_owed_cents: int
    status: str  # paid | overdue | due | upcoming
    days_late: int

    @property
    def amount_cents(self) -> int:
        return self.principal_cents + self.interest_cents

    @property
    def owed_principal_cents(self) -> int:
        return self.principal_cents - self.paid_principal_cents

    @property
    def owed_interest_cents(self) -> int:
        return self.interest_cents - self.paid_interest_cents

    @property
    def owed_cents(self) -> int:
        return self.owed_principal_cents + self.owed_interest_cents + self.late_fee_owed_cents

    @property
    def paid_cents(self) -> int:
        return self.paid_principal_cents + self.paid_interest_cents + self.paid_late_fee_cents


@dataclass(frozen=True, slots=True)
class AccountState:
    as_of: date
    installments: tuple[InstallmentState, ...]
    credit_cents: int
    balance_cents: int
    overdue_cents: int
    days_past_due: int
    late_fees_owed_cents: int

    @property
    def payoff_cents(self) -> int:
        return max(self.balance_cents, 0)

    @property
    def aging_bucket(self) -> str:
        return aging_bucket(self.days_past_due)

    @property
    def next_due(self) -> InstallmentState | None:
        """The first installment due today or later that still owes something."""
        for inst in self.installments:
            if inst.due_on >= self.as_of and inst.owed_cents > 0:
                return inst
        return None


def late_fee_assessed(
    due_on: date,
    owed_pi_cents: int,
    paid_fee_cents: int,
    as_of: date,
    policy: LateFeePolicy,
    settled_on: date | None = None,
) -> int:
    """Late fee owed (not yet paid) on one installment as of ``as_of``; see ``LateFeePolicy``.

    While principal or interest is owed, the fee is the fixed fee plus the rate on what is owed, by day
    since the due date. Once they are fully paid (on ``settled_on``), the rate stops and what it accrued
    but was not paid is forgiven, but the fixed fee stays owed if the installment was settled after its
    grace days: an allocation order that pays the fee last never wipes the fixed fee out.
    """
    if owed_pi_cents <= 0:
        if settled_on is None or (settled_on - due_on).days <= policy.grace_days:
            return 0
        fixed = int((Decimal(policy.fixed_fee) * 100).quantize(Decimal(1), ROUND_HALF_UP))
        return max(fixed - paid_fee_cents, 0)
    days = (as_of - due_on).days
    if days <= policy.grace_days:
        return 0
    fee = Decimal(policy.fixed_fee) * 100
    if policy.monthly_rate_pct:
        fee += Decimal(owed_pi_cents) * policy.monthly_rate_pct / 100 * Decimal(days) / 30
    assessed = int(fee.quantize(Decimal(1), ROUND_HALF_UP))
    return max(assessed - paid_fee_cents, 0)


def _settled_on(inst: ScheduledInstallment, lines: list[AllocationLine], as_of: date) -> date | None:
    """The business date on which the installment's principal and interest became fully paid by its
    lines (a line without a date counts as paid on ``as_of``: a payment just allocated or previewed);
    None when lines never paid them in full (a credit covered them)."""
    by_day: dict[date, int] = {}
    for line in lines:
        day = line.paid_on or as_of
        by_day[day] = by_day.get(day, 0) + line.principal_cents + line.interest_cents
    total = 0
    for day in sorted(by_day):
        total += by_day[day]
        if total >= inst.amount_cents:
            return day
    return None


def account_state(
    schedule: Sequence[ScheduledInstallment],
    allocations: Iterable[AllocationLine],
    as_of: date,
    policy: LateFeePolicy,
) -> AccountState:
    """Derive the account's state as of ``as_of`` from its schedule and its valid allocation lines.

    Money paid beyond an installment's principal or interest (two branches paying the same installment
    offline), and any credit line, is a credit that first covers the oldest installments still owing
    (interest, then principal); what remains is the account's credit balance.
    """
    lines_by_inst: dict[int, list[AllocationLine]] = {}
    credit = 0
    for line in allocations:
        if line.installment_no is None:
            credit += line.total_cents
        else:
            lines_by_inst.setdefault(line.installment_no, []).append(line)
    paid: dict[int, list[int]] = {}
    for inst in schedule:
        own = lines_by_inst.get(inst.number, [])
        pp = sum(x.principal_cents for x in own)
        pi = sum(x.interest_cents for x in own)
        pf = sum(x.late_fee_cents for x in own)
        if pp > inst.principal_cents:
            credit += pp - inst.principal_cents
            pp = inst.principal_cents
        if pi > inst.interest_cents:
            credit += pi - inst.interest_cents
            pi = inst.interest_cents
        paid[inst.number] = [pp, pi, pf]
    for inst in schedule:  # a credit covers the oldest installments still owing
        if credit <= 0:
            break
        acc = paid[inst.number]
        cover = min(credit, inst.interest_cents - acc[1])
        acc[1] += cover
        credit -= cover
        cover = min(credit, inst.principal_cents - acc[0])
        acc[0] += cover
        credit -= cover
    states: list[InstallmentState] = []
    balance = overdue = fees = 0
    oldest_late: date | None = None
    seen_due = False
    for inst in schedule:
        pp, pi, pf = paid[inst.number]
        owed_pi = inst.principal_cents - pp + inst.interest_cents - pi
        settled_on = _settled_on(inst, lines_by_inst.get(inst.number, []), as_of) if owed_pi <= 0 else None
        fee = late_fee_assessed(inst.due_on, owed_pi, pf, as_of, policy, settled_on)
        days = (as_of - inst.due_on).days
        if owed_pi <= 0 and fee == 0:
            status = "paid"
        elif days > 0:
            status = "overdue"
            overdue += owed_pi + fee
            if oldest_late is None:
                oldest_late = inst.due_on
        elif not seen_due:
            status = "due"
            seen_due = True
        else:
            status = "upcoming"
        balance += owed_pi + fee
        fees += fee
        states.append(
            InstallmentState(
                inst.number,
                inst.due_on,
                inst.principal_cents,
                inst.interest_cents,
                pp,
                pi,
                pf,
                fee,
                status,
                max(days, 0) if status == "overdue" else 0,
            )
        )
    return AccountState(
        as_of=as_of,
        installments=tuple(states),
        credit_cents=credit,
        balance_cents=balance - credit,
        overdue_cents=overdue,
        days_past_due=(as_of - oldest_late).days if oldest_late else 0,
        late_fees_owed_cents=fees,
    )
