"""Pull: the head office change feed into the branch, page by page, each page in one transaction.

Contract of :func:`pull_feed`: pages after the saved cursor are fetched and each is applied in ONE
write transaction that also saves the page's ``next_cursor``, so a crash leaves either the whole page
and its cursor or neither. Applying is idempotent (everything is keyed by UUID): customers and accounts
are upserted (an account's schedule is replaced by head office's); payments and voids made at OTHER
branches are inserted with their own receipt number, branch, register and cashier name (``cashier_id``
NULL) unless a row with that UUID is already there, and never produce outbox rows. The branch's own
payments coming back are skipped. A change that cannot be applied (a payment on an account this branch
does not have) is recorded in ``sync_refusals`` and skipped. If another process moved the cursor while
a page was in flight, the page is dropped and fetched again from the new cursor.

A local customer or account created at the branch (CSV import) that head office also has under the
same document or account number takes head office's UUID: head office is the master.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import InvalidOperation
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from app.branch import Branch
from app.headoffice.payloads import InvalidEvent, PaymentFacts, VoidFacts, parse_payment, parse_void
from app.headoffice.schedules import Row, schedule_rows, schedule_total
from app.money import minor_digits
from app.storage import bulk_write
from app.storage.models import SyncRefusal
from app.sync import state
from app.sync.errors import SyncError
from app.sync.transport import HeadOfficeLink

IN_CHUNK = 900
STATUSES = ("active", "closed", "written_off")


@dataclass
class PullCounts:
    customers: int = 0
    accounts: int = 0
    payments: int = 0
    voids: int = 0
    skipped: int = 0
    pages: int = 0
    refusals: list[dict[str, Any]] = field(default_factory=list)


def pull_feed(
    branch: Branch, link: HeadOfficeLink, page_size: int, now: Callable[[], str]
) -> tuple[PullCounts, int]:
    """Apply every page after the saved cursor; returns (counts, the cursor reached).

    The next page is fetched (on a helper thread) while the current one is applied: the network and
    head office work while the branch writes. Pages are still applied strictly in order."""
    counts = PullCounts()
    with Session(branch.engine) as s:
        cursor = int(state.get_value(s, "cursor") or 0)
    # The first pull brings every customer, account and schedule: indexes that cost more to keep up
    # row by row than to build once are set aside meanwhile (app.storage.bulk_write).
    with bulk_write.set_aside(branch.engine) if cursor == 0 else nullcontext():
        return _pull_pages(branch, link, page_size, now, counts, cursor)


def _pull_pages(
    branch: Branch,
    link: HeadOfficeLink,
    page_size: int,
    now: Callable[[], str],
    counts: PullCounts,
    cursor: int,
) -> tuple[PullCounts, int]:
    with ThreadPoolExecutor(1, thread_name_prefix="abono-pull") as fetcher:
        upcoming: Future[dict[str, Any]] | None = fetcher.submit(link.changes, cursor, page_size)
        while upcoming is not None:
            changes, next_cursor, has_more = _check_page(upcoming.result(), cursor)
            upcoming = fetcher.submit(link.changes, next_cursor, page_size) if has_more else None
            with Session(branch.write_engine) as s, s.begin():
                saved = int(state.get_value(s, "cursor") or 0)
                if saved != cursor:  # another process applied pages meanwhile: go on from where it got
                    cursor = saved
                    if upcoming is not None:
                        upcoming.cancel()
                    upcoming = fetcher.submit(link.changes, cursor, page_size)
                    continue
                counts.refusals = []
                _apply(s.connection(), changes, branch.settings.branch_code, counts)
                if counts.refusals:
                    at = now()
                    s.execute(
                        insert(SyncRefusal).on_conflict_do_nothing(),
                        [{**r, "direction": "pull", "created_at": at} for r in counts.refusals],
                    )
                state.set_value(s, "cursor", str(next_cursor))
            counts.pages += 1
            cursor = next_cursor
    return counts, cursor


def _check_page(page: dict[str, Any], cursor: int) -> tuple[list[dict[str, Any]], int, bool]:
    changes = page.get("changes")
    next_cursor = page.get("next_cursor")
    if (
        page.get("after") != cursor
        or not isinstance(changes, list)
        or not isinstance(next_cursor, int)
        or next_cursor < cursor
    ):
        raise SyncError("sync_protocol", detail=f"feed page does not follow cursor {cursor}")
    return changes, next_cursor, bool(page.get("has_more"))


def _apply(conn: Connection, changes: Sequence[dict[str, Any]], own: str, counts: PullCounts) -> None:
    groups: dict[str, list[dict[str, Any]]] = {"customer": [], "account": [], "payment": [], "void": []}
    for change in changes:
        kind, data = change.get("kind"), change.get("data")
        if kind not in groups or not isinstance(data, dict):
            raise SyncError("sync_protocol", detail=f"unknown change {kind!r} at seq {change.get('seq')}")
        groups[kind].append(data)
    try:
        _customers(conn, groups["customer"], counts)
        _accounts(conn, groups["account"], counts)
        _payments(conn, [parse_payment(d) for d in groups["payment"]], own, counts)
        _voids(conn, [parse_void(d) for d in groups["void"]], own, counts)
    except (KeyError, TypeError, ValueError, InvalidOperation, InvalidEvent) as e:
        raise SyncError("sync_protocol", detail=f"{type(e).__name__}: {e}"[:300]) from None


def _select_in(conn: Connection, sql: str, keys: Sequence[Any]) -> list[Any]:
    """Rows of ``sql`` (with ``IN ({keys})``) for ``keys``, in chunks."""
    out: list[Any] = []
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), IN_CHUNK):
        chunk = unique[start : start + IN_CHUNK]
        out.extend(conn.exec_driver_sql(sql.format(keys=",".join("?" * len(chunk))), tuple(chunk)).fetchall())
    return out


def _cents(value: str, currency: str) -> int:
    """Cents of a money string from the feed ("123.45"); ``ValueError`` for anything else."""
    places = minor_digits(currency)
    whole, dot, frac = value.partition(".")
    if whole.isdigit() and (not dot or (frac.isdigit() and len(frac) <= places)):
        return int(whole) * int(10**places) + (int(frac.ljust(places, "0")) if frac else 0)
    raise ValueError(f"bad amount {value!r}")


def _refuse(counts: PullCounts, uuid: str, reason: str, detail: str) -> None:
    counts.skipped += 1
    counts.refusals.append({"event_uuid": uuid[:36], "reason": reason, "detail": detail})


def _customers(conn: Connection, items: list[dict[str, Any]], counts: PullCounts) -> None:
    if not items:
        return
    local = {
        (t, n): (i, u)
        for i, u, t, n in _select_in(
            conn,
            "SELECT id, uuid, doc_type, doc_number FROM customers WHERE doc_number IN ({keys})",
            [c["doc_number"] for c in items],
        )
    }
    present = {
        u
        for (u,) in _select_in(
            conn, "SELECT uuid FROM customers WHERE uuid IN ({keys})", [c["customer_id"] for c in items]
        )
    }
    rows = []
    for c in items:
        mine = local.get((c["doc_type"], c["doc_number"]))
        if mine is not None and mine[1] != c["customer_id"]:
            if c["customer_id"] in present:
                _refuse(counts, c["customer_id"], "customer_conflict", f"{c['doc_type']} {c['doc_number']}")
                continue
            conn.exec_driver_sql("UPDATE customers SET uuid = ? WHERE id = ?", (c["customer_id"], mine[0]))
        rows.append(
            (
                c["customer_id"], c["doc_type"], c["doc_number"], c["first_names"], c["last_names"],
                c.get("phone"), c.get("phone2"), c.get("address") or "", c["created_at"],
            )
        )  # fmt: skip
    if not rows:
        return
    conn.exec_driver_sql(
        "INSERT INTO customers (uuid, doc_type, doc_number, first_names, last_names, phone, phone2, address, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO UPDATE SET "
        "doc_type = excluded.doc_type, doc_number = excluded.doc_number, first_names = excluded.first_names, "
        "last_names = excluded.last_names, phone = excluded.phone, phone2 = excluded.phone2, "
        "address = excluded.address",
        rows,
    )
    counts.customers += len(rows)


def _accounts(conn: Connection, items: list[dict[str, Any]], counts: PullCounts) -> None:
    if not items:
        return
    owners = dict(
        _select_in(
            conn, "SELECT uuid, id FROM customers WHERE uuid IN ({keys})", [a["customer_id"] for a in items]
        )
    )
    by_no = {
        n: (i, u)
        for n, i, u in _select_in(
            conn,
            "SELECT account_no, id, uuid FROM accounts WHERE account_no IN ({keys})",
            [a["account_no"] for a in items],
        )
    }
    present = {
        u
        for (u,) in _select_in(
            conn, "SELECT uuid FROM accounts WHERE uuid IN ({keys})", [a["account_id"] for a in items]
        )
    }
    rows = []
    kept = []
    for a in items:
        if a["customer_id"] not in owners:
            _refuse(counts, a["account_id"], "unknown_customer", f"account {a['account_no']}")
            continue
        if a["status"] not in STATUSES:
            raise ValueError(f"account status {a['status']!r}")
        mine = by_no.get(a["account_no"])
        if mine is not None and mine[1] != a["account_id"]:
            if a["account_id"] in present:
                _refuse(counts, a["account_id"], "account_conflict", f"account {a['account_no']}")
                continue
            conn.exec_driver_sql("UPDATE accounts SET uuid = ? WHERE id = ?", (a["account_id"], mine[0]))
            present.add(a["account_id"])
        cur = a.get("currency", "PEN")
        rows.append(
            (
                a["account_id"], a["account_no"], owners[a["customer_id"]], a.get("description") or "",
                _cents(a["principal"], cur), int(a["monthly_rate_bp"]), int(a["term"]), a["frequency"],
                a["opened_on"], _cents(a["credit_limit"], cur), a["status"], a["created_at"],
            )
        )  # fmt: skip
        kept.append(a)
    if not rows:
        return
    conn.exec_driver_sql(
        "INSERT INTO accounts (uuid, account_no, customer_id, description, principal_cents, rate_bp, term, "
        "frequency, opened_on, credit_limit_cents, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (uuid) DO UPDATE SET account_no = excluded.account_no, customer_id = excluded.customer_id, "
        "description = excluded.description, principal_cents = excluded.principal_cents, "
        "rate_bp = excluded.rate_bp, term = excluded.term, frequency = excluded.frequency, "
        "opened_on = excluded.opened_on, credit_limit_cents = excluded.credit_limit_cents, status = excluded.status",
        rows,
    )
    ids = dict(
        _select_in(
            conn, "SELECT uuid, id FROM accounts WHERE uuid IN ({keys})", [a["account_id"] for a in kept]
        )
    )
    replaced = [(ids[u],) for u in present if u in ids]
    if replaced:
        conn.exec_driver_sql("DELETE FROM installments WHERE account_id = ?", replaced)
    installments: list[tuple[Any, ...]] = []
    for a, row in zip(kept, rows, strict=True):
        account_id = ids[a["account_id"]]
        installments.extend((account_id, *inst) for inst in _schedule(a, row[4], row[5], row[6], row[7]))
    if installments:
        conn.exec_driver_sql(
            "INSERT INTO installments (account_id, number, due_on, principal_cents, interest_cents) VALUES (?, ?, ?, ?, ?)",
            installments,
        )
    counts.accounts += len(rows)


def _schedule(a: dict[str, Any], principal: int, rate_bp: int, term: int, frequency: str) -> list[Row]:
    """The account's installments: rebuilt from its terms (``"schedule"``) or as listed."""
    spec = a.get("schedule")
    cur = a.get("currency", "PEN")
    if spec is None:
        return [(int(n), str(d), _cents(p, cur), _cents(i, cur)) for n, d, p, i in a["installments"]]
    if spec.get("kind") != "french":
        raise ValueError(f"schedule kind {spec.get('kind')!r}")
    if schedule_total(principal, rate_bp, term, frequency) != _cents(spec["total"], cur):
        raise ValueError(f"schedule of account {a['account_no']} does not add up")
    return schedule_rows(principal, rate_bp, term, date.fromisoformat(spec["first_due"]), frequency)


def _payments(conn: Connection, items: list[PaymentFacts], own: str, counts: PullCounts) -> None:
    items = [p for p in items if p.branch_code != own]
    if not items:
        return
    present = {
        u
        for (u,) in _select_in(
            conn, "SELECT uuid FROM payments WHERE uuid IN ({keys})", [p.payment_uuid for p in items]
        )
    }
    receipts = {
        r
        for (r,) in _select_in(
            conn,
            "SELECT receipt_no FROM payments WHERE receipt_no IN ({keys})",
            [p.receipt_no for p in items],
        )
    }
    accounts = dict(
        _select_in(
            conn, "SELECT uuid, id FROM accounts WHERE uuid IN ({keys})", [p.account_uuid for p in items]
        )
    )
    lines: list[tuple[Any, ...]] = []
    for p in items:
        if p.payment_uuid in present:
            continue
        if p.account_uuid not in accounts:
            _refuse(counts, p.payment_uuid, "unknown_account", f"{p.receipt_no}: account {p.account_no}")
            continue
        if p.receipt_no in receipts:
            _refuse(counts, p.payment_uuid, "receipt_taken", p.receipt_no)
            continue
        result = conn.exec_driver_sql(
            "INSERT INTO payments (uuid, receipt_no, account_id, amount_cents, method, method_kind, tendered_cents, "
            "change_cents, card_brand, card_last4, auth_code, operation_number, cashier_id, cashier_name, "
            "branch_code, register, created_at, business_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
            (
                p.payment_uuid, p.receipt_no, accounts[p.account_uuid], p.amount_cents, p.method, p.method_kind,
                p.tendered_cents, p.change_cents, p.card_brand, p.card_last4, p.auth_code, p.operation_number,
                p.cashier, p.branch_code, p.register, p.created_at, p.business_date,
            ),
        )  # fmt: skip
        payment_id = result.lastrowid
        present.add(p.payment_uuid)
        receipts.add(p.receipt_no)
        lines.extend(
            (
                payment_id,
                n,
                accounts[p.account_uuid],
                a.installment_no,
                a.late_fee_cents,
                a.interest_cents,
                a.principal_cents,
            )
            for n, a in enumerate(p.allocations, start=1)
        )
        counts.payments += 1
    if lines:
        conn.exec_driver_sql(
            "INSERT INTO payment_allocations (payment_id, line_no, account_id, installment_no, late_fee_cents, "
            "interest_cents, principal_cents) VALUES (?, ?, ?, ?, ?, ?, ?)",
            lines,
        )


def _voids(conn: Connection, items: list[VoidFacts], own: str, counts: PullCounts) -> None:
    items = [v for v in items if v.branch_code != own]
    if not items:
        return
    present = {
        u
        for (u,) in _select_in(
            conn, "SELECT uuid FROM payment_voids WHERE uuid IN ({keys})", [v.void_uuid for v in items]
        )
    }
    payments = dict(
        _select_in(
            conn, "SELECT uuid, id FROM payments WHERE uuid IN ({keys})", [v.payment_uuid for v in items]
        )
    )
    voided = {
        i
        for (i,) in _select_in(
            conn, "SELECT payment_id FROM payment_voids WHERE payment_id IN ({keys})", list(payments.values())
        )
    }
    rows = []
    for v in items:
        if v.void_uuid in present:
            continue
        payment_id = payments.get(v.payment_uuid)
        if payment_id is None:
            _refuse(counts, v.void_uuid, "unknown_payment", v.receipt_no)
            continue
        if payment_id in voided:
            _refuse(counts, v.void_uuid, "already_voided", v.receipt_no)
            continue
        voided.add(payment_id)
        present.add(v.void_uuid)
        rows.append(
            (
                v.void_uuid, payment_id, v.manager, v.requested_by, v.reason, v.branch_code, v.register,
                v.created_at, v.business_date,
            )
        )  # fmt: skip
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO payment_voids (uuid, payment_id, manager_id, manager_name, requested_by, reason, branch_code, "
            "register, created_at, business_date) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        counts.voids += len(rows)
