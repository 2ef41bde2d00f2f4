"""Crash safety, two writers, and immutability: a committed payment survives SIGKILL exactly once, a
killed transaction leaves nothing behind, receipts stay gap-free, and the ledger cannot be edited."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.branch import Branch
from app.payments import PaymentRequest
from app.users import UserInfo

WORKER = Path(__file__).with_name("crash_worker.py")
ROUNDS = int(os.environ.get("ABONO_CRASH_ROUNDS", "25"))
SERIES = "B012-01"


@pytest.fixture
def crash_db(tmp_path: Path, new_branch: Callable[..., Branch], new_account: Callable[..., Any]) -> Path:
    """A branch file with three accounts big enough that small payments never settle them; the workers run
    on the real clock, so the accounts open today (no installment falls due during the test)."""
    path = tmp_path / "crash.db"
    branch = new_branch(path)
    for account_no in ("C1", "C2", "C3"):
        new_account(branch, account_no, Decimal("9000000.00"), 12, Decimal("0"), date.today())
    branch.drawer.open(branch.drawer.parse_counts("100x1"), branch.users.get("caja01"))  # cash needs it
    branch.close()
    return path


@dataclass
class Reported:
    """What workers said they committed (after the call returned)."""

    payments: dict[str, str] = field(default_factory=dict)  # uuid -> receipt
    voids: set[str] = field(default_factory=set)

    def read(self, output: str) -> None:
        for line in output.splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # a line cut by the kill: the worker had not finished reporting it
            parts = line.split()
            if parts[:1] == ["COMMITTED"] and len(parts) == 3:
                assert parts[2] not in self.payments, f"uuid reported twice: {line}"
                self.payments[parts[2]] = parts[1]
            elif parts[:1] == ["VOIDED"] and len(parts) == 2:
                self.voids.add(parts[1])


def load_worker() -> Any:
    spec = importlib.util.spec_from_file_location("abono_crash_worker", WORKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start_worker(
    db: Path, seed: int, count: int | None = None, retry: str | None = None
) -> tuple[subprocess.Popen[str], str]:
    """Start a worker and wait until it is posting; returns it and what it printed before READY."""
    args = [sys.executable, str(WORKER), str(db), str(seed)] + ([str(count)] if count is not None else [])
    env = {**os.environ, "ABONO_RETRY": retry} if retry else None
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    early = ""
    while (line := proc.stdout.readline()) != "READY\n":
        if not line:
            _, err = proc.communicate(timeout=30)
            pytest.fail(f"worker did not start:\n{early}\n{err}")
        early += line
    return proc, early


def pending_request(output: str) -> str | None:
    """The request a killed worker had started (TRYING) without reporting it committed."""
    pending = None
    for line in output.splitlines(keepends=True):
        if line.startswith("TRYING ") and line.endswith("\n"):
            pending = line.split()[1]
        elif line.startswith("COMMITTED "):
            pending = None
    return pending


def receipt_of(db: Path, payment_uuid: str) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT receipt_no FROM payments WHERE uuid = ?", (payment_uuid,))]
    finally:
        con.close()


def check_database(db: Path, reported: Reported) -> int:
    """Everything the crash tests promise about the file; returns the number of payments in it."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = con.execute("SELECT id, uuid, receipt_no, amount_cents FROM payments ORDER BY id").fetchall()
        by_uuid: dict[str, list[str]] = {}
        for _, uid, receipt, _ in rows:
            by_uuid.setdefault(uid, []).append(receipt)
        # Every payment a worker saw committed is there exactly once, under the receipt it was given.
        for uid, receipt in reported.payments.items():
            assert by_uuid.get(uid) == [receipt], f"reported payment {uid} {receipt} is {by_uuid.get(uid)}"
        # Receipt numbers are exactly 1..n in commit order: no gap, no repeat.
        n = len(rows)
        assert [r[2] for r in rows] == [f"{SERIES}-{k:06d}" for k in range(1, n + 1)]
        last = con.execute("SELECT last_no FROM receipt_sequences WHERE series = ?", (SERIES,)).fetchone()
        assert (last[0] if last else 0) == n
        # Each payment has allocation lines that sum to its amount.
        allocated = dict(
            con.execute(
                "SELECT payment_id, sum(late_fee_cents + interest_cents + principal_cents) "
                "FROM payment_allocations GROUP BY payment_id"
            ).fetchall()
        )
        for pid, _, receipt, amount in rows:
            assert allocated.get(pid) == amount, f"{receipt}: allocated {allocated.get(pid)} of {amount}"
        assert set(allocated) <= {r[0] for r in rows}
        # Voids reported are there; one outbox event and one audit row per payment and per void.
        voided = {
            r[0]
            for r in con.execute(
                "SELECT p.receipt_no FROM payment_voids v JOIN payments p ON p.id = v.payment_id"
            )
        }
        assert reported.voids <= voided
        outbox = con.execute("SELECT kind, payload FROM outbox WHERE kind IN ('payment', 'void')").fetchall()
        assert len(outbox) == n + len(voided)
        others = con.execute("SELECT kind FROM outbox WHERE kind NOT IN ('payment', 'void')").fetchall()
        assert others == [("drawer_open",)]
        assert sorted(json.loads(p)["payment_id"] for k, p in outbox if k == "payment") == sorted(by_uuid)
        assert sorted(json.loads(p)["receipt_no"] for k, p in outbox if k == "void") == sorted(voided)
        actions = dict(con.execute("SELECT action, count(*) FROM audit_log GROUP BY action").fetchall())
        assert (actions.get("payment", 0), actions.get("void", 0)) == (n, len(voided))
    finally:
        con.close()
    with Branch.open(db) as branch:
        report = branch.audit.verify()
        assert report.ok, report
        for account_no in ("C1", "C2", "C3"):
            view = branch.accounts.get(account_no)
            paid = sum((p.amount for p in view.payments if not p.voided), Decimal(0))
            assert view.balance == Decimal("9000000.00") - paid
    return n


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_never_loses_or_doubles_a_committed_payment(crash_db: Path) -> None:
    """Kill a posting worker at random moments; after each kill the file is intact and holds exactly
    what was committed. The next worker first retries the request the killed one was in the middle of
    (same request id, as the desk does after a crash): it must not be posted twice."""
    worker = load_worker()
    rng = random.Random(int(os.environ.get("ABONO_CRASH_SEED", "20250310")))
    reported = Reported()
    started = time.monotonic()
    in_db = retried = replayed = 0
    pending: str | None = None
    committed_before: list[str] = []
    for round_no in range(ROUNDS):
        proc, early = start_worker(crash_db, seed=rng.randrange(1 << 30), retry=pending)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, f"round {round_no}: worker ended by itself\n{err}"
        assert "Traceback" not in err, err
        reported.read(early + out)
        if pending is not None:
            # The retry was reported committed once (Reported.read refuses a uuid reported twice) and,
            # if the killed worker had already committed it, under the receipt it had then.
            retry_uuid = worker.request(int(pending)).request_id
            assert retry_uuid in reported.payments
            assert committed_before in ([], [reported.payments[retry_uuid]])
            retried += 1
            replayed += bool(committed_before)
        in_db = check_database(crash_db, reported)
        pending = pending_request(out)
        committed_before = receipt_of(crash_db, worker.request(int(pending)).request_id) if pending else []
    # The test only proves something if the kills landed while payments were being posted.
    assert len(reported.payments) >= 2 * ROUNDS, f"only {len(reported.payments)} payments in {ROUNDS} rounds"
    assert in_db >= len(reported.payments)
    assert retried > 0
    print(
        f"{ROUNDS} kills, {in_db} payments, {len(reported.voids)} voids, {retried} retries "
        f"({replayed} had committed before the kill), {time.monotonic() - started:.1f}s"
    )


def test_two_processes_post_concurrently_without_lock_errors(crash_db: Path) -> None:
    count = 120
    workers = [start_worker(crash_db, seed=s, count=count)[0] for s in (1, 2)]
    for proc in workers:  # start both together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    reported = Reported()
    mine: list[list[int]] = []
    windows: list[tuple[float, float]] = []
    for proc in workers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err.lower() and "busy" not in err.lower(), err
        before = len(reported.payments)
        reported.read(out)
        assert len(reported.payments) - before == count
        mine.append(
            [int(line.split()[1].rsplit("-", 1)[1]) for line in out.splitlines() if "COMMITTED" in line]
        )
        times = {
            line.split()[0]: float(line.split()[1]) for line in out.splitlines() if line.startswith("POST")
        }
        windows.append((times["POSTING"], times["POSTED"]))
    assert check_database(crash_db, reported) == 2 * count
    assert all(numbers == sorted(numbers) for numbers in mine)
    # Both really posted at the same time: their posting windows overlap. (Their receipt numbers
    # usually interleave too, but SQLite's busy handler does not promise turns: one writer may wait
    # out the other's whole run, which is allowed: it waited, it did not fail.)
    (start1, end1), (start2, end2) = windows
    assert start2 < end1 and start1 < end2


# ---- immutability ---------------------------------------------------------------------------------------
@pytest.fixture
def ledger_db(branch: Branch, cashier: UserInfo, manager: UserInfo, new_account: Callable[..., Any]) -> Path:
    new_account(branch, "A0001")
    branch.drawer.open(branch.drawer.parse_counts("100x1"), cashier)
    for amount in ("10.00", "20.00", "30.00"):
        branch.payments.take(PaymentRequest("A0001", Decimal(amount), "cash"), cashier)
    branch.payments.void(f"{SERIES}-000002", "monto equivocado", manager)
    branch.close()
    return branch.path


IMMUTABLE = {
    "payments": "amount_cents = amount_cents + 1",
    "payment_allocations": "principal_cents = principal_cents + 1",
    "payment_voids": "reason = 'nada'",
    "audit_log": "details = '{}'",
}


def snapshot(con: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in IMMUTABLE}


@pytest.mark.parametrize("table", sorted(IMMUTABLE))
def test_triggers_refuse_update_and_delete(ledger_db: Path, table: str) -> None:
    con = sqlite3.connect(ledger_db, isolation_level=None)
    try:
        before = snapshot(con)
        assert before[table], f"{table} has no rows to protect"
        with pytest.raises(sqlite3.DatabaseError, match="immutable"):
            con.execute(f"UPDATE {table} SET {IMMUTABLE[table]}")
        with pytest.raises(sqlite3.DatabaseError, match="immutable"):
            con.execute(f"DELETE FROM {table}")
        assert snapshot(con) == before
    finally:
        con.close()


def tamper(db: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    con = sqlite3.connect(db, isolation_level=None)
    try:
        con.execute("DROP TRIGGER audit_log_no_update")
        con.execute("DROP TRIGGER audit_log_no_delete")
        con.execute(sql, params)
    finally:
        con.close()


def audit_rows(db: Path) -> list[tuple[int, str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, action, details FROM audit_log ORDER BY id").fetchall()
    finally:
        con.close()


def test_audit_verify_reports_an_edited_row(ledger_db: Path) -> None:
    with Branch.open(ledger_db) as branch:
        assert branch.audit.verify().ok
    rows = audit_rows(ledger_db)
    target = next(r for r in rows if r[1] == "payment")  # the first payment's row, mid-chain
    edited = target[2].replace("10.00", "1.00")
    assert edited != target[2]
    tamper(ledger_db, "UPDATE audit_log SET details = ? WHERE id = ?", (edited, target[0]))
    with Branch.open(ledger_db) as branch:
        report = branch.audit.verify()
    assert not report.ok
    assert report.broken_at == target[0]
    assert report.count == target[0] - rows[0][0]  # the rows before it are still fine


def test_audit_verify_reports_a_deleted_row(ledger_db: Path) -> None:
    rows = audit_rows(ledger_db)
    victim = next(r for r in rows if r[1] == "payment")
    tamper(ledger_db, "DELETE FROM audit_log WHERE id = ?", (victim[0],))
    with Branch.open(ledger_db) as branch:
        report = branch.audit.verify()
    assert not report.ok
    assert report.broken_at == min(r[0] for r in rows if r[0] > victim[0])


def test_audit_verify_detects_a_removed_last_row(ledger_db: Path) -> None:
    # The void is the newest audit row. Deleting it (hiding who voided what) must not go unnoticed:
    # the payment_voids row it recorded is still there.
    rows = audit_rows(ledger_db)
    assert rows[-1][1] == "void"
    tamper(ledger_db, "DELETE FROM audit_log WHERE id = ?", (rows[-1][0],))
    with Branch.open(ledger_db) as branch:
        report = branch.audit.verify()
    assert not report.ok
