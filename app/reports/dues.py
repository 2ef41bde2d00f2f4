"""Collected versus due on one business date, and the collection efficiency.

Definitions (also in the README):
- ``due``: principal and interest of every installment falling due on the day, on every ``active``
  account (late fees are not "due" on their installment's date).
- ``due_paid``: how much of that is paid at the end of the day by valid payments (dated on or before
  the day, not voided by then), whenever they were made; ``due_paid_today`` is the part paid by the
  day's own payments (the rest was paid in advance).
- ``efficiency_pct = due_paid / due x 100``, one decimal, rounded half-up; ``None`` when nothing fell
  due (never a division by zero).
- ``collected_vs_due_pct = net collected that day / due x 100``: all the day's money (arrears and
  advances included) against the day's dues; it can exceed 100. ``None`` when nothing fell due.

How: the day's installments through ``ix_installments_due_on``, and the allocation lines of each through
``ix_payment_allocations_installment``; the work grows with what falls due that day, not with the
portfolio or its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.money import from_cents

_DUES = text(
    """
WITH due AS MATERIALIZED (
  SELECT i.account_id AS account_id, i.number AS number, i.principal_cents AS p, i.interest_cents AS i
  FROM installments i JOIN accounts a ON a.id = i.account_id
  WHERE i.due_on = :d AND a.status = 'active'
),
per_installment AS (
  SELECT d.p AS p, d.i AS i,
         coalesce(sum(CASE WHEN p.id IS NOT NULL THEN al.principal_cents END), 0) AS pp,
         coalesce(sum(CASE WHEN p.id IS NOT NULL THEN al.interest_cents END), 0) AS pi,
         coalesce(sum(CASE WHEN p.business_date = :d THEN al.principal_cents + al.interest_cents END), 0) AS today
  FROM due d
  LEFT JOIN payment_allocations al INDEXED BY ix_payment_allocations_installment
    ON al.account_id = d.account_id AND al.installment_no = d.number
  LEFT JOIN payments p ON p.id = al.payment_id AND p.business_date <= :d
    AND NOT EXISTS (SELECT 1 FROM payment_voids v WHERE v.payment_id = p.id AND v.business_date <= :d)
  GROUP BY d.account_id, d.number
),
covered AS (
  SELECT p + i AS amount, min(pp, p) + min(pi, i) AS paid, today FROM per_installment
)
SELECT count(*), coalesce(sum(amount), 0), coalesce(sum(paid), 0), coalesce(sum(min(today, paid)), 0)
FROM covered
"""
)


@dataclass(frozen=True, slots=True)
class DueSummary:
    """The day's dues and how much of them is paid; see the module docstring for the definitions."""

    installments: int
    due: Decimal
    due_paid: Decimal
    due_paid_today: Decimal
    collected: Decimal  # the day's net collected (payments - voids), all installments and fees
    efficiency_pct: Decimal | None
    collected_vs_due_pct: Decimal | None


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` as a percentage with one decimal (half-up); None when ``whole`` is zero."""
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def due_summary(s: Session, day: date, currency: str, collected: Decimal) -> DueSummary:
    """The dues of ``day``; ``collected`` is the day's net collected (from the day's activity)."""
    n, amount, paid, today = s.execute(_DUES, {"d": day.isoformat()}).one()
    due = from_cents(int(amount), currency)
    due_paid = from_cents(int(paid), currency)
    return DueSummary(
        installments=int(n),
        due=due,
        due_paid=due_paid,
        due_paid_today=from_cents(int(today), currency),
        collected=collected,
        efficiency_pct=percent(due_paid, due),
        collected_vs_due_pct=percent(collected, due),
    )
