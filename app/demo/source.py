"""The rows of a demo load, in batches, and the producer processes that write them to scratch files.

:class:`RowSource` yields the demo rows table by table in ~50,000-row batches: customers and accounts
(planning the payments as it goes, :mod:`app.demo.accounts`), then the rows of the schedule cache that
``installments`` is expanded from, then payments, allocation lines and voids in time order
(:mod:`app.demo.payments`). The same source feeds both ways of loading (``app.demo.loader``):

- in process: the loader writes each batch with ``executemany``;
- in two other processes (:func:`produce` and :func:`help_produce`): they bind the rows into small
  *scratch* SQLite files (plain tables, no indexes) and hand each finished file to the loader, which
  copies it into the branch with one ``INSERT ... SELECT`` per table (in file order) while they build
  the next ones. The producer plans customers and accounts, then sends the plan of half of the
  payment days to its helper; each writes its share. Building rows and binding parameters, the
  Python-heavy part of the work, then runs beside the loader's SQLite work.

Both ways give the same rows: everything is derived from (seed, ``today``, counts), never from timing.
"""

from __future__ import annotations

import sqlite3
import traceback
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from app.demo.accounts import CHUNK, HistoryPlanner, Timeline
from app.demo.payments import DayRows, DayWriter, Desk
from app.demo.people import generate_people

BATCH_ROWS = 50_000
MAX_SEGMENTS = 9  # scratch files attached at once (SQLite's limit is 10 attached databases)
CUSTOMER_SEGMENTS = 3

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A bulk-loaded table: the columns a row tuple holds, and columns that are the same on every row
    (SQL literals, so that they are not bound again and again)."""

    name: str
    columns: tuple[str, ...]
    keyed: bool = True  # the first column is the INTEGER PRIMARY KEY

    def scratch_ddl(self) -> str:
        """A plain table for the rows in a scratch file."""
        first = f"{self.columns[0]} INTEGER PRIMARY KEY" if self.keyed else self.columns[0]
        return f"CREATE TABLE {self.name} ({', '.join((first, *self.columns[1:]))})"

    def insert_values(self, constants: dict[str, str] | None = None) -> str:
        """INSERT of one row tuple (parameters) plus the constant columns (literals)."""
        constants = constants or {}
        names = ", ".join((*self.columns, *constants))
        values = ", ".join(("?",) * len(self.columns) + tuple(constants.values()))
        return f"INSERT INTO {self.name} ({names}) VALUES ({values})"

    def insert_from(self, schema: str, constants: dict[str, str] | None = None) -> str:
        """INSERT into the branch table of every row of the scratch table in attached ``schema``."""
        constants = constants or {}
        names = ", ".join((*self.columns, *constants))
        values = ", ".join((*self.columns, *constants.values()))
        return f"INSERT INTO main.{self.name} ({names}) SELECT {values} FROM {schema}.{self.name}"


CUSTOMERS = Table(
    "customers",
    (
        "id",
        "uuid",
        "doc_type",
        "doc_number",
        "first_names",
        "last_names",
        "phone",
        "phone2",
        "address",
        "created_at",
    ),
)
ACCOUNTS = Table(
    "accounts",
    (
        "id",
        "uuid",
        "account_no",
        "customer_id",
        "description",
        "principal_cents",
        "rate_bp",
        "term",
        "frequency",
        "opened_on",
        "credit_limit_cents",
        "status",
        "created_at",
    ),
)
PAYMENTS = Table(
    "payments",
    (
        "id",
        "uuid",
        "receipt_no",
        "account_id",
        "amount_cents",
        "method",
        "method_kind",
        "tendered_cents",
        "change_cents",
        "card_brand",
        "card_last4",
        "auth_code",
        "operation_number",
        "created_at",
        "business_date",
    ),
)
ALLOCATIONS = Table(
    "payment_allocations",
    (
        "payment_id",
        "line_no",
        "account_id",
        "installment_no",
        "late_fee_cents",
        "interest_cents",
        "principal_cents",
    ),
    keyed=False,
)
VOIDS = Table(
    "payment_voids",
    (
        "id",
        "uuid",
        "payment_id",
        "manager_id",
        "manager_name",
        "requested_by",
        "reason",
        "branch_code",
        "register",
        "created_at",
        "business_date",
    ),
)
TABLES = {t.name: t for t in (CUSTOMERS, ACCOUNTS, PAYMENTS, ALLOCATIONS, VOIDS)}


def sql_literal(value: str | int) -> str:
    """``value`` as an SQL literal."""
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def constants_for(table: str, desk: Desk) -> dict[str, str]:
    """The constant columns of ``table``: the cashier and register of every demo payment."""
    if table != PAYMENTS.name:
        return {}
    return {
        "cashier_id": sql_literal(desk.cashier_id),
        "cashier_name": sql_literal(desk.cashier_name),
        "branch_code": sql_literal(desk.branch_code),
        "register": sql_literal(desk.register),
    }


@dataclass(frozen=True, slots=True)
class LoadSpec:
    """Everything that decides the rows of a load (picklable, for the producer process)."""

    customers: int
    seed: int
    today: date
    timezone: str
    grace_days: int
    fee_cents: int
    desk: Desk
    first_customer_id: int = 1
    first_account_id: int = 1
    first_payment_id: int = 1
    first_receipt_no: int = 1
    first_void_id: int = 1


@dataclass(slots=True)
class Batch:
    """Rows for some tables, and a progress line saying how far the load got."""

    rows: dict[str, list[Row]]
    progress: str


@dataclass(slots=True)
class Totals:
    """Counts of what a source produced."""

    customers: int = 0
    accounts: int = 0
    installments: int = 0
    payments: int = 0
    allocations: int = 0
    voids: int = 0
    last_receipt_no: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class RowSource:
    """The demo rows of a :class:`LoadSpec`, in batches; see the module contract."""

    def __init__(self, spec: LoadSpec) -> None:
        self.spec = spec
        self.timeline = Timeline(spec.today, ZoneInfo(spec.timezone))
        self.planner = HistoryPlanner(spec.seed, self.timeline, spec.grace_days)
        self.planner.next_account_id = spec.first_account_id
        self.totals = Totals()

    def customer_batches(self) -> Iterator[Batch]:
        """Customers and accounts, chunk by chunk (plans the payments)."""
        spec, planner, totals = self.spec, self.planner, self.totals
        customers: list[Row] = []
        accounts: list[Row] = []
        total = spec.customers
        for chunk, start in enumerate(range(0, total, CHUNK)):
            people = list(generate_people(min(CHUNK, total - start), spec.seed, start))
            planned = planner.plan_chunk(chunk, people, spec.first_customer_id + start)
            customers += planned.customers
            accounts += planned.accounts
            totals.installments += planned.installments
            done = start + len(people)
            if len(customers) >= BATCH_ROWS or done == total:
                totals.customers += len(customers)
                totals.accounts += len(accounts)
                yield Batch({CUSTOMERS.name: customers, ACCOUNTS.name: accounts}, f"clientes {done}/{total}")
                customers, accounts = [], []

    def schedule_rows(self) -> tuple[list[Row], list[Row]]:
        """Rows of the temporary tables ``installments`` is expanded from (after the accounts):
        (loan principal, rate, term, number, principal, interest) per cached schedule line, and
        (opened_on, number, due_on) per opening day and installment number."""
        sched = self.planner.schedules
        schedule: list[Row] = [
            (*key, number, principal, interest)
            for key, principals, interests in zip(sched.keys, sched.principal, sched.interest, strict=True)
            for number, (principal, interest) in enumerate(zip(principals, interests, strict=True), 1)
        ]
        tl = self.timeline
        dues: list[Row] = [
            (tl.iso(opened), number, date.fromordinal(due).isoformat())
            for opened, first_due in sorted(self.planner.opened_days().items())
            for number, due in enumerate(self.planner.due_dates(first_due), 1)
        ]
        return schedule, dues

    def planned_payments(self) -> int:
        """Payments planned so far (after the accounts: all of them)."""
        return sum(len(bucket) for bucket in self.planner.buckets)

    def payment_batches(self, part: PaymentPart | None = None) -> Iterator[Batch]:
        """Payments, allocation lines and voids in time order, day by day: of every day, or of the days
        and with the first ids of ``part``."""
        spec, totals, tl = self.spec, self.totals, self.timeline
        part = part or PaymentPart(
            0, tl.first, tl.today, spec.first_payment_id, spec.first_receipt_no, spec.first_void_id
        )
        writer = DayWriter(
            self.planner,
            spec.desk,
            fee_cents=spec.fee_cents,
            first_payment_id=part.first_payment_id,
            first_receipt_no=part.first_receipt_no,
            first_void_id=part.first_void_id,
        )
        out = DayRows()
        for day in range(part.first_day, part.stop_day):
            writer.add_day(day, out)
            if len(out.payments) >= BATCH_ROWS or (day == part.stop_day - 1 and out.payments):
                totals.payments += len(out.payments)
                totals.allocations += len(out.allocations)
                totals.voids += len(out.voids)
                yield Batch(
                    {PAYMENTS.name: out.payments, ALLOCATIONS.name: out.allocations, VOIDS.name: out.voids},
                    f"pagos: recibo {writer.next_receipt_no - 1} (hasta {tl.iso(day)})",
                )
                out = DayRows()
        totals.last_receipt_no = max(totals.last_receipt_no, writer.next_receipt_no - 1)

    def payment_parts(self, parts: int) -> list[PaymentPart]:
        """The days split into at most ``parts`` runs with about as many payments each, with the ids
        their first payment and void get (the plan fixes how many fall on each day)."""
        spec, tl, buckets = self.spec, self.timeline, self.planner.buckets
        total = self.planned_payments()
        per_part = max(1, -(-total // max(parts, 1)))
        out: list[PaymentPart] = []
        payment, receipt, void = spec.first_payment_id, spec.first_receipt_no, spec.first_void_id
        first_day, count, voids = tl.first, 0, 0
        for day in range(tl.first, tl.today):
            bucket = buckets[day - tl.first]
            count += len(bucket)
            voids += sum(ev & 1 for ev in bucket)
            last = day == tl.today - 1
            if count and (count >= per_part or last):
                out.append(PaymentPart(len(out), first_day, day + 1, payment, receipt, void))
                payment, receipt, void = payment + count, receipt + count, void + voids
                first_day, count, voids = day + 1, 0, 0
        return out

    def payment_plan(self, days: Iterable[range]) -> PaymentPlan:
        """What a helper process needs to write the payments of ``days`` (see :meth:`adopt`)."""
        planner, first = self.planner, self.timeline.first
        return PaymentPlan(
            principal=planner.schedules.principal,
            interest=planner.schedules.interest,
            account_schedule=planner.account_schedule,
            account_first_due=planner.account_first_due,
            buckets={day: planner.buckets[day - first] for run in days for day in run},
        )

    def adopt(self, plan: PaymentPlan) -> None:
        """Take over the plan made by another process (instead of planning the accounts again)."""
        planner, first = self.planner, self.timeline.first
        planner.schedules.principal = plan.principal
        planner.schedules.interest = plan.interest
        planner.account_schedule = plan.account_schedule
        planner.account_first_due = plan.account_first_due
        for day, bucket in plan.buckets.items():
            planner.buckets[day - first] = bucket


@dataclass(frozen=True, slots=True)
class PaymentPart:
    """A run of days of payments (one scratch file) and the ids its first rows get."""

    index: int
    first_day: int
    stop_day: int
    first_payment_id: int
    first_receipt_no: int
    first_void_id: int


@dataclass(slots=True)
class PaymentPlan:
    """The part of a plan that writing payments needs (sent to the helper process)."""

    principal: list[tuple[int, ...]]
    interest: list[tuple[int, ...]]
    account_schedule: array[int]
    account_first_due: array[int]
    buckets: dict[int, array[int]]


class Messages(Protocol):
    """The queue the producer reports on (``multiprocessing.Queue``)."""

    def put(self, item: Any) -> None: ...


def _write_segment(
    path: Path, tables: tuple[Table, ...], batches: Iterable[Batch], messages: Messages
) -> str:
    """Write ``batches`` into a new scratch file; return the last progress line."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -64000"):
            con.execute(f"PRAGMA {pragma}")
        con.execute("BEGIN")
        for table in tables:
            con.execute(table.scratch_ddl())
        inserts = {t.name: t.insert_values() for t in tables}
        progress = ""
        for batch in batches:
            for name, rows in batch.rows.items():
                con.executemany(inserts[name], rows)
            progress = batch.progress
            messages.put(("progress", progress))
        con.execute("COMMIT")
        return progress
    finally:
        con.close()


def _until(batches: Iterator[Batch], totals: Totals, customers: int) -> Iterator[Batch]:
    """The next batches of ``batches``, up to the one that brings ``totals`` to ``customers``."""
    for batch in batches:
        yield batch
        if totals.customers >= customers:
            return


def _write_payments(
    source: RowSource, parts: list[PaymentPart], folder: Path, first_segment: int, messages: Messages
) -> None:
    tables = (PAYMENTS, ALLOCATIONS, VOIDS)
    for part in parts:
        number = first_segment + part.index
        path = folder / f"segment{number}.db"
        progress = _write_segment(path, tables, source.payment_batches(part), messages)
        messages.put(("segment", number, str(path), [t.name for t in tables], progress))


def produce(spec: LoadSpec, directory: str, messages: Messages, helper: Messages) -> None:
    """Entry point of the producer process: write the rows of ``spec`` to scratch files in
    ``directory``, with the help of :func:`help_produce` for half of the payments.

    Reports on ``messages``: ``("segment", number, path, table names, progress)`` for each finished
    scratch file (numbered 1, 2, ... in the order they must be copied: customers and accounts, then
    payments in time order; at most ``MAX_SEGMENTS``); ``("schedules", schedule rows, due rows)``
    once the accounts are done; ``("segments", count)`` once the number is known;
    ``("progress", text)`` now and then; ``("done", Totals)`` at the end, or ``("error", text)``.
    Sends the helper its ``(parts, PaymentPlan)`` on ``helper``.
    """
    try:
        source = RowSource(spec)
        folder = Path(directory)
        customers = source.customer_batches()
        per_segment = -(-spec.customers // CUSTOMER_SEGMENTS)
        segments = 0
        done = 0
        while done < spec.customers:
            segments += 1
            path = folder / f"segment{segments}.db"
            some = _until(customers, source.totals, done + per_segment)
            progress = _write_segment(path, (CUSTOMERS, ACCOUNTS), some, messages)
            done = source.totals.customers
            messages.put(("segment", segments, str(path), [CUSTOMERS.name, ACCOUNTS.name], progress))
        messages.put(("schedules", *source.schedule_rows()))
        parts = source.payment_parts(MAX_SEGMENTS - segments)
        messages.put(("segments", segments + len(parts)))
        mine, theirs = parts[0::2], parts[1::2]
        helper.put(
            (segments + 1, theirs, source.payment_plan(range(p.first_day, p.stop_day) for p in theirs))
        )
        _write_payments(source, mine, folder, segments + 1, messages)
        messages.put(("done", source.totals))
    except BaseException:
        messages.put(("error", traceback.format_exc()))
        raise


def help_produce(spec: LoadSpec, directory: str, messages: Messages, plans: Any) -> None:
    """Entry point of the helper process: wait for the parts and plan :func:`produce` sends, write
    those payments to scratch files, report like :func:`produce` (its ``done`` counts payments only)."""
    try:
        first_segment, parts, plan = plans.get()
        source = RowSource(spec)
        source.adopt(plan)
        _write_payments(source, parts, Path(directory), first_segment, messages)
        messages.put(("done", source.totals))
    except BaseException:
        messages.put(("error", traceback.format_exc()))
        raise
