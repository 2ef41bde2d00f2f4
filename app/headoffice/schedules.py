"""Schedules on the wire: a level-payment schedule travels as its loan terms, not row by row.

``app.schedule.build_schedule`` is pure and deterministic, so head office and every branch compute the
same rows from the same terms. An account's feed entry therefore carries ``"schedule": {"kind":
"french", "first_due": ..., "total": ...}`` (``total``: the sum of principal and interest, a check)
when its schedule is exactly what ``build_schedule`` gives, and the explicit ``"installments"``
otherwise. :func:`schedule_rows` caches the arithmetic, which matters when a million accounts arrive.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from app.schedule import build_schedule, due_dates

Row = tuple[int, str, int, int]  # number, due date, principal cents, interest cents


@lru_cache(maxsize=65536)
def _amortisation(
    principal_cents: int, rate_bp: int, term: int, frequency: str
) -> tuple[tuple[int, int], ...]:
    rows = build_schedule(principal_cents, rate_bp, term, date(2000, 1, 31), frequency)
    return tuple((r.principal_cents, r.interest_cents) for r in rows)


@lru_cache(maxsize=65536)
def _dues(first_due: date, term: int, frequency: str) -> tuple[str, ...]:
    return tuple(d.isoformat() for d in due_dates(first_due, term, frequency))


def schedule_rows(
    principal_cents: int, rate_bp: int, term: int, first_due: date, frequency: str
) -> list[Row]:
    """``build_schedule``'s rows as (number, due date, principal, interest); its amounts do not depend
    on the dates, so they are cached by loan terms."""
    amounts = _amortisation(principal_cents, rate_bp, term, frequency)
    dues = _dues(first_due, term, frequency)
    return [(n + 1, dues[n], p, i) for n, (p, i) in enumerate(amounts)]


def schedule_total(principal_cents: int, rate_bp: int, term: int, frequency: str) -> int:
    """Principal plus interest of the whole schedule, in cents."""
    return sum(p + i for p, i in _amortisation(principal_cents, rate_bp, term, frequency))
