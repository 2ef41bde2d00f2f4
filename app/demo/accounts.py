"""Demo credit accounts and the plan of their payment histories (pure: no database).

:class:`HistoryPlanner` turns demo people into customer rows, account rows and *payment events*.
An event is one payment to come, packed in a 64-bit integer and appended to the bucket of its business
date (see :data:`TOD_SHIFT` and :func:`pack_event`); :mod:`app.demo.payments` later turns each day's
events, in time order, into payment, allocation and void rows. Keeping the plan as integers in
per-day arrays keeps memory small (8 bytes per payment) and puts receipts in time order without a global
sort.

Contracts:
- Deterministic: customer chunk ``c`` (people ``c * CHUNK ...``) is planned from its own random stream
  (seeded with the seed, the chunk and the date of ``today``), and account ids are assigned in customer
  order, so the same seed, count and ``today`` give the same rows.
- Every schedule is ``app.schedule.build_schedule`` (amounts cached by (principal, rate, term) in
  :class:`Schedules`); due dates are ``app.schedule.due_dates`` (cached by first due date).
- Every event pays a *whole* owed amount that the app's allocation would compute trivially: the oldest
  unpaid installment (plus its late fee if it is paid more than ``grace_days`` after its due date), two
  installments at once, everything left (early payoff), or an installment in two parts. Events of one
  account are on strictly increasing dates, all before ``today``. :mod:`app.demo.payments` computes the
  lines; the tests replay them through ``app.ledger.account_state`` and ``app.allocation.allocate``.
"""

from __future__ import annotations

import functools
import random
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from app.demo.people import CHUNK, Person
from app.demo.uuids import uuid4_strings
from app.schedule import add_months, build_schedule, due_dates

__all__ = [
    "CHUNK",
    "MAX_TERM",
    "SHAPE_DOUBLE",
    "SHAPE_FULL",
    "SHAPE_PART1",
    "SHAPE_PART2",
    "SHAPE_PAYOFF",
    "TOD_SHIFT",
    "WINDOW_DAYS",
    "HistoryPlanner",
    "Schedules",
    "Timeline",
    "load_products",
    "lookup_table",
    "pack_event",
    "unpack_event",
]

T = TypeVar("T")

_DATA_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo"

WINDOW_DAYS = 913
"""Accounts are opened on one of the last ~30 months of days before ``today``."""

MAX_TERM = 24
TERM_WEIGHTS = {3: 8, 6: 22, 9: 20, 12: 28, 18: 13, 24: 9}
RATE_WEIGHTS = {250: 25, 300: 35, 350: 25, 400: 15}  # monthly rate in basis points; 0 % is a promotion
ZERO_RATE_SHARE = 0.3  # of the accounts of 3 or 6 installments
TWO_ACCOUNTS_SHARE = 0.15

# Payer profiles, as cumulative shares.
PUNCTUAL, LATE, DEFAULTED, PAYOFF = range(4)
_PROFILE_CUTS = ((0.45, PUNCTUAL), (0.70, LATE), (0.85, DEFAULTED), (0.93, PAYOFF), (1.01, LATE))
DEFAULT_MIN_DAYS, DEFAULT_MAX_DAYS = 90, 400  # how long ago a defaulted account stopped paying
WRITE_OFF_DAYS = 300  # defaulted accounts this far behind are written off half of the time
PARTIAL_SHARE = {PUNCTUAL: 0.02, LATE: 0.06, DEFAULTED: 0.06, PAYOFF: 0.02}
DOUBLE_WHEN_BEHIND = 0.5  # a late payer whose next installment is already due pays both at once
DOUBLE_AHEAD = 0.02  # anyone may pay the next installment together with the current one
VOID_SHARE = 0.003  # payments that were voided (and taken again) the same day

# Business hours (local): payments are taken from 09:00 to 19:00, in 10 ms ticks.
OPEN_HOUR = 9
TICK_US = 10_000
DAY_TICKS = 10 * 3600 * 100
VOID_LAST_TICK = 9 * 3600 * 100  # a voided payment is taken before 18:00 ...
VOID_GAP_TICKS = (2 * 60 * 100, 30 * 60 * 100)  # ... and taken again 2 to 30 minutes later

# Event packing: tick << TOD_SHIFT | account id << 10 | installment << 5 | shape << 2 | flag << 1 | voided
TOD_SHIFT = 33
_ACCOUNT_BITS = 23
MAX_ACCOUNTS = 1 << _ACCOUNT_BITS
SHAPE_FULL, SHAPE_DOUBLE, SHAPE_PAYOFF, SHAPE_PART1, SHAPE_PART2 = range(5)
"""FULL: installment k whole. DOUBLE: k and k+1 whole. PAYOFF: k .. term whole. PART1: the first part of
k (its late fee if due, then a round half of its principal+interest); PART2: the rest of k (flag: the
first part paid the late fee)."""

_TABLE_BITS = 12
_TABLE = 1 << _TABLE_BITS


def pack_event(tick: int, account_id: int, installment: int, shape: int, flag: int, voided: int) -> int:
    """One payment event as an integer that sorts by time of day."""
    return tick << TOD_SHIFT | account_id << 10 | installment << 5 | shape << 2 | flag << 1 | voided


def unpack_event(event: int) -> tuple[int, int, int, int, int, int]:
    """(tick, account id, installment, shape, flag, voided) of a packed event."""
    return (
        event >> TOD_SHIFT,
        (event >> 10) & (MAX_ACCOUNTS - 1),
        (event >> 5) & 31,
        (event >> 2) & 7,
        (event >> 1) & 1,
        event & 1,
    )


def lookup_table(pairs: Sequence[tuple[T, float]]) -> list[T]:
    """A table of ``_TABLE`` slots where each value fills a share proportional to its weight."""
    total = sum(w for _, w in pairs)
    out: list[T] = []
    acc = 0.0
    for value, weight in pairs:
        acc += weight
        out.extend([value] * (round(acc * _TABLE / total) - len(out)))
    return out


@functools.lru_cache(maxsize=1)
def load_products() -> tuple[tuple[str, int, float], ...]:
    """(description, typical price in cents, weight) of ``resources/demo/products.txt``."""
    out: list[tuple[str, int, float]] = []
    for line in (_DATA_DIR / "products.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, price, weight = line.split("\t")
        out.append((name.strip(), int(price) * 100, float(weight)))
    return tuple(out)


def _offset_tables() -> tuple[list[int], list[int]]:
    """Days a late payer pays after the due date, days a punctual one pays before it (4,096 slots)."""
    rng = random.Random("abono.demo.accounts.offsets")
    late: list[int] = []
    for slot in range(_TABLE):
        u = slot / _TABLE
        if u < 0.25:
            late.append(-rng.randint(0, 3))  # on time this once
        elif u < 0.45:
            late.append(rng.randint(1, 3))  # within the grace days: no fee
        else:
            late.append(4 + int(56 * rng.random() ** 1.6))  # 4 to 60 days late: a late fee
    early = [0 if slot < 0.55 * _TABLE else rng.randint(1, 5) for slot in range(_TABLE)]
    return late, early


class Schedules:
    """Amount columns of ``build_schedule`` cached by (principal cents, rate bp, term)."""

    def __init__(self) -> None:
        self.index: dict[tuple[int, int, int], int] = {}
        self.keys: list[tuple[int, int, int]] = []
        self.principal: list[tuple[int, ...]] = []
        self.interest: list[tuple[int, ...]] = []
        self.total: list[tuple[int, ...]] = []

    def get(self, principal_cents: int, rate_bp: int, term: int) -> int:
        """The index of the (cached) schedule amounts of a loan."""
        key = (principal_cents, rate_bp, term)
        found = self.index.get(key)
        if found is not None:
            return found
        rows = build_schedule(principal_cents, rate_bp, term, date(2000, 1, 1))
        self.index[key] = len(self.keys)
        self.keys.append(key)
        self.principal.append(tuple(r.principal_cents for r in rows))
        self.interest.append(tuple(r.interest_cents for r in rows))
        self.total.append(tuple(r.amount_cents for r in rows))
        return self.index[key]


class Timeline:
    """Days of the demo history as ordinals, their ISO texts and UTC timestamps of local times.

    ``stamp(us)`` formats an absolute UTC instant in microseconds since the epoch as stored text
    (``app.clock.iso_utc``); ``opening_us(day)`` is that instant for 09:00 local time of ``day``.
    """

    def __init__(self, today: date, zone: ZoneInfo) -> None:
        self.today = today.toordinal()
        self.first = self.today - WINDOW_DAYS - 1
        days = range(self.first, self.today + 1)
        self._iso = [date.fromordinal(d).isoformat() for d in days]
        epoch = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))
        self._opening = [
            (datetime.combine(date.fromordinal(d), time(OPEN_HOUR), zone) - epoch)
            // timedelta(microseconds=1)
            for d in days
        ]
        self._utc_day0 = self._opening[0] // 86_400_000_000 - 1
        self._utc_iso = [
            (date(1970, 1, 1) + timedelta(days=self._utc_day0 + k)).isoformat()
            for k in range(len(self._iso) + 3)
        ]
        self._hms = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]

    def iso(self, day: int) -> str:
        """ISO text of the day with ordinal ``day``."""
        return self._iso[day - self.first]

    def opening_us(self, day: int) -> int:
        """09:00 local time of ``day`` as UTC microseconds since the epoch."""
        return self._opening[day - self.first]

    def stamp(self, us: int) -> str:
        """UTC microseconds since the epoch as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
        seconds, micro = divmod(us, 1_000_000)
        days, second = divmod(seconds, 86_400)
        return f"{self._utc_iso[days - self._utc_day0]}T{self._hms[second]}.{micro:06d}Z"


@dataclass(slots=True)
class PlannedChunk:
    """Rows of one chunk of customers, ready for executemany."""

    customers: list[tuple[object, ...]]
    accounts: list[tuple[object, ...]]
    installments: int
    events: int


class HistoryPlanner:
    """Plans customers, accounts and payment events, chunk by chunk; see the module contract.

    Per account it keeps the schedule index and first due date (``account_schedule``,
    ``account_first_due``, indexed by account id) and per day the packed events (``buckets``, indexed
    by ``day - timeline.first``).
    """

    def __init__(self, seed: int, timeline: Timeline, grace_days: int) -> None:
        self.seed = seed
        self.timeline = timeline
        self.grace_days = grace_days
        self.schedules = Schedules()
        self.buckets: list[array[int]] = [array("q") for _ in range(timeline.today - timeline.first + 1)]
        self.account_schedule = array("i", [0])  # account ids start at 1
        self.account_first_due = array("i", [0])
        self.next_account_id = 1
        self._first_due: dict[int, int] = {}
        self._dues: dict[int, tuple[int, ...]] = {}
        products = load_products()
        self._products = lookup_table([((name, price), weight) for name, price, weight in products])
        self._terms = lookup_table(list(TERM_WEIGHTS.items()))
        self._rates = lookup_table(list(RATE_WEIGHTS.items()))
        self._late, self._early = _offset_tables()

    # ---- dates --------------------------------------------------------------------------------------
    def first_due(self, opened: int) -> int:
        """First due date (ordinal) of an account opened on ``opened``: one month later (clamped)."""
        found = self._first_due.get(opened)
        if found is None:
            found = add_months(date.fromordinal(opened), 1).toordinal()
            self._first_due[opened] = found
        return found

    def opened_days(self) -> dict[int, int]:
        """First due date (ordinal) by opening day (ordinal), for every opening day planned so far."""
        return dict(self._first_due)

    def due_dates(self, first_due: int) -> tuple[int, ...]:
        """The ``MAX_TERM`` due dates (ordinals) of a schedule whose first due date is ``first_due``
        (``app.schedule.due_dates``; the dates of any shorter term are a prefix of these)."""
        found = self._dues.get(first_due)
        if found is None:
            found = tuple(d.toordinal() for d in due_dates(date.fromordinal(first_due), MAX_TERM))
            self._dues[first_due] = found
        return found

    # ---- planning -----------------------------------------------------------------------------------
    def plan_chunk(self, chunk: int, people: Sequence[Person], first_customer_id: int) -> PlannedChunk:
        """Customer and account rows for ``people`` (chunk ``chunk``), appending their payment events."""
        tl = self.timeline
        today = tl.today
        rng = random.Random(f"abono.demo.accounts/{self.seed}/{date.fromordinal(today)}/{chunk}")
        r = rng.random
        bits = rng.getrandbits
        n = len(people)
        counts = [2 if r() < TWO_ACCOUNTS_SHARE else 1 for _ in range(n)]
        customer_uuids = uuid4_strings(rng, n)
        account_uuids = uuid4_strings(rng, sum(counts))
        customers: list[tuple[object, ...]] = []
        accounts: list[tuple[object, ...]] = []
        events = installments = 0
        aid = self.next_account_id
        if aid + len(account_uuids) > MAX_ACCOUNTS:
            raise ValueError("too many demo accounts")
        products, terms, rates = self._products, self._terms, self._rates
        schedules = self.schedules
        stamp = tl.stamp
        for i, person in enumerate(people):
            cid = first_customer_id + i
            opened_days = [today - 1 - int(r() * WINDOW_DAYS) for _ in range(counts[i])]
            first_day = min(opened_days)
            tick_c = int(r() * (DAY_TICKS - 700_000))
            customers.append(
                (cid, customer_uuids[i], *person, stamp(tl.opening_us(first_day) + tick_c * TICK_US))
            )
            for opened in opened_days:
                name, typical = products[bits(_TABLE_BITS)]
                price = max(10_000, round(typical * (0.85 + 0.35 * r()) / 1000) * 1000)
                u = r()
                down = 0 if u < 0.6 else round(price * (0.1 if u < 0.85 else 0.2) / 1000) * 1000
                principal = price - down
                term = terms[bits(_TABLE_BITS)]
                rate = 0 if term <= 6 and r() < ZERO_RATE_SHARE else rates[bits(_TABLE_BITS)]
                limit = -(-price // 50_000) * 50_000 + 50_000 * int(r() * 3)
                template = schedules.get(principal, rate, term)
                fd = self.first_due(opened)
                tick = tick_c + 30_000 + int(r() * 300_000) if opened == first_day else int(r() * DAY_TICKS)
                status, planned = self._plan_history(rng, aid, opened, fd, term, template)
                events += planned
                installments += term
                accounts.append(
                    (
                        aid,
                        account_uuids[aid - self.next_account_id],
                        f"10{aid:08d}",
                        cid,
                        name,
                        principal,
                        rate,
                        term,
                        "monthly",
                        tl.iso(opened),
                        limit,
                        status,
                        stamp(tl.opening_us(opened) + tick * TICK_US),
                    )
                )
                self.account_schedule.append(template)
                self.account_first_due.append(fd)
                aid += 1
        self.next_account_id = aid
        return PlannedChunk(customers, accounts, installments, events)

    def _plan_history(
        self, rng: random.Random, aid: int, opened: int, first_due: int, term: int, template: int
    ) -> tuple[str, int]:
        """Append the payment events of one account; return its status and the number of events."""
        r = rng.random
        bits = rng.getrandbits
        today = self.timeline.today
        base_day = self.timeline.first
        buckets = self.buckets
        grace = self.grace_days
        dues = self.due_dates(first_due)
        totals = self.schedules.total[template]
        u = r()
        profile = next(p for cut, p in _PROFILE_CUTS if u < cut)
        stop = term + 1  # installments k < stop get paid (if their day comes before today)
        if profile == DEFAULTED:
            lo, hi = today - DEFAULT_MAX_DAYS, today - DEFAULT_MIN_DAYS
            candidates = [j for j in range(term) if lo <= dues[j] <= hi]
            if candidates:
                stop = candidates[int(r() * len(candidates))] + 1
            else:
                profile = LATE
        payoff_at = 2 + int(r() * (term - 1)) if profile == PAYOFF else 0
        offsets = self._late if profile in (LATE, DEFAULTED) else self._early
        sign = 1 if profile in (LATE, DEFAULTED) else -1
        behind = profile in (LATE, DEFAULTED)
        partial = PARTIAL_SHARE[profile]
        head = aid << 10
        planned = 0

        def emit(day: int, k: int, shape: int, flag: int) -> None:
            nonlocal planned
            bucket = buckets[day - base_day]
            ev = head | k << 5 | shape << 2 | flag << 1
            if r() < VOID_SHARE:
                tick = int(r() * VOID_LAST_TICK)
                gap = VOID_GAP_TICKS[0] + int(r() * (VOID_GAP_TICKS[1] - VOID_GAP_TICKS[0]))
                bucket.append(tick << TOD_SHIFT | ev | 1)
                bucket.append((tick + gap) << TOD_SHIFT | ev)
                planned += 2
            else:
                bucket.append(int(r() * DAY_TICKS) << TOD_SHIFT | ev)
                planned += 1

        last = opened
        k = 1
        while k < stop:
            due = dues[k - 1]
            day = due + sign * offsets[bits(_TABLE_BITS)]
            if day <= last:
                day = last + 1
            if day >= today:
                break
            if k == payoff_at:
                emit(day, k, SHAPE_PAYOFF, 0)
                k = term + 1
                break
            u = r()
            if k + 1 < stop and ((behind and day > dues[k] and u < DOUBLE_WHEN_BEHIND) or u < DOUBLE_AHEAD):
                emit(day, k, SHAPE_DOUBLE, 0)
                last = day
                k += 2
                continue
            if u > 1 - partial and totals[k - 1] >= 2_000:
                emit(day, k, SHAPE_PART1, 0)
                last = day
                day2 = day + 3 + int(r() * 25)
                if day2 >= today:
                    break
                emit(day2, k, SHAPE_PART2, int(day - due > grace))
                last = day2
                k += 1
                continue
            emit(day, k, SHAPE_FULL, 0)
            last = day
            k += 1
        status = "active"
        if profile == DEFAULTED and k <= term and today - dues[k - 1] > WRITE_OFF_DAYS and r() < 0.5:
            status = "written_off"
        return status, planned
