"""``abono demo-data``: fill an empty branch with a realistic, deterministic credit history, fast.

:func:`load_demo` opens (or sets up) the branch, creates the demo users (``users.add``, audited) and
then, in ONE write transaction on a plain ``sqlite3`` connection, bulk-loads customers
(``app.demo.people``), their credit accounts and schedules, and years of payments with their
allocation lines and a few voids (:mod:`app.demo.source`). On any error the transaction is rolled
back and the branch keeps no demo rows (the two demo users, created first, stay: a user creation is
audited, and the audit log is append-only). The history is history, not new activity: it writes no
outbox events and no audit rows.

Speed (one million customers in about 100 s on two cores, see ``bench/bench_demo.py``):
- rows are plain tuples of integers and strings, bound with ``executemany`` in ~50,000-row batches;
  for big loads two other processes build and bind them into scratch SQLite files, which this
  process copies in with one ``INSERT ... SELECT`` per table (``app.demo.source.produce``);
- payment UUIDs are time-ordered (version 7), so their unique index grows at its end;
- indexes whose keys do not arrive in order, and the full-text insert trigger, are dropped for the load
  and re-created from their exact stored definitions (``sqlite_master``); the search index is built
  with one FTS5 ``rebuild``; ``installments`` is expanded from the cached schedules with
  ``INSERT ... SELECT``;
- the loading connection runs with ``synchronous=OFF``, ``foreign_keys=OFF`` and, when no other
  connection has the file open, a rollback journal (pages are written once, not to the WAL and again
  by a checkpoint); WAL mode is restored before returning.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from app.branch import Branch
from app.clock import iso_utc
from app.demo.payments import Desk
from app.demo.source import (
    MAX_SEGMENTS,
    TABLES,
    Batch,
    LoadSpec,
    RowSource,
    Totals,
    constants_for,
    help_produce,
    produce,
)
from app.errors import DatabaseRefused, InvalidInput, Refused
from app.reports.portfolio_state import advance_checkpoint
from app.settings import COMPONENTS, BranchSettings
from app.storage.bulk_write import CHECKPOINT_TABLES

MAX_CUSTOMERS = 3_000_000
PARALLEL_FROM = 100_000  # customers from which producer processes build the rows
BRANCH_CODE = "DEMO"
BRANCH_NAME = "Sucursal Demo"
DEMO_USERS = (
    ("cajero", "cajero1234", "cashier", "Cajero Demo"),
    ("gerente", "gerente1234", "manager", "Gerente Demo"),
)
CASHIER, MANAGER = DEMO_USERS[0][0], DEMO_USERS[1][0]
INSTALLMENT_ACCOUNTS = 100_000  # accounts per INSERT ... SELECT of their installments
LOADED_TABLES = ("customers", "accounts", "installments", "payments", "payment_allocations", "payment_voids")
FTS_INSERT_TRIGGER = "customers_fts_insert"
# Row triggers that would fire millions of times during the load and that have nothing to do there: the
# allocation's account check (the loader writes each line with its payment's account) and the account
# change log (there is no portfolio checkpoint yet; one is computed at the end of the load).
LOAD_TRIGGERS = (
    FTS_INSERT_TRIGGER,
    "payment_allocations_same_account",
    "accounts_changed_insert",
    "installments_changed_insert",
)
CACHE_KIB = 250_000  # page cache of the loading connection (also the index sorter's memory)
PRODUCER_POLL_S = 1.0

Progress = Callable[[str], None]


def load_demo(
    db_path: str | Path,
    customers: int,
    seed: int = 1,
    progress: Progress | None = None,
    today: date | None = None,
    *,
    parallel: bool | None = None,
) -> dict[str, Any]:
    """Fill the empty branch at ``db_path`` with ``customers`` demo customers; see the module contract.

    ``today`` (default: the branch's business date) is the day the history leads up to; ``parallel``
    forces (True) or forbids (False) the producer process (default: from ``PARALLEL_FROM``
    customers). Returns counts of what was loaded (customers, accounts, installments, payments,
    allocations, voids), ``seconds``, ``phases`` (seconds per phase), ``users`` (name -> password),
    ``today`` and ``seed``."""
    started = time.perf_counter()
    if isinstance(customers, bool) or not isinstance(customers, int) or not 1 <= customers <= MAX_CUSTOMERS:
        raise InvalidInput("demo_count_invalid", max=f"{MAX_CUSTOMERS:,}")
    say: Progress = progress or (lambda _text: None)
    branch = _open_or_create(Path(db_path))
    try:
        _refuse_non_empty(branch)
        fee_cents, grace_days = _fee_policy(branch.settings)
        passwords = _ensure_users(branch)
        cashier = branch.users.get(CASHIER)
        manager = branch.users.get(MANAGER)
        day = today or branch.today()
        spec = LoadSpec(
            customers=customers,
            seed=seed,
            today=day,
            timezone=branch.settings.timezone,
            grace_days=grace_days,
            fee_cents=fee_cents,
            desk=Desk(
                branch.settings.branch_code,
                branch.register,
                cashier.id,
                cashier.username,
                manager.id,
                manager.username,
            ),
        )
        path = branch.path
    finally:
        branch.close()
    use_producer = customers >= PARALLEL_FROM if parallel is None else parallel
    load = _BulkLoad(path, spec, say, use_producer)
    totals = load.run()
    say("cartera")
    checkpoint_started = time.perf_counter()
    with Branch.open(path) as branch:
        # The history ends the day before ``day``: the first end-of-day report reads only what follows.
        advance_checkpoint(branch.engine, day - timedelta(days=1), iso_utc(branch.clock()))
    load.phases["portfolio_checkpoint"] = round(time.perf_counter() - checkpoint_started, 3)
    return {
        "customers": totals.customers,
        "accounts": totals.accounts,
        "installments": totals.installments,
        "payments": totals.payments,
        "allocations": totals.allocations,
        "voids": totals.voids,
        "seconds": round(time.perf_counter() - started, 3),
        "phases": load.phases,
        "users": passwords,
        "today": day.isoformat(),
        "seed": seed,
    }


def _open_or_create(path: Path) -> Branch:
    """The branch at ``path``; a new demo branch if the file does not exist or has no branch yet."""
    try:
        return Branch.open(path)
    except DatabaseRefused as refused:
        if refused.code not in ("db_missing", "db_not_initialised"):
            raise
    return Branch.create(path, BRANCH_CODE, BRANCH_NAME)


def _scalar(con: Any, sql: str, *params: object) -> int:
    return int(con.execute(sql, params).fetchone()[0])


def _refuse_non_empty(branch: Branch) -> None:
    """``Refused("demo_not_empty")`` when the branch already has customers."""
    raw = branch.engine.raw_connection()
    try:
        count = _scalar(raw, "SELECT count(*) FROM customers")
    finally:
        raw.close()
    if count:
        raise Refused("demo_not_empty", count=count)


def _fee_policy(settings: BranchSettings) -> tuple[int, int]:
    """(fixed late fee in cents, grace days) of the branch; refuses policies the demo cannot follow.

    The demo computes allocation lines in closed form for the installment-by-installment order
    (late fee, interest, principal) and a fixed fee without a daily rate (the default policies)."""
    late_fee, allocation = settings.late_fee, settings.allocation
    if late_fee.monthly_rate_pct:
        raise InvalidInput(
            "field_invalid", field="late_fee.monthly_rate_pct", value=str(late_fee.monthly_rate_pct)
        )
    if allocation.mode != "installment" or tuple(allocation.components) != COMPONENTS:
        raise InvalidInput(
            "field_invalid",
            field="allocation",
            value=f"{allocation.mode}: {', '.join(allocation.components)}",
        )
    fee = int((Decimal(late_fee.fixed_fee) * 100).quantize(Decimal(1), ROUND_HALF_UP))
    return fee, late_fee.grace_days


def _ensure_users(branch: Branch) -> dict[str, str]:
    """Create the demo cashier and manager unless they exist; return their printed passwords."""
    existing = {u.username for u in branch.users.list()}
    for username, password, role, full_name in DEMO_USERS:
        if username not in existing:
            branch.users.add(username, password, role, full_name)
    return {username: password for username, password, _, _ in DEMO_USERS}


class _BulkLoad:
    """The one write transaction that loads the demo history; see the module contract."""

    def __init__(self, path: Path, spec: LoadSpec, say: Progress, use_producer: bool) -> None:
        self.path = path
        self.spec = spec
        self.say = say
        self.use_producer = use_producer
        self.phases: dict[str, float] = {}
        self._clock = time.perf_counter()

    def _phase(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(self.phases.get(name, 0.0) + now - self._clock, 3)
        self._clock = now

    def run(self) -> Totals:
        """Load everything in one transaction; restore the connection settings and WAL mode after."""
        con = sqlite3.connect(self.path, isolation_level=None, timeout=15)
        scratch = Path(tempfile.mkdtemp(prefix=".abono-demo-", dir=self.path.parent))
        mode = "wal"
        try:
            con.execute("PRAGMA busy_timeout = 15000")
            # A rollback journal for the load: the branch has no demo rows yet, so the journal stays
            # small and the pages are written once. Only possible while no other connection has the
            # file open; otherwise the load stays in WAL mode.
            with contextlib.suppress(sqlite3.OperationalError):
                mode = str(con.execute("PRAGMA main.journal_mode = DELETE").fetchone()[0]).lower()
            for pragma in (
                "synchronous = OFF",
                "foreign_keys = OFF",
                f"cache_size = -{CACHE_KIB}",
            ):
                con.execute(f"PRAGMA {pragma}")
            con.execute("BEGIN IMMEDIATE")
            try:
                totals = self._load(con, scratch)
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
                    con.execute("ROLLBACK")
                raise
            self._phase("commit")
            return totals
        finally:
            # Best effort: a failure here must not hide the load's own error, and the app's next
            # connection switches the file back to WAL anyway.
            with contextlib.suppress(sqlite3.Error):
                for schema in [row[1] for row in con.execute("PRAGMA database_list").fetchall()]:
                    if schema.startswith("segment"):
                        con.execute(f"DETACH {schema}")
                if mode == "wal":
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                else:
                    con.execute("PRAGMA main.journal_mode = WAL").fetchall()
            with contextlib.suppress(sqlite3.Error):
                con.execute("PRAGMA synchronous = FULL")
                con.execute("PRAGMA foreign_keys = ON")
            con.close()
            shutil.rmtree(scratch, ignore_errors=True)

    def _load(self, con: sqlite3.Connection, scratch: Path) -> Totals:
        count = _scalar(con, "SELECT count(*) FROM customers")  # again, inside the write lock
        if count:
            raise Refused("demo_not_empty", count=count)
        row = con.execute(
            "SELECT last_no FROM receipt_sequences WHERE series = ?", (self.spec.desk.series,)
        ).fetchone()
        spec = LoadSpec(
            **{
                **asdict(self.spec),
                "desk": self.spec.desk,
                "first_customer_id": _scalar(con, "SELECT coalesce(max(id), 0) + 1 FROM customers"),
                "first_account_id": _scalar(con, "SELECT coalesce(max(id), 0) + 1 FROM accounts"),
                "first_payment_id": _scalar(con, "SELECT coalesce(max(id), 0) + 1 FROM payments"),
                "first_void_id": _scalar(con, "SELECT coalesce(max(id), 0) + 1 FROM payment_voids"),
                "first_receipt_no": (row[0] if row else 0) + 1,
            }
        )
        # The portfolio checkpoint (a cache) would not see accounts loaded with its triggers dropped:
        # forget it; a new one is computed at the end of the load.
        for table in CHECKPOINT_TABLES:
            con.execute(f"DELETE FROM {table}")
        saved = self._drop_secondary(con)
        self._phase("prepare")
        totals = self._from_producer(con, spec, scratch) if self.use_producer else self._in_process(con, spec)
        if totals.payments:
            con.execute(
                "INSERT INTO receipt_sequences (series, last_no) VALUES (?, ?) "
                "ON CONFLICT (series) DO UPDATE SET last_no = excluded.last_no",
                (spec.desk.series, totals.last_receipt_no),
            )
        self.say("índices")
        for name, sql in saved:
            if name != FTS_INSERT_TRIGGER:
                con.execute(sql)
        self._phase("indexes")
        self.say("índice de búsqueda")
        con.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")
        con.execute(dict(saved)[FTS_INSERT_TRIGGER])
        self._phase("search_index")
        con.execute("PRAGMA analysis_limit = 1000")
        con.execute("ANALYZE")
        self._phase("analyze")
        return totals

    @staticmethod
    def _drop_secondary(con: sqlite3.Connection) -> list[tuple[str, str]]:
        """Drop the explicit indexes of the loaded tables and the :data:`LOAD_TRIGGERS`; return their SQL.

        Maintaining an index row by row costs more than building it once at the end, even when its
        keys arrive in order (measured: ~0.8 µs per row and index against ~0.3 µs)."""
        tables = ", ".join("?" * len(LOADED_TABLES))
        saved: list[tuple[str, str]] = con.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({tables}) ORDER BY name",
            LOADED_TABLES,
        ).fetchall()
        triggers: list[tuple[str, str]] = []
        for name in LOAD_TRIGGERS:
            trigger = con.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
            ).fetchone()
            if trigger is None:
                raise RuntimeError(f"trigger {name} is missing")
            triggers.append((str(trigger[0]), str(trigger[1])))
        for name, _ in saved:
            con.execute(f'DROP INDEX "{name}"')
        for name in LOAD_TRIGGERS:
            con.execute(f'DROP TRIGGER "{name}"')
        return [*saved, *triggers]

    # ---- installments -------------------------------------------------------------------------------
    def _installments(
        self, con: sqlite3.Connection, spec: LoadSpec, schedule: list[Any], dues: list[Any], accounts: int
    ) -> int:
        """Expand the cached schedules into ``installments`` with INSERT ... SELECT; return the count."""
        con.execute(
            "CREATE TEMP TABLE demo_schedule (loan_principal INTEGER, rate_bp INTEGER, term INTEGER, "
            "number INTEGER, principal INTEGER, interest INTEGER, "
            "PRIMARY KEY (loan_principal, rate_bp, term, number)) WITHOUT ROWID"
        )
        con.execute(
            "CREATE TEMP TABLE demo_due (opened_on TEXT, number INTEGER, due_on TEXT, "
            "PRIMARY KEY (opened_on, number)) WITHOUT ROWID"
        )
        con.executemany("INSERT INTO temp.demo_schedule VALUES (?, ?, ?, ?, ?, ?)", schedule)
        con.executemany("INSERT INTO temp.demo_due VALUES (?, ?, ?)", dues)
        before = con.total_changes
        first, stop = spec.first_account_id, spec.first_account_id + accounts
        for lo in range(first, stop, INSTALLMENT_ACCOUNTS):
            hi = min(lo + INSTALLMENT_ACCOUNTS, stop)
            con.execute(
                "INSERT INTO installments (account_id, number, due_on, principal_cents, interest_cents) "
                "SELECT a.id, s.number, d.due_on, s.principal, s.interest FROM accounts a "
                "JOIN temp.demo_schedule s ON s.loan_principal = a.principal_cents "
                "AND s.rate_bp = a.rate_bp AND s.term = a.term "
                "JOIN temp.demo_due d ON d.opened_on = a.opened_on AND d.number = s.number "
                "WHERE a.id >= ? AND a.id < ? ORDER BY a.id, s.number",
                (lo, hi),
            )
            self.say(f"cuotas: cuentas {hi - first}/{accounts}")
        count = con.total_changes - before
        con.execute("DROP TABLE temp.demo_schedule")
        con.execute("DROP TABLE temp.demo_due")
        self._phase("installments")
        return count

    # ---- in this process ----------------------------------------------------------------------------
    def _in_process(self, con: sqlite3.Connection, spec: LoadSpec) -> Totals:
        """Build the rows here and write them with executemany."""
        source = RowSource(spec)
        inserts = {name: t.insert_values(constants_for(name, spec.desk)) for name, t in TABLES.items()}

        def write(phase: str, batch: Batch) -> None:
            self._phase(f"plan_{phase}")
            for name, rows in batch.rows.items():
                con.executemany(inserts[name], rows)
            self._phase(f"write_{phase}")
            self.say(batch.progress)

        for batch in source.customer_batches():
            write("customers_accounts", batch)
        schedule, dues = source.schedule_rows()
        self._installments(con, spec, schedule, dues, source.totals.accounts)
        for batch in source.payment_batches():
            write("payments", batch)
        return source.totals

    # ---- from a producer process --------------------------------------------------------------------
    def _from_producer(self, con: sqlite3.Connection, spec: LoadSpec, scratch: Path) -> Totals:
        """Copy in, in order, the scratch files that two processes write (``app.demo.source``): the
        producer (customers, accounts and half of the payments) and its helper (the other half)."""
        # fork on Linux (quick to start, and the main module is not imported again; the children only
        # open their own scratch files), spawn elsewhere.
        context: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        messages: Any = context.Queue()
        plans: Any = context.Queue()
        workers = [
            context.Process(target=produce, args=(spec, str(scratch), messages, plans), daemon=True),
            context.Process(target=help_produce, args=(spec, str(scratch), messages, plans), daemon=True),
        ]
        for worker in workers:
            worker.start()
        try:
            totals = Totals()
            pending: dict[int, tuple[str, list[str], str]] = {}
            copied = finished = 0
            expected: int | None = None
            accounts = 0
            while finished < len(workers) or expected is None or copied < expected:
                try:
                    message = messages.get(timeout=PRODUCER_POLL_S)
                except queue.Empty:
                    if any(not w.is_alive() and w.exitcode for w in workers):
                        codes = [w.exitcode for w in workers]
                        raise RuntimeError(f"demo producer exited with {codes}") from None
                    continue
                kind = message[0]
                if kind == "progress":
                    self.say(message[1])
                elif kind == "segments":
                    expected = message[1]
                elif kind == "schedules":
                    self._phase("wait_producer")
                    accounts = totals.accounts = _scalar(con, "SELECT count(*) FROM accounts") - (
                        spec.first_account_id - 1
                    )
                    totals.installments = self._installments(con, spec, message[1], message[2], accounts)
                elif kind == "segment":
                    _, number, path, names, text = message
                    pending[number] = (path, names, text)
                    while copied + 1 in pending:
                        copied += 1
                        self._copy_segment(con, spec, copied, *pending.pop(copied))
                elif kind == "done":
                    part: Totals = message[1]
                    totals.customers += part.customers
                    totals.payments += part.payments
                    totals.allocations += part.allocations
                    totals.voids += part.voids
                    finished += 1
                else:
                    raise RuntimeError(f"demo producer failed:\n{message[1]}")
            totals.last_receipt_no = spec.first_receipt_no + totals.payments - 1
            self._phase("wait_producer")
            return totals
        finally:
            for worker in workers:
                if worker.is_alive():
                    worker.terminate()
                worker.join()
            messages.close()
            plans.close()

    def _copy_segment(
        self, con: sqlite3.Connection, spec: LoadSpec, number: int, path: str, names: list[str], text: str
    ) -> None:
        """Copy the tables of scratch file ``number`` into the branch (attached until the commit)."""
        if number > MAX_SEGMENTS:
            raise RuntimeError("too many scratch segments")
        self._phase("wait_producer")
        schema = f"segment{number}"
        con.execute(f"ATTACH DATABASE ? AS {schema}", (path,))
        for name in names:
            con.execute(TABLES[name].insert_from(schema, constants_for(name, spec.desk)))
        self._phase("copy_" + ("customers_accounts" if "accounts" in names else "payments"))
        self.say(text)
