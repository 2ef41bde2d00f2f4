"""Branch-core benchmarks: ``python bench/run.py [--customers N] [--reuse]``.

Builds (or reuses) a demo branch of N customers with ``abono demo-data`` in a child process, then in
this process opens it with ``Branch.open`` and measures, next to the equivalent raw-``sqlite3`` work on
the same file in the same run:

- customer search p50/p95 by name words, document number, phone and account number;
- account view p95;
- taking a payment p95 and throughput (synchronous=FULL, WAL);
- the demo-data load time and this process's RSS with the database open.

It prints a table with the targets of issue 2; it asserts nothing (these machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import Branch  # noqa: E402
from app.payments import PaymentRequest  # noqa: E402


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], runs: list[object]) -> list[float]:
    out = []
    for arg in runs:
        t = time.perf_counter()
        fn(arg)  # type: ignore[call-arg]
        out.append((time.perf_counter() - t) * 1000)
    return out


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB, from /proc."""
    fields = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                k, v = line.split(":")
                fields[k] = int(v.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def build(db: Path, customers: int, seed: int) -> float:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    t = time.perf_counter()
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            str(db),
            "demo-data",
            "--customers",
            str(customers),
            "--seed",
            str(seed),
        ],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        sys.exit(f"demo-data failed: {r.stderr}")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--payments", type=int, default=300)
    ap.add_argument("--reuse", action="store_true", help="reuse bench/out/bench-N.db if it exists")
    args = ap.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    db = out / f"bench-{args.customers}.db"
    load_s = None
    if not (args.reuse and db.exists()):
        print(f"building {args.customers:,} customers ...", flush=True)
        load_s = build(db, args.customers, args.seed)
    size_mb = db.stat().st_size / 1e6
    rng = random.Random(42)

    raw = sqlite3.connect(db)
    raw.execute("PRAGMA cache_size=-32000")
    n_customers = raw.execute("SELECT max(id) FROM customers").fetchone()[0]
    sample_ids = [rng.randint(1, n_customers) for _ in range(args.queries)]
    people = [
        raw.execute(
            "SELECT first_names, last_names, doc_number, phone FROM customers WHERE id=?", (i,)
        ).fetchone()
        for i in sample_ids
    ]
    accounts = [
        r[0]
        for r in raw.execute(
            f"SELECT account_no FROM accounts WHERE customer_id IN ({','.join('?' * len(sample_ids))})",
            sample_ids,
        )
    ][: args.queries]
    # What a cashier types: a surname and the start of a given name ("quispe mar"), or two surnames.
    name_queries = []
    for first, last, _, _ in people:
        surnames = last.split()
        if rng.random() < 0.5:
            name_queries.append(f"{surnames[0].lower()} {first.split()[0][:3].lower()}")
        else:
            name_queries.append(" ".join(s.lower() for s in surnames))
    docs = [p[2] for p in people]
    phones = [p[3] for p in people if p[3]]

    branch = Branch.open(db)
    search = branch.customers.search
    # warm both paths once
    for q in name_queries[:20]:
        search(q)

    from app.customers import _WORD, fts_query

    def raw_name(q: str) -> object:
        words = [w.lower() for w in _WORD.findall(q)]
        ids = [
            r[0]
            for r in raw.execute(
                "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? ORDER BY rank LIMIT 20",
                (fts_query(words),),
            )
        ]
        return raw.execute(
            f"SELECT first_names, last_names FROM customers WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()

    def raw_doc(d: str) -> object:
        return raw.execute(
            "SELECT id, first_names, last_names FROM customers WHERE doc_number=?", (d,)
        ).fetchall()

    def raw_phone(p: str) -> object:
        return raw.execute("SELECT id, first_names, last_names FROM customers WHERE phone=?", (p,)).fetchall()

    def raw_account_lookup(a: str) -> object:
        return raw.execute(
            "SELECT c.id FROM accounts a JOIN customers c ON c.id=a.customer_id WHERE a.account_no=?", (a,)
        ).fetchall()

    def raw_account_view(a: str) -> object:
        (acc_id,) = raw.execute("SELECT id FROM accounts WHERE account_no=?", (a,)).fetchone()
        raw.execute("SELECT * FROM installments WHERE account_id=?", (acc_id,)).fetchall()
        raw.execute(
            "SELECT a.* FROM payments p JOIN payment_allocations a ON a.payment_id=p.id WHERE p.account_id=? "
            "AND NOT EXISTS (SELECT 1 FROM payment_voids v WHERE v.payment_id=p.id)",
            (acc_id,),
        ).fetchall()
        return raw.execute("SELECT * FROM payments WHERE account_id=?", (acc_id,)).fetchall()

    rows: list[tuple[str, float, float, float | None, str]] = []

    def measure(
        label: str,
        ours: Callable[[str], object],
        base: Callable[[str], object],
        inputs: list[str],
        target: str,
    ) -> None:
        for q in inputs[:10]:
            ours(q), base(q)
        a = timed(ours, inputs)  # type: ignore[arg-type]
        b = timed(base, inputs)  # type: ignore[arg-type]
        rows.append((label, statistics.median(a), pct(a, 95), pct(b, 95), target))
        print(
            f"  {label}: p50 {statistics.median(a):.2f} ms, p95 {pct(a, 95):.2f} ms (raw p95 {pct(b, 95):.2f} ms)",
            flush=True,
        )

    print("measuring ...", flush=True)
    measure("search by name words", search, raw_name, name_queries, "p95 <= 30 ms and <= 2x raw")
    measure("search by document", search, raw_doc, docs, "p95 <= 2 ms")
    measure("search by phone", search, raw_phone, phones, "p95 <= 2 ms")
    measure("search by account number", search, raw_account_lookup, accounts, "p95 <= 2 ms")
    measure("account view", branch.accounts.get, raw_account_view, accounts, "p95 <= 10 ms")

    # Payments: small cash payments on accounts that still owe something; raw baseline is a comparable
    # INSERT + COMMIT with synchronous=FULL in WAL on a scratch file in the same folder.
    owing = [a for a in accounts if branch.accounts.get(a).payoff_amount >= Decimal("5.00")][: args.payments]
    cashier = branch.users.login("cajero", "cajero1234")
    if not branch.drawer.is_open():  # cash needs the register's drawer open
        branch.drawer.open({Decimal("100"): 1}, cashier)
    pay_ms = []
    t0 = time.perf_counter()
    for a in owing:
        t = time.perf_counter()
        branch.payments.take(PaymentRequest(a, Decimal("1.00"), "cash", tendered=Decimal("2.00")), cashier)
        pay_ms.append((time.perf_counter() - t) * 1000)
    throughput = len(owing) / (time.perf_counter() - t0)
    scratch = out / "scratch-baseline.db"
    for p in out.glob("scratch-baseline.db*"):
        p.unlink()
    sc = sqlite3.connect(scratch, isolation_level=None)
    sc.execute("PRAGMA journal_mode=WAL")
    sc.execute("PRAGMA synchronous=FULL")
    sc.execute(
        "CREATE TABLE p (id INTEGER PRIMARY KEY, uuid TEXT UNIQUE, receipt TEXT UNIQUE, account INT, amount INT, at TEXT)"
    )
    base_ms = []
    for i in range(len(owing)):
        t = time.perf_counter()
        sc.execute("BEGIN IMMEDIATE")
        sc.execute(
            "INSERT INTO p (uuid, receipt, account, amount, at) VALUES (?, ?, ?, ?, ?)",
            (os.urandom(16).hex(), f"R{i:06d}", i, 100, "x"),
        )
        sc.execute("COMMIT")
        base_ms.append((time.perf_counter() - t) * 1000)
    sc.close()
    rows.append(
        ("take a payment", statistics.median(pay_ms), pct(pay_ms, 95), pct(base_ms, 95), "p95 <= 25 ms")
    )
    cur_rss, peak_rss = rss_mb()
    branch.close()

    print()
    print(
        f"Abono branch-core benchmark: {args.customers:,} customers, database {size_mb:,.0f} MB, "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"{'measure':<28} {'abono p50':>10} {'abono p95':>10} {'raw p95':>9} {'ratio':>6}  target")
    for label, p50, p95, base95, target in rows:
        ratio = p95 / base95 if base95 else float("nan")
        print(f"{label:<28} {p50:>8.2f}ms {p95:>8.2f}ms {base95:>7.2f}ms {ratio:>5.1f}x  {target}")
    print(f"{'payment throughput':<28} {throughput:>8.0f}/s   (one at a time, each committed with fsync)")
    if load_s is not None:
        print(f"{'demo-data load':<28} {load_s:>8.1f} s   target: 1M customers <= 180 s")
    print(
        f"{'RSS with the database open':<28} {cur_rss:>8.0f} MB  (peak {peak_rss:.0f} MB)  target <= 250 MB"
    )


if __name__ == "__main__":
    main()
