"""The portfolio's aging at the end of a business date, computed in SQL over every account at once.

Why SQL: the per-account ledger (:func:`app.ledger.account_state`) is the reference, but calling it for a
million accounts one by one takes minutes; these queries aggregate in SQLite. Each account's figures
come from :mod:`app.reports.portfolio_state`: from the portfolio checkpoint plus the ledger for the
accounts that changed since, or all from the ledger when there is no checkpoint.

Contracts (checked against the ledger on a sample by ``tests/core/test_reports_aging.py``):
- The portfolio is every ``active`` account opened on or before the day with principal or interest
  still owed at the end of the day (paid-off, closed and written-off accounts are left out).
- What is paid is the valid allocation lines: payments dated on or before the day and not voided by
  then, as ``app.accounts.load_allocations`` reads them; what an installment received beyond its
  principal or interest is a credit, not a payment of another installment (as the ledger caps it).
- ``overdue`` is the principal and interest still owed on installments due before the day (as the
  ledger's overdue amount, **without late fees**: the portfolio view leaves fees out, they are policy
  and not portfolio); ``outstanding`` is the principal and interest still owed on every installment.
- ``days_past_due`` counts from the due date of the oldest installment due before the day that still
  owes principal or interest; buckets are :data:`app.ledger.AGING_BUCKETS`.
- The accounts to chase first are the overdue ones, oldest first, then the largest overdue amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.ledger import AGING_BUCKETS, aging_bucket
from app.money import from_cents
from app.reports.portfolio_state import account_figures, exact_figures

# The portfolio at the end of :d from every account's figures ({state}: see
# app.reports.portfolio_state.account_figures), with the days past due of each.
_PORTFOLIO = """
WITH portfolio AS MATERIALIZED (
  SELECT account_id, overdue, outstanding, oldest,
         CASE WHEN oldest IS NULL THEN 0 ELSE CAST(julianday(:d) - julianday(oldest) AS INTEGER) END AS dpd
  FROM ({state}) AS st
  WHERE opened_on <= :d AND outstanding > 0
)
"""

_BUCKET = (
    "CASE WHEN dpd <= 0 THEN 0 WHEN dpd <= 30 THEN 1 WHEN dpd <= 60 THEN 2 WHEN dpd <= 90 THEN 3"
    " WHEN dpd <= 120 THEN 4 ELSE 5 END"
)

_AGING = (
    _PORTFOLIO
    + f"SELECT 'bucket', {_BUCKET} AS bucket, count(*), sum(overdue), sum(outstanding), NULL FROM portfolio"
    " GROUP BY bucket"
    " UNION ALL SELECT * FROM (SELECT 'chase', account_id, dpd, overdue, outstanding, oldest FROM portfolio"
    " WHERE overdue > 0 ORDER BY dpd DESC, overdue DESC, account_id LIMIT :chase)"
)

_CHASE_DETAILS = (
    "SELECT a.id, a.account_no, c.first_names, c.last_names, c.phone, c.phone2"
    " FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id IN ({ids})"
)


@dataclass(frozen=True, slots=True)
class AgingBucket:
    """Accounts whose oldest overdue installment is ``bucket`` days late, and what they owe."""

    bucket: str  # current | 1-30 | 31-60 | 61-90 | 91-120 | 120+
    accounts: int
    overdue: Decimal
    outstanding: Decimal


@dataclass(frozen=True, slots=True)
class DelinquentAccount:
    """An overdue account to chase: who, how to call them, how late and how much."""

    account_no: str
    customer_name: str
    phone: str | None
    days_past_due: int
    oldest_due: date
    overdue: Decimal
    outstanding: Decimal
    bucket: str


@dataclass(frozen=True, slots=True)
class PortfolioAging:
    as_of: date
    buckets: tuple[AgingBucket, ...]  # all six, in AGING_BUCKETS order, zeros included
    chase: tuple[DelinquentAccount, ...]

    @property
    def accounts(self) -> int:
        return sum(b.accounts for b in self.buckets)

    @property
    def overdue(self) -> Decimal:
        return sum((b.overdue for b in self.buckets), Decimal("0.00"))

    @property
    def outstanding(self) -> Decimal:
        return sum((b.outstanding for b in self.buckets), Decimal("0.00"))


def portfolio_aging(
    s: Session, day: date, currency: str, chase: int = 20, *, use_checkpoint: bool = True
) -> PortfolioAging:
    """The aging buckets of the whole portfolio at the end of ``day`` and the ``chase`` accounts to call
    first: every account's figures (:func:`app.reports.portfolio_state.account_figures`: from the
    checkpoint when there is one, else from the ledger), then one statement for the buckets and the
    accounts to chase and one for the names of those accounts."""
    counts = {i: (0, 0, 0) for i in range(len(AGING_BUCKETS))}
    chase_rows: list[tuple[int, int, int, int, str]] = []
    with account_figures(s, day, use_checkpoint=use_checkpoint) as state:
        rows = s.execute(text(_AGING.format(state=state)), {"d": day.isoformat(), "chase": chase}).all()
    for kind, key, a, b, c, oldest in rows:
        if kind == "bucket":
            counts[int(key)] = (int(a), int(b or 0), int(c or 0))
        else:
            chase_rows.append((int(key), int(a), int(b), int(c), str(oldest)))
    buckets = tuple(
        AgingBucket(
            name, counts[i][0], from_cents(counts[i][1], currency), from_cents(counts[i][2], currency)
        )
        for i, name in enumerate(AGING_BUCKETS)
    )
    people: dict[int, tuple[str, str, str | None]] = {}
    if chase_rows:
        ids = ",".join(str(r[0]) for r in chase_rows)  # integers from the query above, not user input
        for acc_id, account_no, first, last, phone, phone2 in s.execute(text(_CHASE_DETAILS.format(ids=ids))):
            people[int(acc_id)] = (account_no, f"{first} {last}".strip(), phone or phone2)
    return PortfolioAging(
        as_of=day,
        buckets=buckets,
        chase=tuple(
            DelinquentAccount(
                account_no=people[acc][0],
                customer_name=people[acc][1],
                phone=people[acc][2],
                days_past_due=dpd,
                oldest_due=date.fromisoformat(oldest),
                overdue=from_cents(overdue, currency),
                outstanding=from_cents(outstanding, currency),
                bucket=aging_bucket(dpd),
            )
            for acc, dpd, overdue, outstanding, oldest in chase_rows
        ),
    )


def overdue_by_account(s: Session, day: date, account_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """(overdue cents, outstanding cents, days past due) of each of ``account_ids`` that is in the
    portfolio at the end of ``day``, from the ledger by the same SQL as :func:`portfolio_aging` (for
    checks)."""
    out = {}
    for account_id, (opened_on, overdue, outstanding, oldest) in exact_figures(s, day, account_ids).items():
        if opened_on <= day.isoformat():
            dpd = (day - date.fromisoformat(oldest)).days if oldest else 0
            out[account_id] = (overdue, outstanding, dpd)
    return out
