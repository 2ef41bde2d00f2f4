"""Payment, allocation and void rows of the demo history, one business day at a time.

:class:`DayWriter` turns the packed events that :class:`app.demo.accounts.HistoryPlanner` left in a
day's bucket into rows for ``payments``, ``payment_allocations`` and ``payment_voids``, in time order.

Contracts:
- The allocation lines of each payment are exactly what ``app.allocation.allocate`` computes for its
  amount on the account's state at the payment's business date (``app.ledger.account_state`` over the
  lines of the earlier valid payments) with the default policies: the planner only makes payments that
  settle whole owed amounts, so the lines follow from the schedule, the due dates and the late-fee rule
  (the tests replay thousands of accounts through the real functions to prove it).
- ``created_at`` is strictly increasing within the day (so receipt numbers, assigned in that order, are
  in ``created_at`` order) and falls within business hours of the business date in the branch's zone.
- Payment UUIDs are version 7 (time-ordered, RFC 9562) from ``created_at``: the unique index on
  ``payments.uuid`` then grows at its end, which saves a third of the time of copying the payments in
  at one million customers; customers, accounts and voids get version-4 UUIDs.
- A voided payment is followed the same day by its void (one minute later, by the manager, requested
  by the cashier) and then by the payment taken again: the voided payment's lines never count.
- Deterministic: day ``d`` draws from its own random stream (seed, ``today``, ``d``), so the rows do not
  depend on how days are grouped into batches or processes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from app.demo.accounts import (
    MAX_ACCOUNTS,
    SHAPE_DOUBLE,
    SHAPE_FULL,
    SHAPE_PART1,
    SHAPE_PART2,
    SHAPE_PAYOFF,
    TICK_US,
    TOD_SHIFT,
    HistoryPlanner,
    lookup_table,
)
from app.demo.uuids import uuid4_strings, uuid7_strings

METHOD_WEIGHTS = {"cash": 60, "yape": 12, "plin": 8, "card": 10, "deposit": 10}
METHOD_KINDS = {"cash": "cash", "yape": "wallet", "plin": "wallet", "card": "card", "deposit": "deposit"}
CARD_BRANDS = {"Visa": 55, "Mastercard": 30, "Amex": 8, "Diners": 7}
# Cash: what the customer hands over, as the note the amount is rounded up to (0: the exact amount).
TENDER_UNITS = {0: 40, 1_000: 15, 2_000: 15, 5_000: 15, 10_000: 10, 20_000: 5}
VOID_REASONS = (
    "Medio de pago registrado por error",
    "Monto digitado incorrecto",
    "Pago registrado en la cuenta equivocada",
    "Operación Yape no confirmada por el banco",
    "Voucher de tarjeta rechazado",
    "Cliente desistió del pago",
)
VOID_DELAY_US = 60_000_000  # a void is recorded one minute after the payment it voids
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_AUTH_PAIRS = [a + b for a in _ALNUM for b in _ALNUM]  # 1,296 two-character pieces of auth codes

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Desk:
    """Who and where the demo payments were taken: the branch, the register, the cashier and manager."""

    branch_code: str
    register: str
    cashier_id: int
    cashier_name: str
    manager_id: int
    manager_name: str

    @property
    def series(self) -> str:
        """The receipt series, as ``app.payments.Payments.series``."""
        return f"{self.branch_code}-{self.register}"


@dataclass(slots=True)
class DayRows:
    """Rows of one or more days, ready for executemany. A payment row holds the columns id, uuid,
    receipt_no, account_id, amount_cents, method, method_kind, tendered_cents, change_cents,
    card_brand, card_last4, auth_code, operation_number, created_at, business_date: the cashier and
    the register are the same on every row (``Desk``)."""

    payments: list[Row] = field(default_factory=list)
    allocations: list[Row] = field(default_factory=list)
    voids: list[Row] = field(default_factory=list)


class DayWriter:
    """Builds the rows of each day's payment events; see the module contract."""

    def __init__(
        self,
        planner: HistoryPlanner,
        desk: Desk,
        *,
        fee_cents: int,
        first_payment_id: int = 1,
        first_receipt_no: int = 1,
        first_void_id: int = 1,
    ) -> None:
        self.planner = planner
        self.desk = desk
        self.fee_cents = fee_cents
        self.next_payment_id = first_payment_id
        self.next_receipt_no = first_receipt_no
        self.next_void_id = first_void_id
        self._methods = lookup_table([((m, METHOD_KINDS[m]), w) for m, w in METHOD_WEIGHTS.items()])
        self._brands = lookup_table(list(CARD_BRANDS.items()))
        self._units = lookup_table(list(TENDER_UNITS.items()))

    def add_day(self, day: int, out: DayRows) -> int:
        """Append the rows of the day with ordinal ``day`` to ``out``; return the number of payments."""
        p = self.planner
        tl = p.timeline
        events = sorted(p.buckets[day - tl.first])
        if not events:
            return 0
        rng = random.Random(f"abono.demo.payments/{p.seed}/{date.fromordinal(tl.today)}/{day}")
        r = rng.random
        bits = rng.getrandbits
        opening = tl.opening_us(day)
        # When each payment was taken: its tick plus random microseconds, strictly increasing.
        moments: list[int] = []
        last_us = 0
        for ev in events:
            us = opening + (ev >> TOD_SHIFT) * TICK_US + int(r() * TICK_US)
            last_us = us if us > last_us else last_us + 1
            moments.append(last_us)
        uuids = uuid7_strings(rng, [us // 1_000 for us in moments])
        void_uuids = uuid4_strings(rng, sum(ev & 1 for ev in events))
        desk = self.desk
        series = desk.series
        iso_day = tl.iso(day)
        stamp = tl.stamp
        grace = p.grace_days
        fee_cents = self.fee_cents
        schedule_of, first_due_of = p.account_schedule, p.account_first_due
        principals, interests = p.schedules.principal, p.schedules.interest
        due_dates = p.due_dates
        methods, brands, units, pairs = self._methods, self._brands, self._units, _AUTH_PAIRS
        payments, allocations, voids = out.payments, out.allocations, out.voids
        pay_append, alloc_append = payments.append, allocations.append
        pid = self.next_payment_id
        receipt = self.next_receipt_no
        voided = 0
        for n, ev in enumerate(events):
            aid = (ev >> 10) & (MAX_ACCOUNTS - 1)
            k = (ev >> 5) & 31
            shape = (ev >> 2) & 7
            template = schedule_of[aid]
            prin, intr = principals[template], interests[template]
            dues = due_dates(first_due_of[aid])
            if shape == SHAPE_FULL:
                fee = fee_cents if day - dues[k - 1] > grace else 0
                amount = fee + prin[k - 1] + intr[k - 1]
                alloc_append((pid, 1, aid, k, fee, intr[k - 1], prin[k - 1]))
            elif shape in (SHAPE_DOUBLE, SHAPE_PAYOFF):
                last = k + 1 if shape == SHAPE_DOUBLE else len(prin)
                amount = 0
                for line, j in enumerate(range(k, last + 1), start=1):
                    fee = fee_cents if day - dues[j - 1] > grace else 0
                    amount += fee + prin[j - 1] + intr[j - 1]
                    alloc_append((pid, line, aid, j, fee, intr[j - 1], prin[j - 1]))
            else:
                half = (prin[k - 1] + intr[k - 1]) // 2 // 1_000 * 1_000
                half_interest = min(half, intr[k - 1])
                late = day - dues[k - 1] > grace
                if shape == SHAPE_PART1:
                    fee = fee_cents if late else 0
                    amount = fee + half
                    alloc_append((pid, 1, aid, k, fee, half_interest, half - half_interest))
                else:
                    assert shape == SHAPE_PART2
                    fee = fee_cents if late and not (ev >> 1) & 1 else 0
                    rest_interest = intr[k - 1] - half_interest
                    rest_principal = prin[k - 1] - (half - half_interest)
                    amount = fee + rest_interest + rest_principal
                    alloc_append((pid, 1, aid, k, fee, rest_interest, rest_principal))
            us = moments[n]
            method, kind = methods[bits(12)]
            tendered = change = brand = last4 = auth = operation = None
            if kind == "cash":
                unit = units[bits(12)]
                tendered = -(-amount // unit) * unit if unit else amount
                change = tendered - amount
            elif kind == "card":
                brand = brands[bits(12)]
                last4 = f"{bits(20) % 10_000:04d}"
                auth = pairs[bits(20) % 1_296] + pairs[bits(20) % 1_296] + pairs[bits(20) % 1_296]
            elif method == "yape":
                operation = f"{bits(32) % 100_000_000:08d}"
            elif method == "plin":
                operation = f"{bits(32) % 1_000_000_000:09d}"
            else:
                operation = f"{bits(32) % 10_000_000:07d}"
            created = stamp(us)
            pay_append(
                (
                    pid,
                    uuids[n],
                    f"{series}-{receipt:06d}",
                    aid,
                    amount,
                    method,
                    kind,
                    tendered,
                    change,
                    brand,
                    last4,
                    auth,
                    operation,
                    created,
                    iso_day,
                )
            )
            if ev & 1:
                voids.append(
                    (
                        self.next_void_id,
                        void_uuids[voided],
                        pid,
                        desk.manager_id,
                        desk.manager_name,
                        desk.cashier_name,
                        VOID_REASONS[int(r() * len(VOID_REASONS))],
                        desk.branch_code,
                        desk.register,
                        stamp(us + VOID_DELAY_US),
                        iso_day,
                    )
                )
                self.next_void_id += 1
                voided += 1
            pid += 1
            receipt += 1
        count = pid - self.next_payment_id
        self.next_payment_id = pid
        self.next_receipt_no = receipt
        return count
