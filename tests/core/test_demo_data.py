"""Tests for ``abono demo-data`` (app.demo.loader): determinism, refusals, atomicity, users, receipts,
search, the variety of histories, and the proof that every stored allocation line is what the app's
own ledger functions compute (``account_state`` + ``allocate``) when the history is replayed."""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import shutil
import sqlite3
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.allocation import allocate
from app.branch import Branch
from app.demo import loader as demo_loader
from app.demo.accounts import MAX_TERM, HistoryPlanner, Timeline
from app.demo.loader import MAX_CUSTOMERS, load_demo
from app.demo.payments import DayWriter
from app.demo.uuids import uuid4_strings, uuid7_strings
from app.errors import InvalidInput, Refused
from app.ledger import AllocationLine, account_state
from app.payments import PaymentRequest
from app.schedule import ScheduledInstallment, add_months, build_schedule, due_dates
from app.settings import AllocationPolicy, LateFeePolicy

TODAY = date(2026, 3, 15)
SEED = 7
CUSTOMERS = 3_000
HASHED_TABLES = (
    ("customers", "id"),
    ("accounts", "id"),
    ("installments", "account_id, number"),
    ("payments", "id"),
    ("payment_allocations", "payment_id, line_no"),
    ("payment_voids", "id"),
    ("receipt_sequences", "series"),
)


def table_hashes(path: Path) -> dict[str, str]:
    """SHA-256 of every row of the demo tables, in key order."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for table, order in HASHED_TABLES:
            h = hashlib.sha256()
            for row in con.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                h.update(repr(row).encode())
            out[table] = h.hexdigest()
        return out
    finally:
        con.close()


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') "
            "AND name NOT LIKE 'sqlite_stat%' ORDER BY type, name"
        ).fetchall()
    finally:
        con.close()


def everything(path: Path) -> tuple[Any, ...]:
    """A fingerprint of the whole file's content: schema, every table's rows, the journal mode."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        rows = {
            t: con.execute(f'SELECT * FROM "{t}"').fetchall()
            for t in tables
            if not t.startswith("customer_fts")
        }
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        return (schema_of(path), rows, mode)
    finally:
        con.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    report = load_demo(path, CUSTOMERS, seed=SEED, today=TODAY)
    return path, report


@pytest.fixture(scope="module")
def db(loaded: tuple[Path, dict[str, Any]]) -> sqlite3.Connection:
    con = sqlite3.connect(loaded[0])
    yield con  # type: ignore[misc]
    con.close()


# ---- report, determinism, refusals ------------------------------------------------------------------
def test_report_matches_the_database(loaded: tuple[Path, dict[str, Any]], db: sqlite3.Connection) -> None:
    _, report = loaded
    for key, table in (
        ("customers", "customers"),
        ("accounts", "accounts"),
        ("installments", "installments"),
        ("payments", "payments"),
        ("allocations", "payment_allocations"),
        ("voids", "payment_voids"),
    ):
        assert report[key] == db.execute(f"SELECT count(*) FROM {table}").fetchone()[0], key
    assert report["customers"] == CUSTOMERS
    assert 1.1 < report["accounts"] / CUSTOMERS < 1.2  # ~15 % of customers have two accounts
    assert report["payments"] > 5 * report["accounts"]
    assert report["voids"] > 0
    assert report["users"] == {"cajero": "cajero1234", "gerente": "gerente1234"}
    assert report["seconds"] > 0 and report["today"] == TODAY.isoformat()
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_deterministic_for_a_seed(loaded: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    load_demo(again, CUSTOMERS, seed=SEED, today=TODAY)
    assert table_hashes(again) == table_hashes(loaded[0])
    other = tmp_path / "other.db"
    load_demo(other, 200, seed=SEED + 1, today=TODAY)
    assert table_hashes(other)["customers"] != table_hashes(again)["customers"]


def test_producer_process_gives_the_same_rows(tmp_path: Path) -> None:
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    a = load_demo(here, 1_500, seed=3, today=TODAY, parallel=False)
    b = load_demo(there, 1_500, seed=3, today=TODAY, parallel=True)
    assert table_hashes(here) == table_hashes(there)
    assert {k: a[k] for k in ("customers", "accounts", "installments", "payments", "voids")} == {
        k: b[k] for k in ("customers", "accounts", "installments", "payments", "voids")
    }
    assert "copy_payments" in b["phases"] and "write_payments" in a["phases"]
    assert schema_of(here) == schema_of(there)
    assert not list(tmp_path.glob(".abono-demo-*"))  # scratch files are removed


def test_refuses_a_branch_with_customers(loaded: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(loaded[0], copy)
    before = everything(copy)
    with pytest.raises(Refused) as refused:
        load_demo(copy, 10, seed=1, today=TODAY)
    assert refused.value.code == "demo_not_empty"
    assert refused.value.params["count"] == CUSTOMERS
    assert everything(copy) == before


@pytest.mark.parametrize("count", [0, -5, MAX_CUSTOMERS + 1])
def test_refuses_a_bad_count(tmp_path: Path, count: int) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(InvalidInput) as bad:
        load_demo(missing, count)
    assert bad.value.code == "demo_count_invalid"
    assert not missing.exists()
    existing = tmp_path / "empty.db"
    Branch.create(existing, "B001", "Vacia").close()
    before = everything(existing)
    with pytest.raises(InvalidInput):
        load_demo(existing, count)
    assert everything(existing) == before


@pytest.mark.parametrize("parallel", [False, True], ids=["in_process", "producer"])
def test_a_failure_leaves_no_demo_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    path = tmp_path / "fail.db"
    Branch.create(path, "DEMO", "Sucursal Demo").close()
    fresh = schema_of(path)
    calls = {"n": 0}
    original = DayWriter.add_day

    def failing(self: DayWriter, day: int, out: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 300:
            raise OSError("disk full (simulated)")
        return original(self, day, out)

    monkeypatch.setattr(DayWriter, "add_day", failing)  # a forked producer inherits the patch
    with pytest.raises((OSError, RuntimeError), match="simulated"):
        load_demo(path, 500, seed=1, today=TODAY, parallel=parallel)
    con = sqlite3.connect(path)
    try:
        for table in ("customers", "accounts", "installments", "payments", "payment_allocations"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        assert con.execute("SELECT count(*) FROM customer_fts").fetchone()[0] == 0
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()
    assert schema_of(path) == fresh  # dropped indexes and the FTS trigger are back
    assert not list(tmp_path.glob(".abono-demo-*"))
    monkeypatch.setattr(DayWriter, "add_day", original)
    report = load_demo(path, 500, seed=1, today=TODAY)  # the users exist already: reused
    assert report["customers"] == 500


def test_schema_after_a_load_is_the_migrations(loaded: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    Branch.create(fresh, "DEMO", "Sucursal Demo").close()
    assert schema_of(loaded[0]) == schema_of(fresh)


# ---- users, audit, outbox ---------------------------------------------------------------------------
def test_demo_users_log_in_with_the_printed_passwords(loaded: tuple[Path, dict[str, Any]]) -> None:
    path, report = loaded
    with Branch.open(path) as branch:
        cajero = branch.users.login("cajero", report["users"]["cajero"])
        gerente = branch.users.login("gerente", report["users"]["gerente"])
    assert cajero.role == "cashier" and gerente.role == "manager"


def test_history_writes_no_outbox_and_no_audit(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    actions = Counter(r[0] for r in db.execute("SELECT action FROM audit_log"))
    assert actions == {"settings_change": 1, "user_add": 2}
    cashier = db.execute("SELECT id FROM users WHERE username = 'cajero'").fetchone()[0]
    assert db.execute(
        "SELECT count(*) FROM payments WHERE cashier_id <> ? OR cashier_name <> 'cajero' "
        "OR branch_code <> 'DEMO' OR register <> '01'",
        (cashier,),
    ).fetchone() == (0,)
    assert {r[0] for r in db.execute("SELECT DISTINCT manager_name FROM payment_voids")} == {"gerente"}


# ---- the ledger: schedules and allocations replayed through the app's functions ---------------------
def _history(db: sqlite3.Connection) -> dict[str, Any]:
    accounts = db.execute(
        "SELECT id, account_no, principal_cents, rate_bp, term, opened_on, credit_limit_cents, status "
        "FROM accounts ORDER BY id"
    ).fetchall()
    installments: dict[int, list[ScheduledInstallment]] = defaultdict(list)
    for acc, number, due, principal, interest in db.execute(
        "SELECT account_id, number, due_on, principal_cents, interest_cents FROM installments "
        "ORDER BY account_id, number"
    ):
        installments[acc].append(ScheduledInstallment(number, date.fromisoformat(due), principal, interest))
    lines: dict[int, list[AllocationLine]] = defaultdict(list)
    for pid, inst, fee, interest, principal in db.execute(
        "SELECT payment_id, installment_no, late_fee_cents, interest_cents, principal_cents "
        "FROM payment_allocations ORDER BY payment_id, line_no"
    ):
        lines[pid].append(AllocationLine(inst, fee, interest, principal))
    payments: dict[int, list[tuple[int, int, date]]] = defaultdict(list)
    for pid, acc, amount, day in db.execute(
        "SELECT id, account_id, amount_cents, business_date FROM payments ORDER BY id"
    ):
        payments[acc].append((pid, amount, date.fromisoformat(day)))
    voided = {r[0] for r in db.execute("SELECT payment_id FROM payment_voids")}
    return {
        "accounts": accounts,
        "installments": installments,
        "lines": lines,
        "payments": payments,
        "voided": voided,
    }


@pytest.fixture(scope="module")
def history(db: sqlite3.Connection) -> dict[str, Any]:
    return _history(db)


def _replay(history: dict[str, Any], account: tuple[Any, ...]) -> tuple[list[AllocationLine], int]:
    """Replay one account's payments through account_state + allocate; return the valid lines and
    the number of payments checked. Fails on the first difference."""
    acc_id, _, principal, rate, term, opened, limit, _ = account
    schedule = history["installments"][acc_id]
    assert schedule == build_schedule(principal, rate, term, add_months(date.fromisoformat(opened), 1))
    assert limit >= principal
    valid: list[AllocationLine] = []
    for pid, amount, day in history["payments"][acc_id]:
        state = account_state(schedule, valid, day, LateFeePolicy())
        expected = allocate(state, amount, AllocationPolicy())
        assert history["lines"][pid] == expected, (acc_id, pid, day)
        if pid not in history["voided"]:
            valid += [
                AllocationLine(x.installment_no, x.late_fee_cents, x.interest_cents, x.principal_cents, day)
                for x in history["lines"][pid]
            ]
    return valid, len(history["payments"][acc_id])


def test_every_allocation_is_what_the_app_computes(history: dict[str, Any]) -> None:
    checked = 0
    for account in history["accounts"]:  # every account of the 3,000-customer load (~3,450)
        _, count = _replay(history, account)
        checked += count
    assert checked == sum(len(p) for p in history["payments"].values()) > 20_000


def test_account_balances_follow_the_ledger(
    loaded: tuple[Path, dict[str, Any]], history: dict[str, Any]
) -> None:
    sample = random.Random(5).sample(history["accounts"], 300)
    with Branch.open(loaded[0]) as branch:
        for account in sample:
            valid, _ = _replay(history, account)
            view = branch.accounts.get(account[1], as_of=TODAY)
            scheduled = sum(i.amount_cents for i in history["installments"][account[0]])
            paid = sum(x.principal_cents + x.interest_cents for x in valid)
            fees = int(view.late_fees * 100)
            assert int(view.balance * 100) == scheduled + fees - paid, account[1]
            state = account_state(history["installments"][account[0]], valid, TODAY, LateFeePolicy())
            assert int(view.balance * 100) == state.balance_cents
            assert view.days_past_due == state.days_past_due


def test_all_kinds_of_history_occur(history: dict[str, Any]) -> None:
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for account in history["accounts"]:
        valid, _ = _replay(history, account)
        state = account_state(history["installments"][account[0]], valid, TODAY, LateFeePolicy())
        statuses[account[7]] += 1
        if state.balance_cents <= 0:
            kinds["paid_off"] += 1
        elif state.days_past_due == 0:
            kinds["current"] += 1
        elif state.days_past_due <= 30:
            kinds["1-30"] += 1
        elif state.days_past_due >= 90:
            kinds["90+"] += 1
        else:
            kinds["31-89"] += 1
    total = len(history["accounts"])
    for kind in ("paid_off", "current", "1-30", "90+"):
        assert kinds[kind] > total * 0.03, kinds
    assert statuses["written_off"] > 0 and statuses["active"] > total * 0.9
    all_lines = [line for lines in history["lines"].values() for line in lines]
    assert sum(1 for x in all_lines if x.late_fee_cents) > 0.05 * len(all_lines)  # late payers pay fees
    assert sum(1 for x in all_lines if x.late_fee_cents) < 0.5 * len(all_lines)
    multi = Counter(len(lines) for lines in history["lines"].values())
    assert multi[1] > 0 and multi[2] > 0 and max(multi) > 2  # single, double and payoff payments
    # some installments were paid in two parts
    per_installment = Counter(
        (pid_acc, x.installment_no)
        for acc, pays in history["payments"].items()
        for pid, _, _ in pays
        if pid not in history["voided"]
        for pid_acc in (acc,)
        for x in history["lines"][pid]
    )
    assert any(n == 2 for n in per_installment.values())


def test_dates_and_times_are_consistent(db: sqlite3.Connection) -> None:
    bad_order = db.execute(
        "SELECT count(*) FROM payments p JOIN accounts a ON a.id = p.account_id "
        "WHERE p.business_date <= a.opened_on OR p.business_date >= ?",
        (TODAY.isoformat(),),
    ).fetchone()[0]
    assert bad_order == 0
    assert db.execute("SELECT max(opened_on) < ? FROM accounts", (TODAY.isoformat(),)).fetchone()[0] == 1
    oldest = date.fromisoformat(db.execute("SELECT min(opened_on) FROM accounts").fetchone()[0])
    assert 800 < (TODAY - oldest).days <= 915  # about 30 months of history
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
    for created, day in db.execute(
        "SELECT created_at, business_date FROM payments ORDER BY random() LIMIT 2000"
    ):
        assert stamp.match(created)
        moment = datetime.strptime(created, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        local = moment.astimezone(__import__("zoneinfo").ZoneInfo("America/Lima"))
        assert local.date().isoformat() == day
        assert 9 <= local.hour < 19
    # a customer exists before its accounts, an account before its payments
    assert (
        db.execute(
            "SELECT count(*) FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.created_at < c.created_at"
        ).fetchone()[0]
        == 0
    )


def test_voids_are_consistent(db: sqlite3.Connection, history: dict[str, Any]) -> None:
    rows = db.execute(
        "SELECT p.id, p.account_id, p.amount_cents, p.created_at, p.business_date, v.created_at, "
        "v.business_date, v.reason, v.requested_by FROM payment_voids v JOIN payments p ON p.id = v.payment_id"
    ).fetchall()
    assert rows
    for pid, acc, amount, created, day, void_created, void_day, reason, requested_by in rows:
        assert void_created > created and void_day == day and reason.strip() and requested_by == "cajero"
        # the payment was taken again after the void, the same day, for the same amount
        again = next(p for p in history["payments"][acc] if p[0] > pid)
        assert again[1] == amount and again[2].isoformat() == day
        assert (
            db.execute("SELECT created_at FROM payments WHERE id = ?", (again[0],)).fetchone()[0]
            > void_created
        )


# ---- receipts and payment details -------------------------------------------------------------------
def test_receipt_numbers_are_gap_free_in_time_order(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT id, receipt_no, created_at FROM payments ORDER BY id").fetchall()
    assert [r[1] for r in rows] == [f"DEMO-01-{n:06d}" for n in range(1, len(rows) + 1)]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert all(a[2] < b[2] for a, b in itertools.pairwise(rows))
    assert db.execute("SELECT series, last_no FROM receipt_sequences").fetchall() == [("DEMO-01", len(rows))]


def test_the_next_real_payment_continues_the_sequence(tmp_path: Path) -> None:
    path = tmp_path / "next.db"
    report = load_demo(path, 300, seed=2, today=TODAY)
    clock = lambda: datetime(2026, 3, 15, 16, 30, tzinfo=UTC)  # noqa: E731  (11:30 in Lima, TODAY)
    with Branch.open(path, clock=clock) as branch:
        cajero = branch.users.login("cajero", report["users"]["cajero"])
        con = sqlite3.connect(path)
        numbers = [r[0] for r in con.execute("SELECT account_no FROM accounts ORDER BY id")]
        con.close()
        account = next(n for n in numbers if branch.accounts.get(n).payoff_amount >= Decimal("10.00"))
        record = branch.payments.take(
            PaymentRequest(account, Decimal("10.00"), "yape", operation_number="55501234"), cajero
        )
    assert record.receipt_no == f"DEMO-01-{report['payments'] + 1:06d}"


def test_payment_methods_and_their_details(db: sqlite3.Connection) -> None:
    methods = Counter(r[0] for r in db.execute("SELECT method FROM payments"))
    total = sum(methods.values())
    assert set(methods) == {"cash", "yape", "plin", "card", "deposit"}
    assert 0.5 < methods["cash"] / total < 0.7
    assert 0.12 < (methods["yape"] + methods["plin"]) / total < 0.28
    for method, kind, amount, tendered, change, brand, last4, auth, operation in db.execute(
        "SELECT method, method_kind, amount_cents, tendered_cents, change_cents, card_brand, card_last4, "
        "auth_code, operation_number FROM payments"
    ):
        if kind == "cash":
            assert tendered >= amount and change == tendered - amount and brand is operation is None
        elif kind == "card":
            assert brand in ("Visa", "Mastercard", "Amex", "Diners")
            assert re.fullmatch(r"\d{4}", last4) and re.fullmatch(r"[A-Z0-9]{6}", auth)
            assert tendered is change is operation is None
        else:
            assert kind == ("wallet" if method in ("yape", "plin") else "deposit")
            assert re.fullmatch(r"\d{7,9}", operation) and tendered is brand is None


def test_some_cash_is_paid_with_a_bigger_note(db: sqlite3.Connection) -> None:
    with_change = db.execute("SELECT count(*) FROM payments WHERE change_cents > 0").fetchone()[0]
    assert with_change > 0


# ---- search -----------------------------------------------------------------------------------------
def test_search_finds_demo_customers(loaded: tuple[Path, dict[str, Any]], db: sqlite3.Connection) -> None:
    doc_type, doc, first, last = db.execute(
        "SELECT doc_type, doc_number, first_names, last_names FROM customers WHERE id = 1234"
    ).fetchone()
    with Branch.open(loaded[0]) as branch:
        quispe = branch.customers.search("quispe", limit=20, as_of=TODAY)
        assert quispe and all("quispe" in m.name.lower() for m in quispe)
        by_doc = branch.customers.search(doc, as_of=TODAY)
        assert by_doc[0].doc_number == doc and by_doc[0].doc_type == doc_type
        assert by_doc[0].name == f"{first} {last}" and by_doc[0].accounts
        accent = branch.customers.search("nunez", limit=5, as_of=TODAY)
        assert not accent or all("núñez" in m.name.lower() or "nunez" in m.name.lower() for m in accent)


# ---- building blocks --------------------------------------------------------------------------------
def test_uuid_block_equals_the_uuid_module() -> None:
    for seed in range(4):
        a, b = random.Random(seed), random.Random(seed)
        fast = uuid4_strings(a, 1_000 + seed)
        slow = [str(uuid.UUID(int=b.getrandbits(128), version=4)) for _ in range(1_000 + seed)]
        assert fast == slow
        assert a.random() == b.random()  # the generator is left in the same state
    assert uuid4_strings(random.Random(1), 0) == []


def test_uuid7_block_is_time_ordered() -> None:
    millis = [1_700_000_000_000 + k // 3 for k in range(3_000)]
    texts = uuid7_strings(random.Random(9), millis)
    assert len(set(texts)) == len(texts)
    for text, ms in zip(texts, millis, strict=True):
        value = uuid.UUID(text)
        assert value.version == 7 and value.variant == uuid.RFC_4122
        assert value.int >> 80 == ms
    assert [t[:13] for t in texts] == sorted(t[:13] for t in texts)


def test_payment_uuids_carry_their_time(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT uuid, created_at FROM payments ORDER BY id").fetchall()
    for text, created in rows[:: max(1, len(rows) // 2_000)]:
        moment = datetime.strptime(created, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        assert uuid.UUID(text).int >> 80 == (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
            milliseconds=1
        )
    for (text,) in db.execute("SELECT uuid FROM customers UNION ALL SELECT uuid FROM accounts LIMIT 500"):
        assert uuid.UUID(text).version == 4


def test_cached_due_dates_equal_the_schedule_module() -> None:
    planner = HistoryPlanner(1, Timeline(TODAY, __import__("zoneinfo").ZoneInfo("America/Lima")), 3)
    for opened in (date(2024, 1, 31), date(2024, 2, 29), date(2025, 8, 30), date(2025, 12, 15)):
        first = planner.first_due(opened.toordinal())
        assert first == add_months(opened, 1).toordinal()
        expected = due_dates(date.fromordinal(first), MAX_TERM)
        assert [date.fromordinal(d) for d in planner.due_dates(first)] == expected


def test_refuses_policies_it_cannot_follow(tmp_path: Path) -> None:
    path = tmp_path / "policy.db"
    branch = Branch.create(path, "B002", "Otra")
    settings = branch.settings
    branch.update_settings(settings.with_changes(allocation=AllocationPolicy(mode="component")), "test")
    branch.close()
    with pytest.raises(InvalidInput) as bad:
        load_demo(path, 10, today=TODAY)
    assert bad.value.params["field"] == "allocation"
    assert demo_loader.MAX_CUSTOMERS == 3_000_000
