"""The head office collections report: what every branch collected on a business date.

Contract of :func:`collections_report`: for the business date ``day`` it gives, per branch and in
total, the payments taken that day (count and amount, and the same by payment method), the voids
recorded that day (count and amount of the voided payments) and the net (payments minus voids).
Everything is summed in SQL in integer cents and returned as ``Decimal``; only payments and voids that
head office has received are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app.headoffice.models import BranchPayment, BranchVoid
from app.headoffice.store import HeadOfficeStore
from app.money import from_cents


@dataclass(frozen=True, slots=True)
class MethodTotal:
    method: str
    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BranchCollections:
    branch_code: str
    payments: int
    collected: Decimal
    voids: int
    voided: Decimal
    net: Decimal
    by_method: tuple[MethodTotal, ...]


@dataclass(frozen=True, slots=True)
class CollectionsReport:
    business_date: date
    branches: tuple[BranchCollections, ...]
    total: BranchCollections


def collections_report(store: HeadOfficeStore, day: date, currency: str = "PEN") -> CollectionsReport:
    """Collections of ``day`` per branch and in total; see the module contract."""
    iso = day.isoformat()
    with store.read() as conn:
        by_method = conn.execute(
            select(
                BranchPayment.branch_code,
                BranchPayment.method,
                func.count(),
                func.coalesce(func.sum(BranchPayment.amount_cents), 0),
            )
            .where(BranchPayment.business_date == iso)
            .group_by(BranchPayment.branch_code, BranchPayment.method)
        ).all()
        voids = conn.execute(
            select(
                BranchVoid.branch_code, func.count(), func.coalesce(func.sum(BranchPayment.amount_cents), 0)
            )
            .join(BranchPayment, BranchPayment.id == BranchVoid.payment_id)
            .where(BranchVoid.business_date == iso)
            .group_by(BranchVoid.branch_code)
        ).all()
    methods: dict[str, dict[str, tuple[int, int]]] = {}
    for code, method, count, cents in by_method:
        methods.setdefault(code, {})[method] = (int(count), int(cents))
    voided = {code: (int(count), int(cents)) for code, count, cents in voids}

    def build(code: str, per_method: dict[str, tuple[int, int]], void: tuple[int, int]) -> BranchCollections:
        count = sum(c for c, _ in per_method.values())
        cents = sum(a for _, a in per_method.values())
        return BranchCollections(
            code,
            count,
            from_cents(cents, currency),
            void[0],
            from_cents(void[1], currency),
            from_cents(cents - void[1], currency),
            tuple(MethodTotal(m, c, from_cents(a, currency)) for m, (c, a) in sorted(per_method.items())),
        )

    codes = sorted(set(methods) | set(voided))
    branches = tuple(build(c, methods.get(c, {}), voided.get(c, (0, 0))) for c in codes)
    all_methods: dict[str, tuple[int, int]] = {}
    for per in methods.values():
        for m, (c, a) in per.items():
            old = all_methods.get(m, (0, 0))
            all_methods[m] = (old[0] + c, old[1] + a)
    all_voids = (sum(v[0] for v in voided.values()), sum(v[1] for v in voided.values()))
    return CollectionsReport(day, branches, build("TOTAL", all_methods, all_voids))
