"""What happened at the branch on one business date: payments, voids and reprints.

Contracts:
- Payments are those recorded at this branch (``payments.branch_code``) whose ``business_date`` is the
  day, whether or not they were voided later: they are on the day's receipts. Voids are those recorded
  at this branch on the day (``payment_voids.business_date``), whatever the date of the payment they
  reverse. ``net = payments - voids``; by method and by cashier, a void counts against the method and
  the cashier of the payment it reverses, so the nets add up to the day's net to the cent.
- Reprints are the audit log's ``reprint`` rows written during the day in the branch's time zone.
- Read-only: each function runs its queries in the caller's session and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.clock import iso_utc
from app.money import from_cents


@dataclass(frozen=True, slots=True)
class Tally:
    """How many and how much."""

    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class MethodTotal:
    """Payments of the day by one method; ``voided``: voids of the day of payments by that method."""

    method: str
    label: str
    count: int
    amount: Decimal
    voids: int
    voided: Decimal
    net: Decimal


@dataclass(frozen=True, slots=True)
class CashierTotal:
    """Payments of the day taken by one cashier; ``voided``: voids of the day of their payments."""

    cashier: str
    count: int
    amount: Decimal
    voids: int
    voided: Decimal
    net: Decimal


@dataclass(frozen=True, slots=True)
class VoidLine:
    """A void recorded on the day: which receipt, how much, who approved it and why."""

    receipt_no: str
    amount: Decimal
    method: str
    cashier: str  # who took the payment
    paid_on: date
    voided_at: str  # UTC ISO timestamp
    approved_by: str
    requested_by: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReprintLine:
    """A copy printed on the day (``kind``: payment receipt or void slip), from the audit log."""

    receipt_no: str
    kind: str
    user: str
    at: str  # UTC ISO timestamp


@dataclass(frozen=True, slots=True)
class DayActivity:
    payments: Tally
    voids_total: Tally
    net: Decimal
    by_method: tuple[MethodTotal, ...]
    by_cashier: tuple[CashierTotal, ...]
    voids: tuple[VoidLine, ...]
    reprints: tuple[ReprintLine, ...]


def day_bounds_utc(day: date, zone: ZoneInfo) -> tuple[str, str]:
    """The stored (UTC text) timestamps of the local day's first instant and the next day's."""
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return iso_utc(start), iso_utc(end)


_BY_METHOD = text(
    "SELECT method, sum(n), sum(amount), sum(nv), sum(voided) FROM ("
    "  SELECT method, count(*) AS n, sum(amount_cents) AS amount, 0 AS nv, 0 AS voided FROM payments"
    "  WHERE business_date = :day AND branch_code = :branch GROUP BY method"
    "  UNION ALL"
    "  SELECT p.method, 0, 0, count(*), sum(p.amount_cents) FROM payment_voids v"
    "  JOIN payments p ON p.id = v.payment_id"
    "  WHERE v.business_date = :day AND v.branch_code = :branch GROUP BY p.method"
    ") GROUP BY method ORDER BY sum(amount) DESC, method"
)
_BY_CASHIER = text(
    "SELECT cashier, sum(n), sum(amount), sum(nv), sum(voided) FROM ("
    "  SELECT cashier_name AS cashier, count(*) AS n, sum(amount_cents) AS amount, 0 AS nv, 0 AS voided"
    "  FROM payments WHERE business_date = :day AND branch_code = :branch GROUP BY cashier_name"
    "  UNION ALL"
    "  SELECT p.cashier_name, 0, 0, count(*), sum(p.amount_cents) FROM payment_voids v"
    "  JOIN payments p ON p.id = v.payment_id"
    "  WHERE v.business_date = :day AND v.branch_code = :branch GROUP BY p.cashier_name"
    ") GROUP BY cashier ORDER BY cashier"
)
_VOIDS = text(
    "SELECT p.receipt_no, p.amount_cents, p.method, p.cashier_name, p.business_date, v.created_at,"
    " v.manager_name, v.requested_by, v.reason FROM payment_voids v JOIN payments p ON p.id = v.payment_id"
    " WHERE v.business_date = :day AND v.branch_code = :branch ORDER BY v.created_at, v.id"
)
_REPRINTS = text(
    "SELECT subject, actor, created_at, details FROM audit_log"
    " WHERE action = 'reprint' AND created_at >= :start AND created_at < :end ORDER BY id"
)


def day_activity(
    s: Session, day: date, branch_code: str, currency: str, zone: ZoneInfo, labels: dict[str, str]
) -> DayActivity:
    """The day's payments, voids and reprints; ``labels`` names each method code for people."""
    params = {"day": day.isoformat(), "branch": branch_code}

    def m(cents: int | None) -> Decimal:
        return from_cents(int(cents or 0), currency)

    by_method = tuple(
        MethodTotal(code, labels.get(code, code), int(n), m(a), int(nv), m(va), m(int(a) - int(va)))
        for code, n, a, nv, va in s.execute(_BY_METHOD, params)
    )
    by_cashier = tuple(
        CashierTotal(name, int(n), m(a), int(nv), m(va), m(int(a) - int(va)))
        for name, n, a, nv, va in s.execute(_BY_CASHIER, params)
    )
    voids = tuple(
        VoidLine(
            receipt,
            m(amount),
            labels.get(method, method),
            cashier,
            date.fromisoformat(paid_on),
            voided_at,
            manager,
            requested_by,
            reason,
        )
        for receipt, amount, method, cashier, paid_on, voided_at, manager, requested_by, reason in s.execute(
            _VOIDS, params
        )
    )
    start, end = day_bounds_utc(day, zone)
    reprints = tuple(
        ReprintLine(subject, str(json.loads(details or "{}").get("kind", "payment")), actor, created_at)
        for subject, actor, created_at, details in s.execute(_REPRINTS, {"start": start, "end": end})
    )
    payments = Tally(sum(x.count for x in by_method), sum((x.amount for x in by_method), m(0)))
    voided = Tally(len(voids), sum((v.amount for v in voids), m(0)))
    return DayActivity(
        payments=payments,
        voids_total=voided,
        net=payments.amount - voided.amount,
        by_method=by_method,
        by_cashier=by_cashier,
        voids=voids,
        reprints=reprints,
    )
