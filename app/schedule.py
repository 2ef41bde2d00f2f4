"""Installment schedules: French (level-payment) amortisation in integer cents.

``build_schedule`` is pure and deterministic: the same loan gives the same schedule at head office and
at every branch. Contracts: the principals sum exactly to the loan's principal; every installment but
the last has the same principal+interest (the last absorbs the rounding); interest of each period is
half-up rounded on the outstanding principal; a rate of zero splits the principal evenly with the
remainder on the last installment. Due dates keep the day of month of the first due date, clamped to
the month's end (Jan 31 -> Feb 28 -> Mar 31).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

FREQUENCIES = {"monthly": 12, "biweekly": 26, "weekly": 52}


@dataclass(frozen=True, slots=True)
class ScheduledInstallment:
    number: int
    due_on: date
    principal_cents: int
    interest_cents: int

    @property
    def amount_cents(self) -> int:
        return self.principal_cents + self.interest_cents


def add_months(start: date, months: int, anchor_day: int | None = None) -> date:
    """``start`` moved by ``months`` calendar months, on ``anchor_day`` (default start.day) or the month's end."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(anchor_day or start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def due_dates(first_due: date, term: int, frequency: str = "monthly") -> list[date]:
    """The ``term`` due dates starting at ``first_due``."""
    if frequency == "monthly":
        return [add_months(first_due, k, first_due.day) for k in range(term)]
    step = 14 if frequency == "biweekly" else 7
    return [first_due + timedelta(days=step * k) for k in range(term)]


def periodic_rate(rate_bp: int, frequency: str = "monthly") -> Decimal:
    """The interest rate per installment period as a fraction, from a monthly rate in basis points."""
    monthly = Decimal(rate_bp) / Decimal(10000)
    return monthly * Decimal(12) / Decimal(FREQUENCIES[frequency])


def build_schedule(
    principal_cents: int, rate_bp: int, term: int, first_due: date, frequency: str = "monthly"
) -> list[ScheduledInstallment]:
    """The amortisation schedule of a loan; see the module contract."""
    if principal_cents <= 0 or term <= 0 or rate_bp < 0 or frequency not in FREQUENCIES:
        raise ValueError("invalid loan terms")
    dates = due_dates(first_due, term, frequency)
    r = periodic_rate(rate_bp, frequency)
    if r == 0:
        base = principal_cents // term
        principals = [base] * (term - 1) + [principal_cents - base * (term - 1)]
        return [ScheduledInstallment(i + 1, dates[i], principals[i], 0) for i in range(term)]
    factor = (1 + r) ** term
    exact = Decimal(principal_cents) * r * factor / (factor - 1)
    rows: list[ScheduledInstallment] = []
    # The level payment rounded half-up; when that rounding, repeated over a long term, pays the loan off
    # before the last installment (leaving it empty), the level rounded down instead.
    for rounding in (ROUND_HALF_UP, ROUND_FLOOR):
        level = int(exact.quantize(Decimal(1), rounding))
        rows = _amortise(principal_cents, r, dates, level)
        if all(row.amount_cents == level for row in rows[:-1]) and rows[-1].amount_cents > 0:
            break
    return rows


def _amortise(principal_cents: int, r: Decimal, dates: list[date], level: int) -> list[ScheduledInstallment]:
    outstanding = principal_cents
    rows: list[ScheduledInstallment] = []
    term = len(dates)
    for i in range(term):
        interest = int((Decimal(outstanding) * r).quantize(Decimal(1), ROUND_HALF_UP))
        principal = outstanding if i == term - 1 else max(min(outstanding, level - interest), 0)
        rows.append(ScheduledInstallment(i + 1, dates[i], principal, interest))
        outstanding -= principal
    return rows
