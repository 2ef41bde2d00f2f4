"""Time ``abono demo-data``: ``python bench/bench_demo.py --customers 1000000 [--seed 1] [--db PATH]``.

Loads a new demo branch (into a temporary directory unless ``--db`` names a file that does not exist
yet) and prints the seconds per phase, the rows per table, the file size and the peak memory of this
process and of its children (the producer process). ``--in-process`` forbids the producer process.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.demo.loader import load_demo

TABLES = (
    "customers",
    "accounts",
    "installments",
    "payments",
    "payment_allocations",
    "payment_voids",
    "customer_fts",
    "users",
    "audit_log",
    "outbox",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="where to create the branch (default: a temporary file)")
    parser.add_argument("--today", type=date.fromisoformat, help="the history's today (default: today)")
    parser.add_argument("--in-process", action="store_true", help="no producer process")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="abono-bench-") as tmp:
        path = args.db or Path(tmp) / "demo.db"
        if path.exists():
            parser.error(f"{path} exists: demo data goes into a new file")
        started = time.perf_counter()

        def progress(text: str) -> None:
            if not args.quiet:
                print(f"  [{time.perf_counter() - started:7.1f} s] {text}", flush=True)

        report = load_demo(
            path,
            args.customers,
            seed=args.seed,
            progress=progress,
            today=args.today,
            parallel=False if args.in_process else None,
        )
        wall = time.perf_counter() - started
        print(f"\ndemo-data --customers {args.customers:,} --seed {args.seed}: {wall:.1f} s wall")
        print("phases (seconds, in the loading process):")
        for name, seconds in report["phases"].items():
            print(f"  {name:<26}{seconds:9.1f}")
        con = sqlite3.connect(path)
        print("rows:")
        for table in TABLES:
            count = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            print(f"  {table:<26}{count:>12,}")
        con.close()
        size = path.stat().st_size
        print(f"file: {size / 1e6:,.0f} MB ({size / max(args.customers, 1):,.0f} bytes per customer)")
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            f"peak memory: {own.ru_maxrss / 1024:,.0f} MB (loader), {children.ru_maxrss / 1024:,.0f} MB "
            f"(producer); CPU: {own.ru_utime + own.ru_stime:.1f} s + {children.ru_utime + children.ru_stime:.1f} s"
        )


if __name__ == "__main__":
    main()
