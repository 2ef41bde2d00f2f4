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
from dataclasses import dataclass
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
    due_on: date, owed_pi_cents: int, paid_fee_cents: int, as_of: date, policy: LateFeePolicy
) -> int:
    """Late fee owed (not yet paid) on one installment as of ``as_of``; see ``LateFeePolicy``."""
    days = (as_of - due_on).days
    if owed_pi_cents <= 0 or days <= policy.grace_days:
        return 0
    fee = Decimal(policy.fixed_fee) * 100
    if policy.monthly_rate_pct:
        fee += Decimal(owed_pi_cents) * policy.monthly_rate_pct / 100 * Decimal(days) / 30
    assessed = int(fee.quantize(Decimal(1), ROUND_HALF_UP))
    return max(assessed - paid_fee_cents, 0)


def account_state(
    schedule: Sequence[ScheduledInstallment],
    allocations: Iterable[AllocationLine],
    as_of: date,
    policy: LateFeePolicy,
) -> AccountState:
    """Derive the account's state as of ``as_of`` from its schedule and its valid allocation lines."""
    paid: dict[int, list[int]] = {}
    credit = 0
    for line in allocations:
        if line.installment_no is None:
            credit += line.total_cents
            continue
        acc = paid.setdefault(line.installment_no, [0, 0, 0])
        acc[0] += line.principal_cents
        acc[1] += line.interest_cents
        acc[2] += line.late_fee_cents
    states: list[InstallmentState] = []
    balance = overdue = fees = 0
    oldest_late: date | None = None
    seen_due = False
    for inst in schedule:
        pp, pi, pf = paid.get(inst.number, (0, 0, 0))
        # Two branches offline may both pay the same installment: both payments stand, and what is
        # paid beyond the installment becomes a credit balance (for review) instead of a negative debt.
        if pp > inst.principal_cents:
            credit += pp - inst.principal_cents
            pp = inst.principal_cents
        if pi > inst.interest_cents:
            credit += pi - inst.interest_cents
            pi = inst.interest_cents
        owed_pi = inst.principal_cents - pp + inst.interest_cents - pi
        fee = late_fee_assessed(inst.due_on, owed_pi, pf, as_of, policy)
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
