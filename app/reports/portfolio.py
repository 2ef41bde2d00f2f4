"""The portfolio's aging at the end of a business date, computed in SQL over every account at once.

Why SQL: the per-account ledger (:func:`app.ledger.account_state`) is the reference, but calling it for a
million accounts one by one takes minutes; these queries aggregate in SQLite in one pass.

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

# What an installment still owes of principal and interest: what was paid beyond either is a credit.
_OWED = (
    "(i.principal_cents - min(coalesce(pd.pp, 0), i.principal_cents)"
    " + i.interest_cents - min(coalesce(pd.pi, 0), i.interest_cents))"
)

# Per account, as of the end of :d. ``paid`` groups the valid allocation lines by installment; the
# scan of payments is forced to the table (NOT INDEXED), which reads it in order instead of jumping
# through the account index for every row; ``per_account`` then reads the installments in their key
# order, so grouping by account needs no sort.
_PER_ACCOUNT = """
WITH paid AS MATERIALIZED (
  SELECT p.account_id AS account_id, al.installment_no AS number,
         sum(al.principal_cents) AS pp, sum(al.interest_cents) AS pi
  FROM payments p NOT INDEXED JOIN payment_allocations al ON al.payment_id = p.id
  WHERE p.business_date <= :d AND al.installment_no IS NOT NULL
    AND p.id NOT IN (SELECT v.payment_id FROM payment_voids v WHERE v.business_date <= :d)
  GROUP BY p.account_id, al.installment_no
),
per_account AS MATERIALIZED (
  SELECT i.account_id AS account_id,
         sum(CASE WHEN i.due_on < :d THEN {owed} ELSE 0 END) AS overdue,
         sum({owed}) AS outstanding,
         min(CASE WHEN i.due_on < :d AND {owed} > 0 THEN i.due_on END) AS oldest
  FROM installments i LEFT JOIN paid pd ON pd.account_id = i.account_id AND pd.number = i.number
  GROUP BY i.account_id
),
portfolio AS MATERIALIZED (
  SELECT pa.account_id AS account_id, pa.overdue AS overdue, pa.outstanding AS outstanding,
         pa.oldest AS oldest,
         CASE WHEN pa.oldest IS NULL THEN 0
              ELSE CAST(julianday(:d) - julianday(pa.oldest) AS INTEGER) END AS dpd
  FROM per_account pa JOIN accounts a ON a.id = pa.account_id
  WHERE a.status = 'active' AND a.opened_on <= :d AND pa.outstanding > 0 {account_filter}
)
"""

_BUCKET = (
    "CASE WHEN dpd <= 0 THEN 0 WHEN dpd <= 30 THEN 1 WHEN dpd <= 60 THEN 2 WHEN dpd <= 90 THEN 3"
    " WHEN dpd <= 120 THEN 4 ELSE 5 END"
)

_AGING = text(
    _PER_ACCOUNT.format(owed=_OWED, account_filter="")
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


def portfolio_aging(s: Session, day: date, currency: str, chase: int = 20) -> PortfolioAging:
    """The aging buckets of the whole portfolio at the end of ``day`` and the ``chase`` accounts to call
    first; one statement for the figures plus one for the names of those accounts."""
    counts = {i: (0, 0, 0) for i in range(len(AGING_BUCKETS))}
    chase_rows: list[tuple[int, int, int, int, str]] = []
    for kind, key, a, b, c, oldest in s.execute(_AGING, {"d": day.isoformat(), "chase": chase}):
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
    portfolio at the end of ``day``, by the same SQL as :func:`portfolio_aging` (for checks)."""
    if not account_ids:
        return {}
    ids = ",".join(str(int(a)) for a in account_ids)
    stmt = text(
        _PER_ACCOUNT.format(owed=_OWED, account_filter=f"AND a.id IN ({ids})")
        + "SELECT account_id, overdue, outstanding, dpd FROM portfolio"
    )
    return {int(a): (int(o), int(t), int(d)) for a, o, t, d in s.execute(stmt, {"d": day.isoformat()})}
