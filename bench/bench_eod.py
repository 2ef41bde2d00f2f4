"""End-of-day report benchmark: ``python bench/bench_eod.py [--payments 20000] [--customers 20000]``.

Builds a demo branch (``app.demo.loader.load_demo``: N customers with their accounts, schedules and
years of payment history up to the day before), then adds ONE business day of ``--payments`` payments
(3 cashiers, 5 methods, cash in an open drawer, 1% voided), written in bulk with ``executemany`` (the
report is measured here, not the posting; the tests post their 5,000-payment day through
``payments.take``). Then it measures, best of ``--runs``:

- building the report (``Reports.end_of_day``: the day's payments/voids/reprints, drawer sessions,
  collected versus due, the portfolio aging and the accounts to chase) and its JSON;
- writing the PDF;
- beside them, in the same run, raw ``sqlite3`` baselines: the day's totals by method and cashier, and
  the same aging SQL run on a bare connection;
- the aging computed from the ledger alone (no checkpoint: a first report, or a report of a day before
  the checkpoint), once, checked equal to the report's;
- moving the checkpoint to the day, as the CLI and the desk do after the report, and the report again.

The demo loader leaves a portfolio checkpoint at the end of the day before (as the previous evening's
report would); the report of the day then computes from the ledger only the accounts that changed since
(the day's payments, installments that fell due): see ``app.reports.portfolio_state``.

Target (issue 5): JSON and PDF of a day of 20,000 payments in at most 2 s. Nothing is timed-asserted
(the machines are shared and noisy); the figures are checked against each other.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from app import Branch  # noqa: E402
from app.clock import iso_utc  # noqa: E402
from app.demo.loader import load_demo  # noqa: E402
from app.reports import Reports, eod_json  # noqa: E402
from app.reports.day_activity import day_activity  # noqa: E402
from app.reports.dues import due_summary  # noqa: E402
from app.reports.portfolio import _AGING, portfolio_aging  # noqa: E402
from app.reports.portfolio_state import (  # noqa: E402
    _CHECKPOINT_SOURCE,
    _CLEAR,
    _IN_SCOPE,
    _PAID_FILL,
    _PAID_TAKE_BACK,
    _SCOPE_FILL,
    _STATE_FILL,
    _TEMP_TABLES,
)

DAY = date(2026, 12, 4)
METHODS = (("cash", "cash"), ("card", "card"), ("yape", "wallet"), ("plin", "wallet"), ("deposit", "deposit"))
CASHIERS = ("cajero", "cajera2", "cajero3")


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def best(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """(best wall time in ms, last result) of ``runs`` calls."""
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times), result


def add_day(path: Path, payments: int, seed: int) -> dict[str, int]:
    """Open the drawer (through the service) and bulk-write a day of payments, allocations and voids."""
    zone = ZoneInfo("America/Lima")
    clock = FixedClock(datetime.combine(DAY, dtime(8, 0), zone).astimezone(UTC))
    with Branch.open(path, clock=clock) as branch:
        cashier = branch.users.get("cajero")
        branch.drawer.open({Decimal("20"): 10}, cashier)
        branch_code, register = branch.settings.branch_code, branch.register
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    session_id = con.execute("SELECT max(id) FROM drawer_sessions").fetchone()[0]
    # Each payment goes to an active account's installment falling due around the day.
    targets = con.execute(
        "SELECT i.account_id, min(i.number), i.principal_cents, i.interest_cents FROM installments i"
        " JOIN accounts a ON a.id = i.account_id AND a.status = 'active'"
        " WHERE i.due_on >= ? GROUP BY i.account_id",
        ((DAY - timedelta(days=20)).isoformat(),),
    ).fetchall()
    start = datetime.combine(DAY, dtime(8, 30), zone)
    first_id = (con.execute("SELECT max(id) FROM payments").fetchone()[0] or 0) + 1
    rows, lines, voids = [], [], []
    for n in range(payments):
        account_id, number, principal, interest = rnd.choice(targets)
        amount = min(principal + interest, rnd.randint(1_000, 40_000))
        method, kind = rnd.choice(METHODS)
        tendered = (amount // 1000 + 1) * 1000 if kind == "cash" else None
        created = iso_utc(start + timedelta(seconds=n * 2))
        rows.append(
            (
                first_id + n,
                str(uuid.uuid4()),
                f"{branch_code}-{register}-B{n:06d}",
                account_id,
                amount,
                method,
                kind,
                tendered,
                tendered - amount if tendered else None,
                "Visa" if kind == "card" else None,
                "4242" if kind == "card" else None,
                f"A{n:05d}" if kind == "card" else None,
                f"{10_000_000 + n}" if kind in ("wallet", "deposit") else None,
                CASHIERS[n % 3],
                branch_code,
                register,
                created,
                DAY.isoformat(),
                session_id if kind == "cash" else None,
            )
        )
        paid_interest = min(interest, amount)
        lines.append((first_id + n, 1, account_id, number, 0, paid_interest, amount - paid_interest))
        if rnd.random() < 0.01:
            voids.append(
                (
                    str(uuid.uuid4()),
                    first_id + n,
                    "gerente",
                    "cajero",
                    "monto equivocado",
                    branch_code,
                    register,
                    created,
                    DAY.isoformat(),
                    session_id if kind == "cash" else None,
                )
            )
    with con:
        con.executemany(
            "INSERT INTO payments (id, uuid, receipt_no, account_id, amount_cents, method, method_kind, tendered_cents,"
            " change_cents, card_brand, card_last4, auth_code, operation_number, cashier_name, branch_code, register,"
            " created_at, business_date, drawer_session_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        con.executemany(
            "INSERT INTO payment_allocations (payment_id, line_no, account_id, installment_no, late_fee_cents,"
            " interest_cents, principal_cents) VALUES (?,?,?,?,?,?,?)",
            lines,
        )
        con.executemany(
            "INSERT INTO payment_voids (uuid, payment_id, manager_name, requested_by, reason, branch_code, register,"
            " created_at, business_date, drawer_session_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            voids,
        )
    con.close()
    return {"payments": len(rows), "voids": len(voids)}


def raw_day_totals(path: Path) -> Any:
    con = sqlite3.connect(path)
    try:
        day = DAY.isoformat()
        return (
            con.execute(
                "SELECT method, count(*), sum(amount_cents) FROM payments WHERE business_date = ? GROUP BY method",
                (day,),
            ).fetchall(),
            con.execute(
                "SELECT cashier_name, count(*), sum(amount_cents) FROM payments WHERE business_date = ?"
                " GROUP BY cashier_name",
                (day,),
            ).fetchall(),
            con.execute(
                "SELECT count(*), sum(p.amount_cents) FROM payment_voids v JOIN payments p ON p.id = v.payment_id"
                " WHERE v.business_date = ?",
                (day,),
            ).fetchall(),
        )
    finally:
        con.close()


def raw_aging(path: Path) -> Any:
    """The report's aging statements (checkpoint + the accounts that changed) on a bare connection."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA cache_size = -32000")
        con.execute("PRAGMA temp_store = MEMORY")
        for sql in (*_TEMP_TABLES, *_CLEAR):
            con.execute(sql)
        a, pm, vm, cm = con.execute(
            "SELECT as_of, payment_mark, void_mark, change_mark FROM portfolio_checkpoint"
        ).fetchone()
        d = DAY.isoformat()
        con.execute(_SCOPE_FILL, {"d": d, "a": a, "pm": pm, "vm": vm, "cm": cm})
        lines = f"AND al.account_id {_IN_SCOPE}"
        con.execute(_PAID_FILL.format(scope=lines), {"d": d})
        con.execute(_PAID_TAKE_BACK.format(scope=lines), {"d": d})
        con.execute(_STATE_FILL.format(scope=f"AND i.account_id {_IN_SCOPE}"), {"d": d})
        scope = con.execute("SELECT count(*) FROM temp.aging_scope").fetchone()[0]
        return scope, con.execute(_AGING.format(state=_CHECKPOINT_SOURCE), {"d": d, "chase": 20}).fetchall()
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--payments", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=20_000, help="portfolio size (demo customers)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the branch here and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="abono-eod-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "eod.db"
    if path.exists():
        sys.exit(f"{path} exists: choose an empty folder")
    t = time.perf_counter()
    loaded = load_demo(path, customers=args.customers, seed=args.seed, today=DAY)
    day = add_day(path, args.payments, args.seed)
    print(
        f"branch: {loaded['customers']:,} customers, {loaded['accounts']:,} accounts, "
        f"{loaded['payments']:,} history payments; day {DAY}: {day['payments']:,} payments, {day['voids']} voids "
        f"(built in {time.perf_counter() - t:.1f} s)"
    )
    clock = FixedClock(datetime.combine(DAY, dtime(20, 0), ZoneInfo("America/Lima")).astimezone(UTC))
    with Branch.open(path, clock=clock) as branch:
        reports = Reports(branch)
        manager = branch.users.get("gerente")
        cold = time.perf_counter()
        reports.end_of_day(DAY, manager)
        cold_ms = (time.perf_counter() - cold) * 1000
        report_ms, report = best(lambda: reports.end_of_day(DAY, manager), args.runs)
        json_ms, text = best(lambda: json.dumps(eod_json(report), ensure_ascii=False), args.runs)
        pdf_path = folder / "eod.pdf"
        pdf_ms, _ = best(lambda: reports.eod_pdf(report, pdf_path), args.runs)
        settings = branch.settings
        labels = {m.code: m.label_es for m in settings.payment_methods}

        def part(fn: Callable[[Session], Any]) -> float:
            def run() -> Any:
                with Session(branch.engine) as s:
                    return fn(s)

            return best(run, args.runs)[0]

        activity_ms = part(lambda s: day_activity(s, DAY, settings.branch_code, "PEN", settings.zone, labels))
        dues_ms = part(lambda s: due_summary(s, DAY, "PEN", Decimal(0)))
        aging_ms = part(lambda s: portfolio_aging(s, DAY, "PEN"))
        sessions_ms = best(lambda: branch.drawer.sessions_on(DAY), args.runs)[0]
        raw_day_ms, raw = best(lambda: raw_day_totals(path), args.runs)
        raw_aging_ms, (scope, _) = best(lambda: raw_aging(path), args.runs)
        with Session(branch.engine) as s:  # once: it reads the whole history
            t = time.perf_counter()
            ledger_aging = portfolio_aging(s, DAY, "PEN", use_checkpoint=False)
            ledger_ms = (time.perf_counter() - t) * 1000
        assert (ledger_aging.buckets, ledger_aging.chase) == (report.aging, report.chase), (
            "the checkpoint and the ledger disagree"
        )
        t = time.perf_counter()
        reports.keep_portfolio_checkpoint(DAY)  # what the CLI and the desk do after the report
        advance_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        reports.end_of_day(DAY, manager)
        after_ms = (time.perf_counter() - t) * 1000
    assert sum(r[2] for r in raw[0]) == int(report.payments.amount * 100), "the report disagrees with raw SQL"
    total = report_ms + json_ms + pdf_ms
    print()
    print(f"{'measure (best of ' + str(args.runs) + ')':<52}{'ms':>10}   raw sqlite3 baseline")
    print(
        f"{'end-of-day report data (Reports.end_of_day)':<52}{report_ms:>10.0f}   (first run {cold_ms:.0f} ms)"
    )
    print(
        f"{'  day: payments, voids, reprints by method/cashier':<52}{activity_ms:>10.0f}   {raw_day_ms:.0f} ms (3 GROUP BYs)"
    )
    print(f"{'  drawer sessions of the day':<52}{sessions_ms:>10.0f}")
    print(f"{'  collected versus due':<52}{dues_ms:>10.0f}")
    print(
        f"{'  portfolio aging + 20 to chase':<52}{aging_ms:>10.0f}   {raw_aging_ms:.0f} ms (same SQL, bare connection)"
    )
    print(
        f"{'    accounts computed from the ledger (changed since)':<52}{scope:>10,}   of {report.portfolio_accounts:,} in the portfolio"
    )
    print(
        f"{'    the same aging from the ledger alone (no checkpoint)':<52}{ledger_ms:>10.0f}   (once; same figures)"
    )
    print(f"{'JSON (eod_json + json.dumps, ' + format(len(text), ',') + ' chars)':<52}{json_ms:>10.0f}")
    print(
        f"{'PDF (' + format(pdf_path.stat().st_size, ',') + ' bytes, written atomically)':<52}{pdf_ms:>10.0f}"
    )
    print(
        f"{'TOTAL data + JSON + PDF (target 2000)':<52}{total:>10.0f}   {'OK' if total <= 2000 else 'OVER'}"
    )
    print()
    print(
        f"{'after the report: checkpoint moved to the day':<52}{advance_ms:>10.0f}   (CLI/desk, off the report)"
    )
    print(f"{'end-of-day report data again, after the move':<52}{after_ms:>10.0f}")
    print(f"\nfiles in {folder}" if args.keep else "")


if __name__ == "__main__":
    main()
