"""Sync benchmarks: ``python bench/bench_sync.py [--events 100000] [--customers 100000] [--branches 10]``.

Runs a real head office (``python -m app.headoffice serve``, SQLite, a child process) on loopback and
measures, printing figures (it asserts nothing: these machines are shared and noisy):

1. bootstrap: a new branch pulls a head office of ``--customers`` demo customers with their accounts
   and schedules (``--customers 1000000`` for the million; issue 6 asks at most 3 minutes);
2. push: ``--events`` payment events from one branch's outbox to head office over HTTP (issue 6 asks at
   most 30 s for 100k), beside a raw-``sqlite3`` baseline measured in the same run: the same events
   inserted into a table with a unique event id, in transactions of the same size, synchronous=FULL;
3. ten branches pushing at once: ``--branches`` child processes each pushing ``--per-branch`` events.

The pushed events are written straight into the branch outbox (same payload as ``Payments.take``) so
that generating them costs nothing measurable; the push reads nothing but the outbox.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import httpx  # noqa: E402

from app import Branch  # noqa: E402
from app.headoffice.branches import add_branch  # noqa: E402
from app.headoffice.masterdata import load_demo  # noqa: E402
from app.headoffice.store import open_store  # noqa: E402
from app.sync import SyncClient  # noqa: E402
from app.sync.outbox import push_outbox  # noqa: E402
from app.sync.transport import HeadOfficeLink  # noqa: E402

BATCH = 500


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db_url: str, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.headoffice", "serve", "--db", db_url, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("head office did not start")


def payment_events(
    code: str, accounts: list[tuple[str, str]], count: int, seed: int
) -> list[tuple[str, str, str, str]]:
    """``count`` outbox rows (event uuid, kind, payload, created_at) of S/ 10.00 Yape payments."""
    rng = random.Random(seed)
    today = date.today().isoformat()
    rows = []
    for n in range(1, count + 1):
        account_uuid, account_no = accounts[rng.randrange(len(accounts))]
        stamp = now()
        payload = {
            "payment_id": str(uuid.uuid4()),
            "receipt_no": f"{code}-01-{n:06d}",
            "account_id": account_uuid,
            "account_no": account_no,
            "amount": "10.00",
            "currency": "PEN",
            "method": "yape",
            "method_kind": "wallet",
            "tendered": None,
            "change": None,
            "cashier": "cajero",
            "branch_code": code,
            "register": "01",
            "created_at": stamp,
            "business_date": today,
            "allocations": [{"installment": 1, "late_fee": "0.00", "interest": "2.50", "principal": "7.50"}],
            "card_brand": None,
            "card_last4": None,
            "auth_code": None,
            "operation_number": f"{10000000 + n}",
        }
        rows.append(
            (str(uuid.uuid4()), "payment", json.dumps(payload, ensure_ascii=False, sort_keys=True), stamp)
        )
    return rows


def fill_outbox(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO outbox (event_uuid, kind, payload, created_at) VALUES (?, ?, ?, ?)", rows
        )
    con.close()


def raw_baseline(rows: list[tuple[str, str, str, str]], workdir: Path) -> float:
    """Seconds to insert the same events into a plain SQLite table, BATCH per transaction."""
    path = workdir / "baseline.db"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, event_uuid TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
        "payload TEXT NOT NULL, received_at TEXT NOT NULL)"
    )
    started = time.perf_counter()
    for start in range(0, len(rows), BATCH):
        con.execute("BEGIN IMMEDIATE")
        con.executemany(
            "INSERT INTO events (event_uuid, kind, payload, received_at) VALUES (?, ?, ?, ?)",
            rows[start : start + BATCH],
        )
        con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    return seconds


PUSHER = """
import sys, time
from datetime import UTC, datetime
from app import Branch
from app.sync.outbox import push_outbox
from app.sync.transport import HeadOfficeLink
branch = Branch.open(sys.argv[1])
with HeadOfficeLink(sys.argv[2], sys.argv[3]) as link:
    t = time.perf_counter()
    out = push_outbox(branch, link, 500, lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    print(out.sent, time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--branches", type=int, default=10)
    parser.add_argument("--per-branch", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="abono-bench-sync-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'headoffice.db'}"
    store = open_store(db_url)
    print(f"work directory: {workdir}")
    t = time.perf_counter()
    load_demo(store, args.customers, seed=1)
    print(f"head office demo data, {args.customers:,} customers + accounts: {time.perf_counter() - t:.1f} s")
    with store.read() as conn:
        from sqlalchemy import text

        accounts = [
            (u, n)
            for u, n in conn.execute(text("SELECT uuid, account_no FROM accounts ORDER BY id LIMIT 5000"))
        ]
    codes = ["B100", *[f"C{k:03d}" for k in range(args.branches)]]
    tokens = {code: add_branch(store, code, f"Sucursal {code}")[1] for code in codes}
    store.close()
    port = free_port()
    server = start_server(db_url, port)
    url = f"http://127.0.0.1:{port}"
    results: list[tuple[str, str]] = []
    try:
        # 1. bootstrap
        branch = Branch.create(workdir / "B100.db", "B100", "Sucursal Bench")
        client = SyncClient(branch)
        client.configure(url, tokens["B100"])
        t = time.perf_counter()
        report = client.run_round()
        boot = time.perf_counter() - t
        results.append(
            (
                f"bootstrap {report.pulled_customers:,} customers + {report.pulled_accounts:,} accounts",
                f"{boot:.1f} s ({report.pulled_customers / boot:,.0f} customers/s; target for 1M: 180 s)",
            )
        )
        # 2. one branch pushes N events
        rows = payment_events("B100", accounts, args.events, seed=2)
        fill_outbox(branch.path, rows)
        with HeadOfficeLink(url, tokens["B100"]) as link:
            t = time.perf_counter()
            pushed = push_outbox(branch, link, BATCH, now)
            push_s = time.perf_counter() - t
        base = raw_baseline(rows, workdir)
        results.append(
            (
                f"push {pushed.sent:,} payment events, one branch, HTTP",
                f"{push_s:.1f} s ({pushed.sent / push_s:,.0f} events/s; target 30 s)",
            )
        )
        results.append(
            (
                f"  baseline: raw sqlite3 insert, {BATCH}/transaction",
                f"{base:.1f} s ({len(rows) / base:,.0f} events/s)",
            )
        )
        branch.close()
        # 3. ten branches at once
        paths = []
        for k, code in enumerate(codes[1:]):
            with Branch.create(workdir / f"{code}.db", code, f"Sucursal {code}") as b:
                paths.append(b.path)
            fill_outbox(workdir / f"{code}.db", payment_events(code, accounts, args.per_branch, seed=10 + k))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t = time.perf_counter()
        children = [
            subprocess.Popen(
                [sys.executable, "-c", PUSHER, str(p), url, tokens[code]],
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
            for p, code in zip(paths, codes[1:], strict=True)
        ]
        outs = [c.communicate()[0].split() for c in children]
        wall = time.perf_counter() - t
        total = sum(int(o[0]) for o in outs)
        slowest = max(float(o[1]) for o in outs)
        results.append(
            (
                f"{len(children)} branches pushing at once, {args.per_branch:,} events each",
                f"{wall:.1f} s wall, {total:,} events ({total / wall:,.0f} events/s), slowest branch {slowest:.1f} s",
            )
        )
    finally:
        server.terminate()
        server.wait()
    width = max(len(k) for k, _ in results)
    print()
    for key, value in results:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
