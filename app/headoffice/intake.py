"""Receiving the events a branch pushes: each stored exactly once, replays acknowledged the same way.

Contracts of :func:`receive` (one push request, one write transaction):
- An event that names a branch (``payload.branch_code``) must name the pushing branch; if any names
  another the whole batch is refused with :class:`ForeignEvent` (HTTP 403) and nothing is stored.
- An event id seen before with the same content (SHA-256 of its canonical JSON) gets the very same
  acknowledgement as the first time (``accepted`` with the first ``received_at``); nothing is written.
- An event id seen before with different content is refused (``conflict``, 409) and the new content is
  kept in ``held_events`` for review; the stored event is untouched.
- A payload that is not a valid payment or void is refused (``invalid``, 422) and kept for review.
- Every other event is stored in ``received_events`` and acknowledged ``accepted``: drawer sessions,
  cash moves, Z reports and any other well-named kind are kept as received. A payment on a known
  account becomes a head office payment (with its allocation lines) and a feed entry; a void of a
  known, not yet voided payment becomes a void and a feed entry. An accepted event that cannot be
  applied (unknown account or payment, a payment voided twice, a payment id or receipt number already
  taken) is still acknowledged (the branch must not send it again) and is held for review.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.headoffice import feed
from app.headoffice.branches import now_utc
from app.headoffice.models import (
    BranchPayment,
    BranchPaymentAllocation,
    BranchVoid,
    HeldEvent,
    MasterAccount,
    ReceivedEvent,
)
from app.headoffice.payloads import (
    InvalidEvent,
    PaymentFacts,
    VoidFacts,
    canonical_json,
    content_hash,
    event_branch,
    parse_payment,
    parse_void,
)
from app.headoffice.store import HeadOfficeStore

CHUNK = 900  # bound parameters per IN (...) lookup
RECORD_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True, slots=True)
class IncomingEvent:
    event_id: str
    kind: str
    payload: Any


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """What head office says about one event; identical for every replay of the same event."""

    event_id: str
    status: str  # accepted | conflict | invalid
    code: int  # 200 | 409 | 422
    received_at: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class IntakeResult:
    acknowledgements: tuple[Acknowledgement, ...]
    stored: int  # events stored by this request (not replays)

    @property
    def accepted(self) -> int:
        return sum(a.status == "accepted" for a in self.acknowledgements)

    @property
    def refused(self) -> int:
        return len(self.acknowledgements) - self.accepted


class ForeignEvent(Exception):
    """An event in the batch says it comes from another branch (HTTP 403)."""

    def __init__(self, event_id: str, claimed: str | None) -> None:
        super().__init__(f"event {event_id} belongs to branch {claimed!r}")
        self.event_id = event_id
        self.claimed = claimed


def insert_ignoring_duplicates(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT rows, skipping any that hit a unique constraint (SQLite and PostgreSQL)."""
    if not rows:
        return
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def _lookup(conn: Connection, column: Any, keys: Sequence[Any], *extra: Any) -> list[Any]:
    out: list[Any] = []
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK):
        out.extend(
            conn.execute(select(column, *extra).where(column.in_(unique[start : start + CHUNK]))).all()
        )
    return out


class _Batch:
    """The writes of one push, gathered while the events are classified, then done in bulk."""

    def __init__(self, conn: Connection, branch_code: str, now: str) -> None:
        self.conn = conn
        self.branch_code = branch_code
        self.now = now
        self.received: list[dict[str, Any]] = []
        self.held: list[dict[str, Any]] = []
        self.payments: list[tuple[PaymentFacts, str]] = []
        self.voids: list[tuple[VoidFacts, str]] = []
        self.feed: list[feed.NewEntry] = []
        self.feed_owner: list[int] = []  # index into self.received of each feed entry
        self.accounts: dict[str, int] = {}  # account uuid -> id, for the payments
        self.paid: dict[str, int] = {}  # payment uuid -> id, for the voids
        self.resolved: list[int] = []  # held events applied now

    def hold(
        self, event: IncomingEvent, digest: str, reason: str, detail: str, subject: str | None = None
    ) -> None:
        self.held.append(
            {
                "event_uuid": event.event_id,
                "branch_code": self.branch_code,
                "kind": event.kind[:32],
                "payload": canonical_json(event.payload),
                "content_hash": digest,
                "reason": reason,
                "detail": detail[:2000],
                "received_at": self.now,
                "subject_uuid": subject,
                "resolved_at": None,
            }
        )


def receive(store: HeadOfficeStore, branch_code: str, events: Sequence[IncomingEvent]) -> IntakeResult:
    """Store a pushed batch; see the module contract. Safe to call from many threads at once."""
    for e in events:
        claimed = event_branch(e.kind, e.payload)
        if claimed is not None and claimed != branch_code:
            raise ForeignEvent(e.event_id, claimed)
    texts = [canonical_json(e.payload) for e in events]
    digests = [content_hash(e.kind, e.payload, t) for e, t in zip(events, texts, strict=True)]
    canonical = {e.event_id: t for e, t in zip(events, texts, strict=True)}
    for attempt in range(3):
        try:
            with store.write() as conn:
                return _receive(conn, branch_code, events, digests, canonical)
        except IntegrityError:
            # Another request stored some of these events at the same moment (a client retrying
            # while its first try was still running): classify again against what is now there.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _receive(
    conn: Connection,
    branch_code: str,
    events: Sequence[IncomingEvent],
    digests: list[str],
    canonical: dict[str, str],
) -> IntakeResult:
    now = now_utc()
    batch = _Batch(conn, branch_code, now)
    known = {
        r.event_uuid: (r.content_hash, r.received_at)
        for r in _lookup(
            conn,
            ReceivedEvent.event_uuid,
            [e.event_id for e in events],
            ReceivedEvent.content_hash,
            ReceivedEvent.received_at,
        )
    }
    acks: list[Acknowledgement] = []
    fresh: list[tuple[IncomingEvent, str, Any]] = []
    for e, digest in zip(events, digests, strict=True):
        if e.event_id in known:
            stored_hash, received_at = known[e.event_id]
            if stored_hash == digest:
                acks.append(Acknowledgement(e.event_id, "accepted", 200, received_at))
            else:
                batch.hold(e, digest, "conflict", f"stored content hash {stored_hash}")
                acks.append(Acknowledgement(e.event_id, "conflict", 409, None, "conflict"))
            continue
        try:
            facts: Any = None
            if e.kind == "payment":
                facts = parse_payment(e.payload)
            elif e.kind == "void":
                facts = parse_void(e.payload)
            elif not RECORD_KIND.match(e.kind):
                raise InvalidEvent(f"kind: {e.kind!r} is not a valid event kind")
        except InvalidEvent as bad:
            batch.hold(e, digest, "invalid", str(bad))
            acks.append(Acknowledgement(e.event_id, "invalid", 422, None, str(bad)[:300]))
            continue
        known[e.event_id] = (digest, now)
        acks.append(Acknowledgement(e.event_id, "accepted", 200, now))
        fresh.append((e, digest, facts))
    _apply(batch, fresh, canonical)
    _write(batch)
    return IntakeResult(tuple(acks), len(batch.received))


def _apply(batch: _Batch, fresh: list[tuple[IncomingEvent, str, Any]], canonical: dict[str, str]) -> None:
    """Decide what each new event does to the head office ledger (see the module contract).

    Payments go first, then voids, so a void may come before its payment in the batch; a void whose
    payment has not arrived at all waits in ``held_events`` and is applied when the payment comes."""
    conn = batch.conn
    for e, digest, _facts in fresh:
        batch.received.append(
            {
                "event_uuid": e.event_id,
                "branch_code": batch.branch_code,
                "kind": e.kind,
                "payload": canonical[e.event_id],
                "content_hash": digest,
                "received_at": batch.now,
                "feed_seq": None,
            }
        )
    owners = {e.event_id: i for i, (e, _, _) in enumerate(fresh)}
    pay = [(e, d, f) for e, d, f in fresh if isinstance(f, PaymentFacts)]
    batch.accounts = {
        u: i
        for u, i in _lookup(conn, MasterAccount.uuid, [f.account_uuid for _, _, f in pay], MasterAccount.id)
    }
    taken_ids = {r[0] for r in _lookup(conn, BranchPayment.uuid, [f.payment_uuid for _, _, f in pay])}
    taken_receipts = {
        r[0] for r in _lookup(conn, BranchPayment.receipt_no, [f.receipt_no for _, _, f in pay])
    }
    for e, digest, facts in pay:
        if facts.account_uuid not in batch.accounts:
            batch.hold(
                e,
                digest,
                "unknown_account",
                f"account {facts.account_no} ({facts.account_uuid})",
                facts.account_uuid,
            )
        elif facts.payment_uuid in taken_ids or facts.receipt_no in taken_receipts:
            batch.hold(e, digest, "duplicate_payment", f"payment {facts.payment_uuid} / {facts.receipt_no}")
        else:
            taken_ids.add(facts.payment_uuid)
            taken_receipts.add(facts.receipt_no)
            batch.payments.append((facts, e.event_id))
            batch.feed.append(
                feed.NewEntry(
                    "payment",
                    facts.payment_uuid,
                    batch.received[owners[e.event_id]]["payload"],
                    facts.branch_code,
                )
            )
            batch.feed_owner.append(owners[e.event_id])
    voids: list[tuple[IncomingEvent, str, VoidFacts]] = [
        (e, d, f) for e, d, f in fresh if isinstance(f, VoidFacts)
    ]
    waiting = _waiting_voids(batch, [f.payment_uuid for f, _ in batch.payments])
    batch_paid = {f.payment_uuid for f, _ in batch.payments}
    batch.paid = {
        r.uuid: r.id
        for r in _lookup(
            conn,
            BranchPayment.uuid,
            [f.payment_uuid for _, _, f in voids] + [f.payment_uuid for _, _, f in waiting],
            BranchPayment.id,
        )
    }
    voided = (
        {r[0] for r in _lookup(conn, BranchVoid.payment_id, list(batch.paid.values()))}
        if batch.paid
        else set()
    )
    voided_uuids = {u for u, pid in batch.paid.items() if pid in voided}
    void_ids = {r[0] for r in _lookup(conn, BranchVoid.uuid, [f.void_uuid for _, _, f in voids + waiting])}
    for e, digest, void in waiting + voids:
        resumed = e.event_id not in owners
        if void.payment_uuid not in batch.paid and void.payment_uuid not in batch_paid:
            batch.hold(
                e,
                digest,
                "unknown_payment",
                f"payment {void.payment_uuid} ({void.receipt_no})",
                void.payment_uuid,
            )
            continue
        if void.payment_uuid in voided_uuids:
            batch.hold(e, digest, "already_voided", f"payment {void.payment_uuid} ({void.receipt_no})")
            continue
        if void.void_uuid in void_ids:
            batch.hold(e, digest, "duplicate_void", f"void {void.void_uuid}")
            continue
        voided_uuids.add(void.payment_uuid)
        void_ids.add(void.void_uuid)
        batch.voids.append((void, e.event_id))
        batch.feed.append(feed.NewEntry("void", void.void_uuid, canonical_json(e.payload), void.branch_code))
        batch.feed_owner.append(-1 if resumed else owners[e.event_id])


def _waiting_voids(batch: _Batch, payment_uuids: list[str]) -> list[tuple[IncomingEvent, str, VoidFacts]]:
    """Voids held earlier because their payment had not arrived, for payments arriving now; they are
    marked resolved in this transaction."""
    if not payment_uuids:
        return []
    rows = _lookup(
        batch.conn, HeldEvent.subject_uuid, payment_uuids, HeldEvent.id, HeldEvent.event_uuid, HeldEvent.payload,
        HeldEvent.content_hash, HeldEvent.reason, HeldEvent.resolved_at,
    )  # fmt: skip
    found = []
    for row in rows:
        if row.reason != "unknown_payment" or row.resolved_at is not None:
            continue
        payload = json.loads(row.payload)
        found.append((IncomingEvent(row.event_uuid, "void", payload), row.content_hash, parse_void(payload)))
        batch.resolved.append(row.id)
    return found


def _write(batch: _Batch) -> None:
    conn = batch.conn
    seqs = feed.append(conn, batch.feed, batch.now)
    for owner, seq in zip(batch.feed_owner, seqs, strict=True):
        if owner >= 0:
            batch.received[owner]["feed_seq"] = seq
    if batch.resolved:
        conn.execute(update(HeldEvent).where(HeldEvent.id.in_(batch.resolved)).values(resolved_at=batch.now))
    if batch.received:
        conn.execute(insert(ReceivedEvent), batch.received)
    insert_ignoring_duplicates(conn, HeldEvent.__table__, batch.held)  # type: ignore[arg-type]
    accounts = batch.accounts
    paid = dict(batch.paid)
    if batch.payments:
        rows = [
            {
                "uuid": f.payment_uuid,
                "receipt_no": f.receipt_no,
                "account_id": accounts[f.account_uuid],
                "branch_code": f.branch_code,
                "register": f.register,
                "amount_cents": f.amount_cents,
                "method": f.method,
                "method_kind": f.method_kind,
                "cashier": f.cashier,
                "created_at": f.created_at,
                "business_date": f.business_date,
                "event_uuid": event_id,
            }
            for f, event_id in batch.payments
        ]
        conn.execute(insert(BranchPayment), rows)
        ids = _lookup(conn, BranchPayment.uuid, [r["uuid"] for r in rows], BranchPayment.id)
        paid.update({u: i for u, i in ids})
        lines = [
            {
                "payment_id": paid[f.payment_uuid],
                "line_no": n,
                "installment_no": a.installment_no,
                "late_fee_cents": a.late_fee_cents,
                "interest_cents": a.interest_cents,
                "principal_cents": a.principal_cents,
            }
            for f, _ in batch.payments
            for n, a in enumerate(f.allocations, start=1)
        ]
        conn.execute(insert(BranchPaymentAllocation), lines)
    if batch.voids:
        conn.execute(
            insert(BranchVoid),
            [
                {
                    "uuid": f.void_uuid,
                    "payment_id": paid[f.payment_uuid],
                    "branch_code": f.branch_code,
                    "register": f.register,
                    "manager": f.manager,
                    "reason": f.reason,
                    "created_at": f.created_at,
                    "business_date": f.business_date,
                    "event_uuid": event_id,
                }
                for f, event_id in batch.voids
            ],
        )
